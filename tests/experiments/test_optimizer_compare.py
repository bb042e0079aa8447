import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.engine import OPTIMIZERS as ENGINE_OPTIMIZERS
from generator.experiments import optimizer_compare
from generator.experiments.optimizer_compare import OPTIMIZERS, figures, tail_loss
from generator.experiments.optimizer_compare.train import run
from tests.support import SEEDS, figure_spec, figure_text, load, quick_results, with_metrics

EXPERIMENT = optimizer_compare.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "optimizer-compare")


def test_optimizer_compare_optimizers_are_the_engines_in_its_order():
    assert OPTIMIZERS == tuple(cls.name for cls in ENGINE_OPTIMIZERS)


def test_optimizer_compare_quick_metrics_have_seed_and_optimizer_axes():
    config = make_config()
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, O = 2, len(OPTIMIZERS)
    assert metrics["loss"].shape == (S, O, config.iterations)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, O)
    assert np.isfinite(metrics["loss"]).all() and np.isfinite(metrics["test_acc"]).all()
    assert (metrics["diverged_at"] == -1).all()


def test_optimizer_compare_seed_alone_equals_seed_in_stack():
    data = load_dataset("mnist-10k")
    config = make_config(precision="float64")
    stacked = run(config, data, seeds=(0, 1))
    alone = run(config, data, seeds=(1,))
    for name in stacked:
        assert np.allclose(stacked[name][1], alone[name][0], rtol=1e-10, atol=1e-12)


def test_optimizer_compare_each_optimizer_gets_its_own_hyperparameters():
    config = make_config(lr_nesterov=0.02, lr_rmsprop=0.03, momentum=0.8, decay_rate=0.9)
    by_name = dict(zip(OPTIMIZERS, config.hyperparameters))
    assert by_name["Nesterov"] == {"lr": 0.02, "momentum": 0.8}
    assert by_name["RMSprop"] == {"lr": 0.03, "decay_rate": 0.9}
    assert by_name["Adam"] == {"lr": config.lr_adam}


def test_optimizer_compare_result_records_the_optimizer_axis_with_labels(result):
    axis = result.axes["optimizer"]
    assert axis.values == OPTIMIZERS
    assert axis.label("Momentum", "ko") == "모멘텀" and axis.label("Adam", "en") == "Adam"


def test_optimizer_compare_slowest_claim_compares_sgd_with_all_five_others():
    loss = np.ones((1, len(OPTIMIZERS), 4))
    loss[0, OPTIMIZERS.index("SGD")] = 2.0
    loss[0, OPTIMIZERS.index("RMSprop")] = 2.5  # not one of the book's four, still counted
    slowest = next(c for c in EXPERIMENT.claims if c.id == "optimizer-compare-sgd-slowest")
    row = slowest.evaluate({"loss": loss})
    assert row["value"] == pytest.approx(-0.5) and not row["holds"]
    assert slowest.source == "site"


def test_optimizer_compare_tail_loss_averages_the_last_iterations():
    loss = np.zeros((2, len(OPTIMIZERS), 5))
    loss[:, OPTIMIZERS.index("Adam")] = [[5, 4, 3, 2, 1], [1, 1, 1, 1, 3]]
    assert np.allclose(tail_loss({"loss": loss}, "Adam", last=2), [1.5, 2.0])


def test_compare_loss_data_has_raw_and_smoothed_loss_per_iteration(result):
    header, rows = figures.data_compare_loss(result)
    assert header == ["optimizer", "seed", "iteration", "loss", "smoothed_loss"]
    iterations = result.config["iterations"]
    assert len(rows) == len(SEEDS) * len(OPTIMIZERS) * iterations
    assert rows[0][:3] == ["SGD", 0, 1] and rows[iterations - 1][2] == iterations
    assert rows[0][3] == pytest.approx(result.metrics.loss[0, 0, 0])


def test_compare_accuracy_data_has_a_row_per_seed_and_optimizer(result):
    header, rows = figures.data_compare_accuracy(result)
    assert header == ["optimizer", "seed", "test_acc", "diverged_at"]
    assert len(rows) == len(SEEDS) * len(OPTIMIZERS)
    assert rows[1][:2] == ["SGD", 1] and rows[1][2] == pytest.approx(result.metrics.test_acc[1, 0])


def test_compare_accuracy_figure_states_each_mean(result):
    text = figure_text(figure_spec(EXPERIMENT, "fig-optimizer-compare-accuracy").draw(result, "en"))
    adam = np.mean(result.metrics.test_acc[:, OPTIMIZERS.index("Adam")])
    assert f"{100 * adam:.1f}%" in text and "RMSProp" in text


def test_compare_loss_figure_names_diverged_seeds(result):
    o = OPTIMIZERS.index("Momentum")
    loss = np.array(result.metrics.loss, dtype=np.float64)
    loss[1, o, 5:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, o] = 6
    fake = with_metrics(result, loss=loss, diverged_at=diverged_at)
    text = figure_text(figures.draw_compare_loss(fake, "en"))
    assert "Momentum: 1 of 2 seeds diverged" in text
