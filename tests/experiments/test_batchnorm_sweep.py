import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import batchnorm_sweep
from generator.experiments.base import validate


def make_config(**overrides):
    return dataclasses.replace(batchnorm_sweep.EXPERIMENT.preset("quick"), **overrides)


def test_batchnorm_sweep_quick_metrics_have_seed_scale_and_variant_axes():
    config = make_config()
    metrics = batchnorm_sweep.run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, K, V = 2, config.n_scales, len(batchnorm_sweep.VARIANTS)
    assert metrics["train_acc"].shape == (S, K, V, config.epochs + 1)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, K, V)
    np.testing.assert_array_equal(metrics["scales"], np.tile(config.scales, (S, 1)))
    assert np.isfinite(metrics["train_acc"]).all() and (metrics["diverged_at"] == -1).all()


def test_batchnorm_sweep_book_scales_are_the_books_logspace():
    np.testing.assert_allclose(batchnorm_sweep.Config().scales, np.logspace(0, -4, num=16))


def test_batchnorm_sweep_stacked_member_matches_member_trained_alone():
    config, data = make_config(), load_dataset("mnist-10k")
    stacked = batchnorm_sweep.run(config, data, seeds=(0, 1))
    for variant, batch_norm in enumerate((True, False)):
        alone = batchnorm_sweep.train_members(config, data, [(1, 2, batch_norm)])
        np.testing.assert_array_equal(alone["train_acc"][0], stacked["train_acc"][1, 2, variant])
        np.testing.assert_array_equal(alone["test_acc"][0], stacked["test_acc"][1, 2, variant])


def test_batchnorm_sweep_divergence_is_recorded_and_counts_as_zero():
    # Weights with std 10 in 100-unit layers overflow without batch norm within a few iterations.
    config = make_config(hidden_sizes=(100,) * 3, n_scales=2, log10_scale_max=1.0, log10_scale_min=0.0)
    metrics = batchnorm_sweep.run(config, load_dataset("mnist-10k"), seeds=(0,))
    plain = batchnorm_sweep.VARIANTS.index("plain")
    assert metrics["diverged_at"][0, 0, plain] > 0
    assert np.isnan(metrics["train_acc"][0, 0, plain, -1]) and np.isnan(metrics["test_acc"][0, 0, plain])
    assert batchnorm_sweep.accuracy_at(metrics, "plain")[0, 0] == 0.0
    for claim in batchnorm_sweep.CLAIMS:
        assert np.isfinite(claim.evaluate(metrics)["value"])


def test_batchnorm_sweep_share_higher_counts_ties_as_not_higher():
    acc = np.array([[0.9, 0.5], [0.5, 0.5], [0.4, np.nan]])  # (scales, variants): ahead, tie, plain diverged
    metrics = {"train_acc": np.repeat(acc[None, ..., None], 2, axis=-1)}  # (S, scales, V, epochs)
    np.testing.assert_allclose(batchnorm_sweep.share_higher_with_batch_norm(metrics), [2 / 3])


def test_batchnorm_sweep_config_rejects_inverted_scale_range():
    with pytest.raises(UserError, match="log10_scale_min"):
        validate(make_config(log10_scale_min=0.0, log10_scale_max=-1.0), "batchnorm-sweep")
