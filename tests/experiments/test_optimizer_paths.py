import dataclasses

import numpy as np
import pytest

from generator.engine import OPTIMIZERS as ENGINE_OPTIMIZERS
from generator.experiments import optimizer_paths
from generator.experiments.optimizer_paths import OPTIMIZERS, figures
from generator.experiments.optimizer_paths.train import run
from tests.support import SEEDS, figure_spec, figure_text, load, quick_results

EXPERIMENT = optimizer_paths.EXPERIMENT

# The first step from (-7, 2), where the gradient is (x/10, 2y) = (-0.7, 4), at the book preset's
# learning rates, worked out from each update rule by hand.
FIRST_STEPS = {
    "SGD": (-7 + 0.95 * 0.7, 2 - 0.95 * 4),  # (-6.335, -1.8)
    "Momentum": (-7 + 0.1 * 0.7, 2 - 0.1 * 4),  # v = -lr g
    # v = -lr g; W <- W + 0.9² v - 1.9 lr g
    "Nesterov": (-7 + 0.81 * 0.07 + 1.9 * 0.1 * 0.7, 2 - 0.81 * 0.4 - 1.9 * 0.1 * 4),
    "AdaGrad": (-7 + 1.5, 2 - 1.5),  # g / sqrt(g²) = sign(g)
    "RMSprop": (-7 + 0.15 / 0.1, 2 - 0.15 / 0.1),  # g / sqrt(0.01 g²) = 10 sign(g)
    # lr_1 = 0.3 sqrt(0.001) / 0.1 and m / sqrt(v) = 0.1 g / sqrt(0.001 g²)
    "Adam": (-7 + 0.3, 2 - 0.3),
}


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("book"), **overrides)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "optimizer-paths")


def test_optimizer_paths_optimizers_are_the_engines_in_its_order():
    assert OPTIMIZERS == tuple(cls.name for cls in ENGINE_OPTIMIZERS)


def test_optimizer_paths_quick_metrics_have_seed_and_optimizer_axes():
    config = EXPERIMENT.preset("quick")
    metrics = run(config, None, seeds=(0, 1, 2))
    S, O = 3, len(OPTIMIZERS)
    assert metrics["path"].shape == (S, O, config.steps + 1, 2)
    for name in ("final_distance", "final_value", "path_length", "y_reversals"):
        assert metrics[name].shape == (S, O)
    assert np.isfinite(metrics["path"]).all()


def test_optimizer_paths_seed_picks_nothing():
    metrics = run(make_config(steps=3), None, seeds=(0, 5))
    for value in metrics.values():
        assert np.array_equal(value[0], value[1])


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_optimizer_paths_first_step_matches_hand_computation(optimizer):
    path = run(make_config(steps=2), None, seeds=(0,))["path"][0, OPTIMIZERS.index(optimizer)]
    assert np.array_equal(path[0], (-7.0, 2.0))
    # the 1e-7 in the denominators of AdaGrad, RMSprop and Adam moves their steps by a few 1e-6
    assert np.allclose(path[1], FIRST_STEPS[optimizer], rtol=0, atol=1e-5)


def test_optimizer_paths_sgd_reverses_along_y_at_every_step():
    # y <- y - 0.95 * 2y = -0.9 y: the sign flips at every update
    metrics = run(make_config(steps=6), None, seeds=(0,))
    sgd = OPTIMIZERS.index("SGD")
    assert np.allclose(metrics["path"][0, sgd, :, 1], 2 * (-0.9) ** np.arange(7))
    assert metrics["y_reversals"][0, sgd] == 5


def test_optimizer_paths_distances_and_values_describe_the_last_point():
    metrics = run(make_config(steps=4), None, seeds=(0,))
    end = metrics["path"][0, :, -1]  # (O, 2)
    assert np.allclose(metrics["final_distance"][0], np.hypot(end[:, 0], end[:, 1]))
    assert np.allclose(metrics["final_value"][0], end[:, 0] ** 2 / 20 + end[:, 1] ** 2)


def test_optimizer_paths_result_records_labelled_axes(result):
    axis = result.axes["optimizer"]
    assert axis.values == OPTIMIZERS
    assert axis.label("Momentum", "ko") == "모멘텀" and axis.label("SGD", "ko") == "SGD"
    assert axis.label("RMSprop", "en") == "RMSProp"
    assert result.axes["coordinate"].values == ("x", "y")


def test_optimizer_paths_momentum_claim_is_the_sites_reading():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["optimizer-paths-momentum-closer"] == "site"
    assert sources["optimizer-paths-sgd-zigzag"].startswith("book 6.1")
    assert {c.figure for c in EXPERIMENT.claims} == {"fig-optimizer-paths"}


def test_optimizer_paths_zigzag_claim_counts_every_chance_to_turn():
    metrics = run(make_config(steps=6), None, seeds=(0,))
    zigzag = next(c for c in EXPERIMENT.claims if c.id == "optimizer-paths-sgd-zigzag")
    assert zigzag.evaluate(metrics)["value"] == 1.0  # 5 turns out of 5 chances


def test_paths_figure_names_each_optimizer_with_its_learning_rate(result):
    text = figure_text(figure_spec(EXPERIMENT, "fig-optimizer-paths").draw(result, "ko"))
    assert "모멘텀 (학습률 0.1)" in text and "SGD (학습률 0.95)" in text
    distance = result.metrics.final_distance[0, 0]
    assert f"거리 {distance:.2f}" in text


def test_paths_data_has_a_row_per_seed_optimizer_and_point(result):
    header, rows = figures.data_paths(result)
    assert header == ["optimizer", "lr", "seed", "step", "x", "y", "f", "distance"]
    steps = result.config["steps"]
    assert len(rows) == len(SEEDS) * len(OPTIMIZERS) * (steps + 1)
    first = rows[0]
    assert first[:4] == ["SGD", result.config["lr_sgd"], 0, 0]
    assert (first[4], first[5]) == (result.config["start_x"], result.config["start_y"])
    last_sgd = rows[steps]
    assert last_sgd[7] == pytest.approx(result.metrics.final_distance[0, 0])


def test_distance_data_matches_final_distance(result):
    header, rows = figures.data_distance(result)
    assert header == ["optimizer", "seed", "step", "distance"]
    steps = result.config["steps"]
    finals = {(r[0], r[1]): r[3] for r in rows if r[2] == steps}
    for i, name in enumerate(OPTIMIZERS):
        assert finals[(name, 0)] == pytest.approx(result.metrics.final_distance[0, i])
