import dataclasses
import time

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import dropout_ratio
from generator.experiments.base import validate
from generator.experiments.dropout_ratio import figures
from generator.experiments.dropout_ratio.train import run, stream_key
from tests.support import SEEDS, Metrics, figure_text, load, quick_results, with_metrics

EXPERIMENT = dropout_ratio.EXPERIMENT
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
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), EXPERIMENT.id)


def test_dropout_ratio_quick_metrics_have_seed_and_ratio_axes(metrics):
    S, R = len(SEEDS), len(QUICK.ratios)
    assert metrics["train_acc"].shape == (S, R, QUICK.epochs + 1)
    assert metrics["test_acc"].shape == (S, R, QUICK.test_window)
    assert metrics["diverged_at"].shape == (S, R)
    assert np.isfinite(metrics["train_acc"]).all() and np.isfinite(metrics["test_acc"]).all()


def test_dropout_ratio_seed_gives_the_same_bits_alone_and_in_a_group(metrics, data):
    alone = run(QUICK, data, seeds=SEEDS[1:])
    for name, value in metrics.items():
        assert np.array_equal(alone[name][0], value[1], equal_nan=True), name


def test_dropout_ratio_adding_a_ratio_leaves_the_others_unchanged(metrics, data):
    more = run(make_config(ratios=(0.0, 0.05, 0.1, 0.5)), data, seeds=SEEDS)
    np.testing.assert_array_equal(more["train_acc"][:, [0, 2, 3]], metrics["train_acc"])
    np.testing.assert_array_equal(more["test_acc"][:, [0, 2, 3]], metrics["test_acc"])
    assert stream_key(0.05) == 50


def test_dropout_ratio_quick_preset_takes_about_a_second(data):
    started = time.perf_counter()
    run(QUICK, data, seeds=SEEDS)
    assert time.perf_counter() - started < 5


def test_dropout_ratio_diverged_run_has_no_test_accuracy_after_it(data):
    metrics = run(make_config(lr=1e3, ratios=(0.0, 0.5)), data, seeds=(0,))
    diverged = metrics["diverged_at"][0] >= 0
    assert diverged.any()
    assert np.isnan(metrics["test_acc"][0, diverged]).all()


def test_dropout_ratio_config_wants_ratios_from_zero_upwards():
    for ratios in ((0.1, 0.2, 0.3), (0.0, 0.3, 0.2)):
        with pytest.raises(UserError, match="ratios"):
            validate(make_config(ratios=ratios), EXPERIMENT.id)
    with pytest.raises(UserError, match="test_window"):
        validate(make_config(test_window=QUICK.epochs + 1), EXPERIMENT.id)


def hand_made():
    """One seed, three ratios, a window of two: train 1.0/0.9/0.6, test 0.7/0.74/0.65."""
    train = np.array([[[0.5, 1.0, 1.0], [0.5, 0.9, 0.9], [0.3, 0.6, 0.6]]])
    test = np.array([[[0.7, 0.7], [0.74, 0.74], [0.65, 0.65]]])
    return Metrics(train_acc=train, test_acc=test, diverged_at=np.full((1, 3), -1))


def test_dropout_ratio_statistics_average_the_test_window():
    m = hand_made()
    np.testing.assert_allclose(dropout_ratio.gap(m), [[0.3, 0.16, -0.05]])
    np.testing.assert_allclose(dropout_ratio.smallest_ratio_narrowing(m), [0.14])
    np.testing.assert_allclose(dropout_ratio.largest_ratio_train(m), [0.6])
    np.testing.assert_allclose(dropout_ratio.largest_ratio_test_loss(m), [0.09])


def test_dropout_ratio_test_loss_skips_a_diverged_ratio():
    m = hand_made()
    m["test_acc"][0, 1] = np.nan
    np.testing.assert_allclose(dropout_ratio.largest_ratio_test_loss(m), [0.05])


def test_dropout_ratio_claims_say_where_they_come_from_and_point_at_the_figure():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources == {"dropout-small-ratio-no-effect": "article §4", "dropout-large-ratio-underfits": "article §4",
                       "dropout-large-ratio-loses-test-accuracy": "site"}
    assert {c.figure for c in EXPERIMENT.claims} == {spec.id for spec in EXPERIMENT.figure_specs()}


def test_dropout_ratio_figure_data_has_one_row_per_ratio_and_seed(result):
    header, rows = figures.data(result)
    assert header == ["ratio", "seed", "train_acc", "test_acc", "train_minus_test_acc", "diverged_at"]
    assert len(rows) == len(QUICK.ratios) * len(SEEDS)
    assert [r[0] for r in rows[:: len(SEEDS)]] == list(QUICK.ratios)


def test_dropout_ratio_figure_labels_ratios_from_the_result(result):
    text = figure_text(figures.draw(result, "ko"))
    assert "드롭아웃 비율" in text and "0.5" in text
    broken = with_metrics(result, diverged_at=np.array([[-1, -1, 3], [-1, -1, -1]]))
    assert "1 run(s) diverged" in figure_text(figures.draw(broken, "en"))
