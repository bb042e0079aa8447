"""Which experiments a page shows, and in what order: from their declarations and the page's template."""

from dataclasses import dataclass

from generator.experiments import EXPERIMENTS
from generator.site.facts import page_experiments, placed_figures


@dataclass(frozen=True)
class Spec:
    id: str


@dataclass(frozen=True)
class FakeExperiment:
    id: str
    page: str
    figures: tuple[str, ...]

    def figure_specs(self):
        return tuple(Spec(f) for f in self.figures)


def test_placed_figures_reads_figure_calls_in_template_order():
    template = '{{ figure("fig-b") }} text {% if ko %}{{ fig("fig-x") }}{% endif %} {{ figure("fig-a") }}'
    assert placed_figures(template) == ("fig-b", "fig-a")


def test_page_experiments_follow_the_declared_page_and_the_templates_figure_order():
    experiments = (
        FakeExperiment("first-declared", "batch-norm", ("fig-late",)),
        FakeExperiment("second-declared", "batch-norm", ("fig-early", "fig-early-2")),
        FakeExperiment("elsewhere", "optimizers", ("fig-o",)),
    )
    templates = {"batch-norm": '{{ figure("fig-early") }}{{ figure("fig-early-2") }}{{ figure("fig-late") }}',
                 "optimizers": '{{ figure("fig-o") }}'}
    pages = page_experiments(experiments, lambda slug: templates.get(slug, ""))
    assert pages["batch-norm"] == ("second-declared", "first-declared")
    assert pages["optimizers"] == ("elsewhere",)
    assert pages["summary"] == ()


def test_every_experiment_is_shown_on_exactly_the_page_it_declares():
    from pathlib import Path

    from generator.site.render import template_name

    templates = Path(__file__).resolve().parents[3] / "templates"
    pages = page_experiments(EXPERIMENTS, lambda slug: (templates / template_name(templates, slug, "ko")).read_text(encoding="utf-8"))
    shown = [e for ids in pages.values() for e in ids]
    assert sorted(shown) == sorted(e.id for e in EXPERIMENTS)
    assert pages["initialization"] == ("init-symmetry", "activation-histograms", "init-compare")


def test_settings_reads_a_result_config_as_its_experiments_config(tmp_path_factory):
    from generator.experiments import by_id
    from generator.site.facts import settings
    from tests.support import load, quick_results

    config = settings(load(quick_results(tmp_path_factory, (by_id("overfitting"),)), "overfitting"))
    assert config == by_id("overfitting").presets["quick"]
    assert isinstance(config.hidden_sizes, tuple)
