import re
import shutil
from pathlib import Path

import matplotlib.figure
import numpy as np
import pytest

from generator import runner
from generator.experiments import overfitting
from generator.figures import FIGURES, regularization
from generator.render import PAGES, render_site
from generator.results import load_results

REPO = Path(__file__).resolve().parents[2]
SEEDS = (0, 1)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    """Quick-preset result of the overfitting experiment, written as the runner writes it."""
    root = tmp_path_factory.mktemp("regularization")
    r = runner.Runner(results_dir=root / "results", cache_dir=root / "cache", warn=lambda message: None)
    e = overfitting.EXPERIMENT
    r.run([(e, "quick", e.preset("quick"))], seeds=list(SEEDS))
    runner.write_claims(root / "results")
    return root / "results"


@pytest.fixture(scope="module")
def result(results_dir):
    return load_results(results_dir)["overfitting"]


def spec(figure_id):
    return next(f for f in regularization.FIGURES if f.id == figure_id)


def test_variant_order_is_the_one_templates_index_by():
    assert overfitting.VARIANTS == ("baseline", "weight-decay", "dropout")
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "regularization.md.j2").read_text()
        assert '{% set V = {"baseline": 0, "weight-decay": 1, "dropout": 2} %}' in text


def test_figures_registered_in_page_order():
    ids = [f.id for f in FIGURES if f.page == "regularization"]
    assert ids == [f.id for f in regularization.FIGURES]
    assert all(f.page == "regularization" and f.experiment == "overfitting" for f in regularization.FIGURES)


def test_claim_figures_are_figures_of_the_experiment():
    ids = {f.id for f in regularization.FIGURES}
    assert {c.figure for c in overfitting.CLAIMS} == {
        "fig-overfitting-baseline", "fig-overfitting-weight-decay", "fig-overfitting-dropout"}
    assert {c.figure for c in overfitting.CLAIMS} <= ids


def texts(fig):
    out = []
    for ax in fig.axes:
        out += [ax.xaxis.label.get_text(), ax.yaxis.label.get_text(), ax.title.get_text()]
        out += [t.get_text() for t in ax.texts]
    for legend in fig.legends:
        out += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return " ".join(out)


@pytest.mark.parametrize("figure", regularization.FIGURES, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ("ko", "en"))
def test_figure_draws_from_quick_result_in_each_language(figure, lang, result):
    fig = figure.draw(result, lang)
    assert isinstance(fig, matplotlib.figure.Figure)
    text = texts(fig)
    if lang == "ko":
        assert re.search("[가-힣]", text), figure.id
    else:
        assert not re.search("[가-힣]", text), figure.id


@pytest.mark.parametrize("variant", overfitting.VARIANTS)
def test_accuracy_figure_states_the_claims_statistic(variant, result):
    figure_id = "fig-overfitting-baseline" if variant == "baseline" else f"fig-overfitting-{variant}"
    fig = spec(figure_id).draw(result, "en")
    train = overfitting.final(result.metrics, "train_acc", variant).mean()
    test = overfitting.final(result.metrics, "test_acc", variant).mean()
    assert f"train {train:.1%}, test {test:.1%}" in texts(fig)


def test_accuracy_data_has_a_row_per_variant_seed_and_epoch(result):
    epochs = result.config["epochs"] + 1
    header, rows = spec("fig-overfitting-baseline").data(result)
    assert header == ["variant", "seed", "epoch", "train_acc", "test_acc"]
    assert len(rows) == len(SEEDS) * epochs
    header, rows = spec("fig-overfitting-dropout").data(result)
    assert [r[0] for r in rows[:: epochs * len(SEEDS)]] == ["dropout", "baseline"]  # the grey comparison lines
    d = overfitting.VARIANTS.index("dropout")
    assert rows[len(SEEDS) * epochs - 1][3:] == [result.metrics.train_acc[-1, d, -1], result.metrics.test_acc[-1, d, -1]]


def test_gap_data_is_training_minus_test(result):
    header, rows = regularization.data_gap(result)
    assert header == ["variant", "seed", "epoch", "train_minus_test_acc"]
    epochs = result.config["epochs"] + 1
    assert len(rows) == len(overfitting.VARIANTS) * len(SEEDS) * epochs
    m = result.metrics
    assert rows[-1][3] == pytest.approx(m.train_acc[-1, -1, -1] - m.test_acc[-1, -1, -1])


def test_diverged_seed_is_named_on_the_figure(result):
    m = result.metrics

    class Metrics(dict):
        __getattr__ = dict.__getitem__

    train = np.array(m.train_acc, dtype=np.float64)
    train[1, 0, 2:] = np.nan
    diverged_at = np.array(m.diverged_at)
    diverged_at[1, 0] = 3
    metrics = Metrics(train_acc=train, test_acc=np.array(m.test_acc), diverged_at=diverged_at)
    fake = type("R", (), {"metrics": metrics, "seeds": result.seeds, "config": result.config})()
    fig = regularization.draw_accuracy(fake, "baseline", "en")
    assert "1/2 seeds diverged" in texts(fig)


def _templates(tmp_path):
    """This page's templates plus a bare page for every other slug."""
    root = tmp_path / "templates"
    for lang in ("ko", "en"):
        (root / lang).mkdir(parents=True)
        for slug in PAGES:
            source = REPO / "templates" / lang / f"{slug}.md.j2"
            if slug == "regularization":
                shutil.copy(source, root / lang / source.name)
            else:
                (root / lang / f"{slug}.md.j2").write_text(f"# {slug} {{ #{slug} }}\n")
    shutil.copy(REPO / "templates" / "macros.md.j2", root / "macros.md.j2")
    return root


def test_page_renders_numbers_from_results_in_both_languages(results_dir, result, tmp_path):
    out = tmp_path / "site_src"
    render_site(results_dir, out, _templates(tmp_path), figures=regularization.FIGURES,
                config_file=REPO / "mkdocs.yml")
    ids = {}
    for lang in ("ko", "en"):
        page = (out / lang / "regularization.md").read_text()
        body = page.split("{ #claims-regularization }")[0]
        for variant in overfitting.VARIANTS:
            assert f"{100 * overfitting.final(result.metrics, 'test_acc', variant).mean():.1f}%" in body
        assert f"\\lambda = {result.config['weight_decay']}" in body
        assert "—" not in body
        assert "{{" not in page.split("??? quote")[0]
        positions = [page.index(f'id="{figure.id}"') for figure in regularization.FIGURES]
        assert positions == sorted(positions)
        ids[lang] = re.findall(r"\{ #([\w-]+) \}", page)
    assert ids["ko"] == ids["en"]
    assert "claims-regularization" in ids["ko"]
