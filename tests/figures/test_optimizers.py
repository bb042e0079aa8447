import re
import shutil
from pathlib import Path

import matplotlib.figure
import numpy as np
import pytest

from generator import runner
from generator.experiments import optimizer_compare, optimizer_paths
from generator.figures import FIGURES, optimizers
from generator.render import PAGES, render_site
from generator.results import load_results

REPO = Path(__file__).resolve().parents[2]
EXPERIMENTS = (optimizer_paths.EXPERIMENT, optimizer_compare.EXPERIMENT)
SEEDS = (0, 1)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    """Quick-preset results of both optimizer experiments, written as the runner writes them."""
    root = tmp_path_factory.mktemp("optimizers")
    r = runner.Runner(results_dir=root / "results", cache_dir=root / "cache", warn=lambda message: None)
    r.run([(e, "quick", e.preset("quick")) for e in EXPERIMENTS], seeds=list(SEEDS))
    runner.write_claims(root / "results")
    return root / "results"


@pytest.fixture(scope="module")
def results(results_dir):
    return load_results(results_dir)


def test_optimizer_order_is_the_one_templates_index_by():
    # templates/*/optimizers.md.j2 index the metrics' optimizer axis with this list
    order = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
    assert optimizer_paths.OPTIMIZERS == order
    assert optimizer_compare.OPTIMIZERS == order
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "optimizers.md.j2").read_text()
        assert '{% set names = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"] %}' in text


def test_figures_registered_in_page_order():
    ids = [f.id for f in FIGURES if f.page == "optimizers"]
    assert ids == [f.id for f in optimizers.FIGURES]
    assert all(f.page == "optimizers" for f in optimizers.FIGURES)


def test_claim_figures_are_figures_of_their_experiment():
    by_id = {f.id: f for f in optimizers.FIGURES}
    for experiment in EXPERIMENTS:
        for claim in experiment.claims:
            assert claim.figure in by_id, claim.id
            assert by_id[claim.figure].experiment == experiment.id, claim.id


@pytest.mark.parametrize("spec", optimizers.FIGURES, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ("ko", "en"))
def test_figure_draws_from_quick_result_in_each_language(spec, lang, results):
    fig = spec.draw(results[spec.experiment], lang)
    assert isinstance(fig, matplotlib.figure.Figure)
    text = " ".join(t.get_text() for ax in fig.axes for t in [ax.xaxis.label, ax.yaxis.label, ax.title, *ax.texts])
    if lang == "ko":
        assert re.search("[가-힣]", text), spec.id
    else:
        assert not re.search("[가-힣]", text), spec.id


def test_paths_data_has_a_row_per_seed_optimizer_and_point(results):
    result = results["optimizer-paths"]
    header, rows = optimizers.data_paths(result)
    assert header == ["optimizer", "lr", "seed", "step", "x", "y", "f", "distance"]
    steps = result.config["steps"]
    assert len(rows) == len(SEEDS) * len(optimizer_paths.OPTIMIZERS) * (steps + 1)
    first = rows[0]
    assert first[:4] == ["SGD", result.config["lr_sgd"], 0, 0]
    assert (first[4], first[5]) == (result.config["start_x"], result.config["start_y"])
    last_sgd = rows[steps]
    assert last_sgd[7] == pytest.approx(result.metrics.final_distance[0, 0])


def test_distance_data_matches_final_distance(results):
    result = results["optimizer-paths"]
    header, rows = optimizers.data_distance(result)
    assert header == ["optimizer", "seed", "step", "distance"]
    steps = result.config["steps"]
    finals = {(r[0], r[1]): r[3] for r in rows if r[2] == steps}
    for i, name in enumerate(optimizer_paths.OPTIMIZERS):
        assert finals[(name, 0)] == pytest.approx(result.metrics.final_distance[0, i])


def test_compare_loss_data_has_raw_and_smoothed_loss_per_iteration(results):
    result = results["optimizer-compare"]
    header, rows = optimizers.data_compare_loss(result)
    assert header == ["optimizer", "seed", "iteration", "loss", "smoothed_loss"]
    iterations = result.config["iterations"]
    assert len(rows) == len(SEEDS) * len(optimizer_compare.OPTIMIZERS) * iterations
    assert rows[0][:3] == ["SGD", 0, 1] and rows[iterations - 1][2] == iterations
    assert rows[0][3] == pytest.approx(result.metrics.loss[0, 0, 0])


def test_compare_accuracy_data_has_a_row_per_seed_and_optimizer(results):
    result = results["optimizer-compare"]
    header, rows = optimizers.data_compare_accuracy(result)
    assert header == ["optimizer", "seed", "test_acc", "diverged_at"]
    assert len(rows) == len(SEEDS) * len(optimizer_compare.OPTIMIZERS)
    assert rows[1][:2] == ["SGD", 1] and rows[1][2] == pytest.approx(result.metrics.test_acc[1, 0])


def test_smooth_curve_keeps_length_and_constants():
    assert np.allclose(optimizers.smooth_curve(np.full(50, 3.0)), 3.0)
    assert optimizers.smooth_curve(np.arange(2000.0)).shape == (2000,)
    x = np.arange(40.0)
    assert np.allclose(optimizers.smooth_curve(x)[10:30], x[10:30])  # a symmetric window leaves a line alone


def test_smooth_curve_short_curve_gets_a_narrower_window():
    x = np.array([1.0, 5.0, 1.0, 5.0, 1.0])
    smooth = optimizers.smooth_curve(x)
    assert smooth.shape == x.shape and smooth.max() < 5.0
    assert np.array_equal(optimizers.smooth_curve(np.array([2.0, 4.0])), [2.0, 4.0])


def test_smoothed_losses_leave_diverged_seed_nan_from_divergence_on(results):
    result = results["optimizer-compare"]
    loss = np.array(result.metrics.loss, dtype=np.float64)
    diverged_at = np.array(result.metrics.diverged_at)
    loss[1, 2, 7:] = np.nan
    diverged_at[1, 2] = 8

    class Metrics(dict):
        __getattr__ = dict.__getitem__

    fake = type("R", (), {"metrics": Metrics(loss=loss, diverged_at=diverged_at), "seeds": result.seeds})()
    smooth, diverged = optimizers.smoothed_losses(fake, 2)
    assert diverged.tolist() == [False, True]
    assert np.isfinite(smooth[1, :7]).all() and np.isnan(smooth[1, 7:]).all()
    assert np.isfinite(smooth[0]).all()


def _templates(tmp_path):
    """The page templates of this module plus a bare page for every other slug."""
    root = tmp_path / "templates"
    for lang in ("ko", "en"):
        (root / lang).mkdir(parents=True)
        for slug in PAGES:
            source = REPO / "templates" / lang / f"{slug}.md.j2"
            if slug in ("optimizers", "summary"):
                shutil.copy(source, root / lang / source.name)
            else:
                (root / lang / f"{slug}.md.j2").write_text(
                    f"# {slug} {{ #{slug} }}\n\n{{% for f in figures %}}{{{{ figure(f.id) }}}}\n\n{{% endfor %}}"
                )
    shutil.copy(REPO / "templates" / "macros.md.j2", root / "macros.md.j2")
    return root


def test_pages_render_numbers_from_results_in_both_languages(results_dir, results, tmp_path):
    out = tmp_path / "site_src"
    render_site(results_dir, out, _templates(tmp_path), figures=optimizers.FIGURES, config_file=REPO / "mkdocs.yml")
    paths = results["optimizer-paths"].metrics
    compare = results["optimizer-compare"].metrics
    ids = {}
    for lang in ("ko", "en"):
        page = (out / lang / "optimizers.md").read_text()
        assert f"{paths.final_distance[0, 0]:.3f}" in page  # SGD's distance in the table
        assert f"{100 * np.mean(compare.test_acc[:, 5]):.1f}%" in page  # Adam's test accuracy
        for figure in optimizers.FIGURES:
            assert f'id="{figure.id}"' in page
        assert "—" not in page.split("{ #claims-optimizers }")[0]  # num() and pct() print NaN as —
        ids[lang] = re.findall(r"\{ #([\w-]+) \}", page)
    assert ids["ko"] == ids["en"]


def test_summary_renders_with_only_some_experiments(results_dir, results, tmp_path):
    # Only the optimizer experiments ran: their take-away carries numbers, the others only text.
    out = tmp_path / "site_src"
    render_site(results_dir, out, _templates(tmp_path), figures=optimizers.FIGURES, config_file=REPO / "mkdocs.yml")
    accuracy = results["optimizer-compare"].metrics.test_acc
    ids = {}
    for lang in ("ko", "en"):
        summary = (out / lang / "summary.md").read_text()
        assert "optimizers.md#claim-optimizer-compare-adam-below-sgd" in summary
        assert f"{100 * np.mean(accuracy[:, 0]):.1f}%" in summary  # SGD's test accuracy
        assert "regularization.md#claim-" not in summary
        assert "—" not in summary
        ids[lang] = re.findall(r"\{ #([\w-]+) \}", summary)
    assert ids["ko"] == ids["en"] and len(ids["ko"]) == 6
