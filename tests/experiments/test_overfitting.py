import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import overfitting
from generator.experiments.overfitting import VARIANTS, figures, final
from generator.experiments.overfitting.train import run
from tests.support import SEEDS, figure_spec, figure_text, load, quick_results, with_metrics

EXPERIMENT = overfitting.EXPERIMENT


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "overfitting")


def test_overfitting_quick_metrics_have_seed_and_variant_axes():
    config = EXPERIMENT.preset("quick")
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, V, E = 2, len(VARIANTS), config.epochs + 1
    assert metrics["train_acc"].shape == metrics["test_acc"].shape == (S, V, E)
    iterations = config.epochs * (config.n_train // config.batch_size)
    assert metrics["loss"].shape == (S, V, iterations)
    assert np.isfinite(metrics["train_acc"]).all() and (metrics["diverged_at"] == -1).all()


def test_overfitting_variants_differ_only_in_their_regulariser():
    config = EXPERIMENT.preset("quick")
    assert config.variant_settings() == ((0.0, 0.0), (config.weight_decay, 0.0), (0.0, config.dropout_ratio))


def test_overfitting_result_records_the_variant_axis_with_labels(result):
    axis = result.axes["variant"]
    assert axis.values == VARIANTS
    assert axis.label("weight-decay", "en") == f"weight decay (λ = {result.config['weight_decay']:g})"
    assert axis.label("dropout", "ko") == f"드롭아웃 (비율 {result.config['dropout_ratio']:g})"


def test_overfitting_claims_point_at_the_three_accuracy_figures():
    assert {c.figure for c in EXPERIMENT.claims} == {
        "fig-overfitting-baseline", "fig-overfitting-weight-decay", "fig-overfitting-dropout"}


def test_overfitting_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["overfitting-test-lags"] == "book 6.4.1"
    assert sources["dropout-keeps-test-accuracy"] == "site"


@pytest.mark.parametrize("variant", VARIANTS)
def test_accuracy_figure_states_the_claims_statistic(variant, result):
    figure_id = "fig-overfitting-baseline" if variant == "baseline" else f"fig-overfitting-{variant}"
    fig = figure_spec(EXPERIMENT, figure_id).draw(result, "en")
    train = final(result.metrics, "train_acc", variant).mean()
    test = final(result.metrics, "test_acc", variant).mean()
    assert f"train {train:.1%}, test {test:.1%}" in figure_text(fig)


def test_accuracy_data_has_a_row_per_variant_seed_and_epoch(result):
    epochs = result.config["epochs"] + 1
    header, rows = figure_spec(EXPERIMENT, "fig-overfitting-baseline").data(result)
    assert header == ["variant", "seed", "epoch", "train_acc", "test_acc"]
    assert len(rows) == len(SEEDS) * epochs
    header, rows = figure_spec(EXPERIMENT, "fig-overfitting-dropout").data(result)
    assert [r[0] for r in rows[:: epochs * len(SEEDS)]] == ["dropout", "baseline"]  # the grey comparison lines
    d = VARIANTS.index("dropout")
    assert rows[len(SEEDS) * epochs - 1][3:] == [result.metrics.train_acc[-1, d, -1], result.metrics.test_acc[-1, d, -1]]


def test_gap_data_is_training_minus_test(result):
    header, rows = figures.data_gap(result)
    assert header == ["variant", "seed", "epoch", "train_minus_test_acc"]
    epochs = result.config["epochs"] + 1
    assert len(rows) == len(VARIANTS) * len(SEEDS) * epochs
    m = result.metrics
    assert rows[-1][3] == pytest.approx(m.train_acc[-1, -1, -1] - m.test_acc[-1, -1, -1])


def test_diverged_seed_is_named_on_the_figure(result):
    train = np.array(result.metrics.train_acc, dtype=np.float64)
    train[1, 0, 2:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, 0] = 3
    fake = with_metrics(result, train_acc=train, diverged_at=diverged_at)
    fig = figures.draw_accuracy(fake, "baseline", "en")
    assert "1/2 seeds diverged" in figure_text(fig)
