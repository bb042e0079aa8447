import dataclasses

import numpy as np
import pytest

from generator.experiments import optimizer_paths

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
    return dataclasses.replace(optimizer_paths.EXPERIMENT.preset("book"), **overrides)


def test_optimizer_paths_quick_metrics_have_seed_and_optimizer_axes():
    config = optimizer_paths.EXPERIMENT.preset("quick")
    metrics = optimizer_paths.run(config, None, seeds=(0, 1, 2))
    S, O = 3, len(optimizer_paths.OPTIMIZERS)
    assert metrics["path"].shape == (S, O, config.steps + 1, 2)
    for name in ("final_distance", "final_value", "path_length", "y_reversals"):
        assert metrics[name].shape == (S, O)
    assert np.isfinite(metrics["path"]).all()


def test_optimizer_paths_seed_picks_nothing():
    metrics = optimizer_paths.run(make_config(steps=3), None, seeds=(0, 5))
    for value in metrics.values():
        assert np.array_equal(value[0], value[1])


@pytest.mark.parametrize("optimizer", optimizer_paths.OPTIMIZERS)
def test_optimizer_paths_first_step_matches_hand_computation(optimizer):
    path = optimizer_paths.run(make_config(steps=2), None, seeds=(0,))["path"][0, optimizer_paths.OPTIMIZERS.index(optimizer)]
    assert np.array_equal(path[0], (-7.0, 2.0))
    # the 1e-7 in the denominators of AdaGrad, RMSprop and Adam moves their steps by a few 1e-6
    assert np.allclose(path[1], FIRST_STEPS[optimizer], rtol=0, atol=1e-5)


def test_optimizer_paths_sgd_reverses_along_y_at_every_step():
    # y <- y - 0.95 * 2y = -0.9 y: the sign flips at every update
    metrics = optimizer_paths.run(make_config(steps=6), None, seeds=(0,))
    sgd = optimizer_paths.OPTIMIZERS.index("SGD")
    assert np.allclose(metrics["path"][0, sgd, :, 1], 2 * (-0.9) ** np.arange(7))
    assert metrics["y_reversals"][0, sgd] == 5


def test_optimizer_paths_distances_and_values_describe_the_last_point():
    metrics = optimizer_paths.run(make_config(steps=4), None, seeds=(0,))
    end = metrics["path"][0, :, -1]  # (O, 2)
    assert np.allclose(metrics["final_distance"][0], np.hypot(end[:, 0], end[:, 1]))
    assert np.allclose(metrics["final_value"][0], end[:, 0] ** 2 / 20 + end[:, 1] ** 2)
