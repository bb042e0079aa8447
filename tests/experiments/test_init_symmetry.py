import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import init_symmetry
from generator.experiments.init_symmetry import SAME_TOL, VARIANTS, distinct_units, unit_spread


def make_config(**overrides):
    return dataclasses.replace(init_symmetry.EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist-10k")


@pytest.fixture(scope="module")
def quick_metrics(data):
    return init_symmetry.run(make_config(), data, seeds=(0, 1))


def test_init_symmetry_quick_metrics_have_seed_and_variant_axes(quick_metrics):
    config = make_config()
    S, V, C = 2, len(VARIANTS), len(config.trace_iterations)
    for name in ("unit_spread", "distinct_units", "w1_change", "test_acc", "diverged_at"):
        assert quick_metrics[name].shape == (S, V), name
    assert quick_metrics["unit_spread_trace"].shape == (S, V, C)
    assert quick_metrics["train_loss"].shape == (S, V, config.iterations)
    assert (quick_metrics["trace_iteration"] == config.trace_iterations).all()
    assert (quick_metrics["diverged_at"] == -1).all() and np.isfinite(quick_metrics["train_loss"]).all()


def test_init_symmetry_equal_starts_stay_identical_and_random_differs(quick_metrics):
    spread = quick_metrics["unit_spread_trace"]
    equal = [VARIANTS.index("zero"), VARIANTS.index("constant")]
    assert (spread[:, equal] < 1e-12).all()
    assert (quick_metrics["distinct_units"][:, equal] == 1).all()
    assert (spread[:, VARIANTS.index("random")] > 0.1).all()
    assert (quick_metrics["distinct_units"][:, VARIANTS.index("random")] == make_config().hidden_size).all()


def test_init_symmetry_float32_equal_starts_stay_identical(data):
    metrics = init_symmetry.run(make_config(precision="float32"), data, seeds=(0,))
    assert (metrics["unit_spread"][:, [VARIANTS.index("zero"), VARIANTS.index("constant")]] < SAME_TOL).all()


def test_init_symmetry_seed_does_not_depend_on_stack_neighbours(data, quick_metrics):
    alone = init_symmetry.run(make_config(), data, seeds=(1,))
    for name, value in alone.items():
        assert np.allclose(value[0], quick_metrics[name][1], rtol=1e-12, atol=0), name


def test_init_symmetry_trace_iterations_end_at_the_last_iteration():
    assert make_config(iterations=25, trace_every=10).trace_iterations.tolist() == [0, 10, 20, 25]
    assert make_config(iterations=20, trace_every=10).trace_iterations.tolist() == [0, 10, 20]


def test_init_symmetry_spread_and_distinct_units_on_known_units():
    units = np.array([[[1.0, 2.0], [1.0, 2.0], [1.0, 2.5]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]])  # (T, H, F)
    assert unit_spread(units).tolist() == [0.5 / 2.5, 0.0]
    assert distinct_units(units).tolist() == [2, 1]
