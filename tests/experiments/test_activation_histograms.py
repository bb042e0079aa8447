import dataclasses

import numpy as np
import pytest

from generator.experiments import activation_histograms
from generator.experiments.activation_histograms import SETTINGS


def make_config(**overrides):
    return dataclasses.replace(activation_histograms.EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def quick_metrics():
    return activation_histograms.run(make_config(), None, seeds=(0, 1))


def of(metrics, name, setting):
    return metrics[name][:, SETTINGS.index(setting)]


def test_activation_histograms_quick_metrics_have_seed_setting_layer_axes(quick_metrics):
    config = make_config()
    S, K, L = 2, len(SETTINGS), config.n_layers
    assert quick_metrics["hist_counts"].shape == (S, K, L, config.bins)
    assert quick_metrics["bin_edges"].shape == (S, K, config.bins + 1)
    for name in ("mean", "std", "saturated_frac", "centre_frac", "zero_frac"):
        assert quick_metrics[name].shape == (S, K, L), name


def test_activation_histograms_bounded_activations_fall_entirely_in_range(quick_metrics):
    config = make_config()
    totals = quick_metrics["hist_counts"].sum(axis=-1)  # (S, K, L)
    bounded = [k for k, s in enumerate(SETTINGS) if not s.startswith("relu")]
    assert (totals[:, bounded] == config.n_samples * config.n_units).all()
    assert (totals <= config.n_samples * config.n_units).all()
    assert np.allclose(of(quick_metrics, "bin_edges", "tanh-xavier")[:, [0, -1]], [-1.0, 1.0])
    assert np.allclose(of(quick_metrics, "bin_edges", "relu-he")[:, [0, -1]], [0.0, config.relu_max])


def test_activation_histograms_relu_has_no_saturation_and_about_half_zeros(quick_metrics):
    assert np.isnan(of(quick_metrics, "saturated_frac", "relu-he")).all()
    assert (np.abs(of(quick_metrics, "zero_frac", "relu-he") - 0.5) < 0.2).all()


def test_activation_histograms_quick_shows_the_books_contrasts(quick_metrics):
    assert (of(quick_metrics, "saturated_frac", "sigmoid-large") > of(quick_metrics, "saturated_frac", "sigmoid-xavier")).all()
    assert (of(quick_metrics, "std", "sigmoid-xavier") > of(quick_metrics, "std", "sigmoid-small")).all()
    assert (of(quick_metrics, "mean", "relu-small")[:, -1] < 1e-3 * of(quick_metrics, "mean", "relu-he")[:, -1]).all()


def test_activation_histograms_seed_does_not_depend_on_stack_neighbours(quick_metrics):
    alone = activation_histograms.run(make_config(), None, seeds=(1,))
    for name, value in alone.items():
        assert np.array_equal(value[0], quick_metrics[name][1], equal_nan=True), name


def test_activation_histograms_settings_map_to_engine_initialisations():
    config = make_config(large_std=2.0, small_std=0.05)
    assert [config.weight_init(s) for s in SETTINGS] == [2.0, 0.05, "xavier", 2.0, 0.05, "xavier", 0.05, "xavier", "he"]
