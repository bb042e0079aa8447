import numpy as np
import pytest

from generator.experiments import overfitting
from generator.figures import regularization
from generator.results import load_results
from tests.figures.common import (
    REPO,
    SEEDS,
    check_section_page,
    figure_spec,
    figure_text,
    quick_results,
    render_pages,
    with_metrics,
)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (overfitting.EXPERIMENT,))


@pytest.fixture(scope="module")
def result(results_dir):
    return load_results(results_dir)["overfitting"]


def test_variant_order_is_the_one_templates_index_by():
    assert overfitting.VARIANTS == ("baseline", "weight-decay", "dropout")
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "regularization.md.j2").read_text()
        assert '{% set V = {"baseline": 0, "weight-decay": 1, "dropout": 2} %}' in text


def test_every_figure_draws_the_overfitting_experiment():
    assert all(f.experiment == "overfitting" for f in regularization.FIGURES)


def test_claims_point_at_the_three_accuracy_figures():
    assert {c.figure for c in overfitting.CLAIMS} == {
        "fig-overfitting-baseline", "fig-overfitting-weight-decay", "fig-overfitting-dropout"}


@pytest.mark.parametrize("variant", overfitting.VARIANTS)
def test_accuracy_figure_states_the_claims_statistic(variant, result):
    figure_id = "fig-overfitting-baseline" if variant == "baseline" else f"fig-overfitting-{variant}"
    fig = figure_spec(figure_id).draw(result, "en")
    train = overfitting.final(result.metrics, "train_acc", variant).mean()
    test = overfitting.final(result.metrics, "test_acc", variant).mean()
    assert f"train {train:.1%}, test {test:.1%}" in figure_text(fig)


def test_accuracy_data_has_a_row_per_variant_seed_and_epoch(result):
    epochs = result.config["epochs"] + 1
    header, rows = figure_spec("fig-overfitting-baseline").data(result)
    assert header == ["variant", "seed", "epoch", "train_acc", "test_acc"]
    assert len(rows) == len(SEEDS) * epochs
    header, rows = figure_spec("fig-overfitting-dropout").data(result)
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
    train = np.array(result.metrics.train_acc, dtype=np.float64)
    train[1, 0, 2:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, 0] = 3
    fake = with_metrics(result, train_acc=train, diverged_at=diverged_at)
    fig = regularization.draw_accuracy(fake, "baseline", "en")
    assert "1/2 seeds diverged" in figure_text(fig)


def test_page_renders_numbers_from_results_in_both_languages(results_dir, result, tmp_path):
    pages = render_pages(results_dir, tmp_path, ("regularization",), regularization.FIGURES)["regularization"]
    check_section_page(pages, "regularization", regularization.FIGURES)
    for page in pages.values():
        body = page.split("{ #claims-regularization }")[0]
        for variant in overfitting.VARIANTS:
            assert f"{100 * overfitting.final(result.metrics, 'test_acc', variant).mean():.1f}%" in body
        assert f"\\lambda = {result.config['weight_decay']}" in body
        assert "—" not in body
