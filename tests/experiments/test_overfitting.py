import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import overfitting
from generator.experiments.base import validate
from generator.experiments.overfitting import (
    VARIANTS,
    column,
    ensemble_gain,
    ensembles_of,
    figures,
    final,
    inverted_difference,
    member_accuracy,
    weight_growth,
)
from generator.experiments.overfitting.train import run
from tests.support import SEEDS, Metrics, figure_spec, figure_text, load, quick_results, with_metrics

EXPERIMENT = overfitting.EXPERIMENT
QUICK = EXPERIMENT.preset("quick")


def make_config(**overrides):
    return dataclasses.replace(QUICK, **overrides)


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist-10k")


@pytest.fixture(scope="module")
def metrics(data):
    return run(QUICK, data, seeds=SEEDS)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "overfitting")


def test_overfitting_quick_metrics_have_seed_and_variant_axes(metrics, data):
    S, V, K = len(SEEDS), len(QUICK.variants), len(QUICK.mc_masks)
    E = max(QUICK.epochs, QUICK.drop_epochs) + 1
    per_epoch = QUICK.n_train // QUICK.batch_size
    assert metrics["train_acc"].shape == metrics["test_acc"].shape == metrics["weight_norm"].shape == (S, V, E)
    assert metrics["loss"].shape == (S, V, (E - 1) * per_epoch)
    assert metrics["diverged_at"].shape == metrics["epochs"].shape == metrics["hidden_layers"].shape == (S, V)
    assert metrics["test_probs"].shape == (S, len(data.x_test), 10) and metrics["test_probs"].dtype == np.uint8
    assert metrics["test_labels"].shape == (S, len(data.x_test)) and metrics["mc_acc"].shape == (S, K)
    assert (metrics["diverged_at"] == -1).all() and np.isfinite(metrics["mc_acc"]).all()


def test_overfitting_runs_stop_at_their_own_epochs(metrics):
    for v, variant in enumerate(QUICK.runs()):
        train = metrics["train_acc"][:, v]
        assert np.isfinite(train[:, : variant.epochs + 1]).all(), variant.key
        assert np.isnan(train[:, variant.epochs + 1 :]).all(), variant.key
        assert np.isfinite(metrics["weight_norm"][:, v, : variant.epochs + 1]).all(), variant.key
    assert metrics["epochs"][0].tolist() == [v.epochs for v in QUICK.runs()]
    assert metrics["hidden_layers"][0].tolist() == [len(v.hidden_sizes) for v in QUICK.runs()]


def test_overfitting_seed_gives_the_same_bits_alone_and_in_a_group(metrics, data):
    alone = run(QUICK, data, seeds=SEEDS[1:])
    for name, value in metrics.items():
        assert np.array_equal(alone[name][0], value[1], equal_nan=True), name


def test_overfitting_inverted_dropout_starts_from_the_book_dropouts_numbers(metrics):
    book, inverted = VARIANTS.index("dropout"), VARIANTS.index("inverted-dropout")
    assert np.array_equal(metrics["weight_norm"][:, book, 0], metrics["weight_norm"][:, inverted, 0])
    # scaling every hidden output by 1 - r changes no argmax while the biases are zero
    assert np.array_equal(metrics["test_acc"][:, book, 0], metrics["test_acc"][:, inverted, 0])
    assert not np.array_equal(metrics["test_acc"][:, book, 1:], metrics["test_acc"][:, inverted, 1:])


def test_overfitting_runs_differ_only_in_what_they_compare():
    config = overfitting.PRESETS["book"]
    runs = {v.key: v for v in config.runs()}
    assert config.variants == (*VARIANTS, "layers-1", "layers-2", "layers-4")
    assert (runs["baseline"].epochs, runs["weight-decay"].epochs, runs["dropout"].epochs) == (201, 201, 301)
    assert runs["weight-decay"].weight_decay == 0.1 and runs["dropout"].dropout_ratio == 0.2
    assert dataclasses.replace(runs["inverted-dropout"], key="dropout", inverted=False) == runs["dropout"]
    assert dataclasses.replace(runs["layers-2"], key="baseline", hidden_sizes=config.hidden_sizes) == runs["baseline"]
    assert runs["layers-2"].hidden_sizes == (100, 100)


@pytest.mark.parametrize("overrides, message", [
    ({"fewer_layers": (2,)}, "fewer_layers: must ascend without repeats and stay below the 2 hidden layers"),
    ({"fewer_layers": (1, 1)}, "fewer_layers: must ascend"),
    ({"mc_masks": (2, 5)}, "mc_masks: must ascend without repeats from 1"),
])
def test_overfitting_config_refuses_runs_it_cannot_compare(overrides, message):
    with pytest.raises(UserError, match=message):
        validate(make_config(**overrides), "overfitting")


def test_overfitting_result_records_the_axes_with_labels(result):
    axis = result.axes["variant"]
    assert axis.values == QUICK.variants
    assert axis.label("weight-decay", "en") == f"weight decay (λ = {result.config['weight_decay']:g})"
    assert axis.label("dropout", "ko") == f"드롭아웃 (비율 {result.config['dropout_ratio']:g})"
    assert axis.label("inverted-dropout", "en") == f"inverted dropout (ratio {result.config['dropout_ratio']:g})"
    assert axis.label("layers-1", "ko") == "은닉층 1개" and axis.label("layers-1", "en") == "1 hidden layer"
    assert result.axes["masks"].values == QUICK.mc_masks and result.axes["masks"].label(3, "en") == "3 masks"


def test_overfitting_claims_are_computed_for_every_seed(metrics):
    for claim in EXPERIMENT.claims:
        row = claim.evaluate(metrics)
        assert row["seeds_total"] == len(SEEDS) and row["value"] is not None, claim.id


def test_overfitting_claims_point_at_their_figures():
    own = {spec.id for spec in EXPERIMENT.figure_specs()}
    figures_of = {c.id: c.figure for c in EXPERIMENT.claims}
    assert set(figures_of.values()) <= own
    assert figures_of["ensemble-beats-members"] == "fig-overfitting-ensemble"
    assert figures_of["inverted-dropout-matches-scaling"] == "fig-overfitting-inverted-dropout"


def test_overfitting_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["overfitting-test-lags"] == "book 6.4.1"
    assert sources["dropout-keeps-test-accuracy"] == "site"
    assert sources["smaller-network-smaller-gap"] == sources["ensemble-beats-members"] == "article §3"
    assert sources["overfitting-weights-grow"] == "article §1"


def test_overfitting_claims_other_pages_read_keep_their_ids():
    ids = {c.id for c in EXPERIMENT.claims}
    assert {"overfitting-test-lags", "weight-decay-shrinks-gap", "dropout-shrinks-gap"} <= ids
    assert {"n_train", "weight_decay", "dropout_ratio"} <= {f.name for f in dataclasses.fields(overfitting.Config)}


def hand_made(train, epochs, **extra):
    """Metrics of two seeds with train accuracy ``train`` (S, V, E) for the four runs, each stopping at ``epochs``."""
    S, V, _ = train.shape
    return Metrics(train_acc=train, test_acc=np.zeros_like(train), epochs=np.tile(epochs, (S, 1)),
                   hidden_layers=np.tile([6] * len(VARIANTS) + [1] * (V - len(VARIANTS)), (S, 1)),
                   diverged_at=np.full((S, V), -1), **extra)


def test_final_averages_each_run_over_its_own_last_epochs():
    train = np.full((2, 5, 6), np.nan)
    train[:, 0, :4] = [0.1, 0.2, 0.3, 0.4]
    train[:, 2, :] = [0.0, 0.1, 0.2, 0.3, 0.6, 0.8]
    train[:, 4, :4] = [0.5, 0.5, 0.7, 0.9]
    m = hand_made(train, [3, 3, 5, 5, 3])
    assert final(m, "train_acc", "baseline", last=2).tolist() == pytest.approx([0.35, 0.35])
    assert final(m, "train_acc", "dropout", last=2).tolist() == pytest.approx([0.7, 0.7])
    assert final(m, "train_acc", "layers-1", last=10).tolist() == pytest.approx([0.65, 0.65])
    assert column(m, "layers-1") == 4


def test_ensemble_gain_is_the_ensemble_over_each_member():
    labels = np.tile([0, 1, 2], (3, 1))
    probs = np.zeros((3, 3, 10), dtype=np.uint8)
    # seed 0 right on images 0 and 2, seed 1 right on 0 and 1, seed 2 right on 1 and 2
    probs[0, 0, :2], probs[0, 1, [1, 2]], probs[0, 2, 2] = (200, 55), (100, 155), 255
    probs[1, 0, 0], probs[1, 1, 1], probs[1, 2, :2] = 255, 255, (30, 25)
    probs[2, 0, :2], probs[2, 1, 1], probs[2, 2, 2] = (100, 155), 255, 255
    m = Metrics(test_probs=probs, test_labels=labels, diverged_at=np.full((3, 4), -1))
    assert member_accuracy(m).tolist() == pytest.approx([2 / 3] * 3)
    assert ensemble_gain(m).tolist() == pytest.approx([1 / 3] * 3)  # averaged, all three images are right
    assert [members for members, _ in ensembles_of(m, 2)] == [(0, 1), (0, 2), (1, 2)]
    m["diverged_at"] = np.array([[-1] * 4, [5, -1, -1, -1], [-1] * 4])
    gain = ensemble_gain(m)
    assert np.isnan(gain[1]) and [members for members, _ in ensembles_of(m, 2)] == [(0, 2)]


def test_inverted_difference_is_over_the_book_runs_spread():
    test = np.zeros((3, 4, 2))
    test[:, VARIANTS.index("dropout")] = [[0.5, 0.5], [0.6, 0.6], [0.7, 0.7]]
    test[:, VARIANTS.index("inverted-dropout")] = [[0.55, 0.55], [0.9, 0.9], [0.7, 0.7]]
    m = Metrics(test_acc=test, epochs=np.ones((3, 4), dtype=int))
    assert inverted_difference(m).tolist() == pytest.approx([0.25, 1.5, 0.0])


def test_weight_growth_is_the_baselines_last_over_its_first():
    norm = np.full((1, 4, 4), np.nan)
    norm[0, 0, :3] = [2.0, 3.0, 5.0]
    m = Metrics(weight_norm=norm, epochs=np.array([[2, 2, 3, 3]]))
    assert weight_growth(m).tolist() == [2.5]


@pytest.mark.parametrize("variant", ("baseline", "weight-decay", "dropout"))
def test_accuracy_figure_states_the_claims_statistic(variant, result):
    figure_id = "fig-overfitting-baseline" if variant == "baseline" else f"fig-overfitting-{variant}"
    fig = figure_spec(EXPERIMENT, figure_id).draw(result, "en")
    train = final(result.metrics, "train_acc", variant).mean()
    test = final(result.metrics, "test_acc", variant).mean()
    assert f"train {train:.1%}, test {test:.1%}" in figure_text(fig)


def test_dropout_and_gap_figures_mark_where_the_shorter_runs_stop(result):
    stop = f"stops at epoch {result.config['epochs']}"
    assert f"no regularization: {stop}" in figure_text(figure_spec(EXPERIMENT, "fig-overfitting-dropout").draw(result, "en"))
    gap = figure_text(figures.draw_gap(result, "en"))
    assert f"no regularization, weight decay (λ = {result.config['weight_decay']:g}): {stop}" in gap
    assert "stops at" not in figure_text(figure_spec(EXPERIMENT, "fig-overfitting-weight-decay").draw(result, "en"))


def test_accuracy_data_has_a_row_per_variant_seed_and_its_own_epochs(result):
    epochs, long = result.config["epochs"] + 1, result.config["drop_epochs"] + 1
    header, rows = figure_spec(EXPERIMENT, "fig-overfitting-baseline").data(result)
    assert header == ["variant", "seed", "epoch", "train_acc", "test_acc"]
    assert len(rows) == len(SEEDS) * epochs
    header, rows = figure_spec(EXPERIMENT, "fig-overfitting-dropout").data(result)
    assert len(rows) == len(SEEDS) * (long + epochs)
    assert [rows[0][0], rows[-1][0]] == ["dropout", "baseline"]  # the grey comparison lines
    d = VARIANTS.index("dropout")
    assert rows[len(SEEDS) * long - 1][3:] == [result.metrics.train_acc[-1, d, long - 1], result.metrics.test_acc[-1, d, long - 1]]


def test_gap_data_is_training_minus_test_of_the_books_runs(result):
    header, rows = figures.data_gap(result)
    assert header == ["variant", "seed", "epoch", "train_minus_test_acc"]
    epochs, long = result.config["epochs"] + 1, result.config["drop_epochs"] + 1
    assert len(rows) == len(SEEDS) * (2 * epochs + long)
    m, d = result.metrics, VARIANTS.index("dropout")
    assert rows[-1][3] == pytest.approx(m.train_acc[-1, d, long - 1] - m.test_acc[-1, d, long - 1])


def test_model_size_data_puts_the_baseline_last(result):
    header, rows = figures.data_model_size(result)
    assert [row[0] for row in rows[:: len(SEEDS)]] == [*QUICK.fewer_layers, len(QUICK.hidden_sizes)]
    assert rows[-1][1] == "baseline"


def test_ensemble_figure_states_the_ensemble_and_its_members(result):
    text = figure_text(figures.draw_ensemble(result, "en"))
    members = member_accuracy(result.metrics)
    everyone = ensembles_of(result.metrics, len(SEEDS))[0][1]
    assert f"one network: mean {members.mean():.2%}" in text and f"all {len(SEEDS)} averaged: {everyone:.2%}" in text


def test_diverged_seed_is_named_on_the_figure(result):
    train = np.array(result.metrics.train_acc, dtype=np.float64)
    train[1, 0, 2:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, 0] = 3
    fake = with_metrics(result, train_acc=train, diverged_at=diverged_at)
    fig = figures.draw_accuracy(fake, "baseline", "en")
    assert "1/2 seeds diverged" in figure_text(fig)
