import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import hyperparameter_search as search
from generator.experiments.base import validate


def make_config(**overrides):
    return dataclasses.replace(search.EXPERIMENT.preset("quick"), **overrides)


def test_hyperparameter_search_quick_metrics_have_seed_and_trial_axes():
    config = make_config()
    metrics = search.run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, E = 2, config.epochs + 1
    for prefix, n in (("", config.trials), ("round2_", config.round2_trials)):
        assert metrics[f"{prefix}val_acc"].shape == metrics[f"{prefix}train_acc"].shape == (S, n, E)
        assert metrics[f"{prefix}lr"].shape == metrics[f"{prefix}weight_decay"].shape == (S, n)
        assert metrics[f"{prefix}diverged_at"].shape == (S, n)
        assert metrics[f"{prefix}top_trials"].shape == (S, config.top_k)
    assert metrics["round2_log10_range"].shape == (S, 2, 2)
    for name in ("best_lr", "best_weight_decay", "best_val_acc", "best_round", "best_trial", "test_acc", "final_diverged_at"):
        assert metrics[name].shape == (S,)
    assert np.isfinite(metrics["test_acc"]).all()


def test_hyperparameter_search_samples_lie_in_their_ranges():
    config = make_config(trials=50, round2_trials=50, epochs=1)
    metrics = search.run(config, load_dataset("mnist-10k"), seeds=(3,))
    for name, (low, high) in zip(("lr", "weight_decay"), config.log10_range):
        logs = np.log10(metrics[name])
        assert (logs >= low).all() and (logs <= high).all()
        assert logs.max() - logs.min() > 0.8 * (high - low)
    for row, name in enumerate(("round2_lr", "round2_weight_decay")):
        low, high = metrics["round2_log10_range"][0, row]
        assert config.log10_range[row, 0] <= low < high <= config.log10_range[row, 1]
        logs = np.log10(metrics[name])
        assert (logs >= low).all() and (logs <= high).all()


def test_hyperparameter_search_narrowed_range_spans_the_top_trials():
    config = make_config()
    metrics = search.run(config, load_dataset("mnist-10k"), seeds=(0,))
    top = metrics["top_trials"][0]
    expected = [[np.log10(metrics[name][0, top]).min(), np.log10(metrics[name][0, top]).max()] for name in ("lr", "weight_decay")]
    np.testing.assert_allclose(metrics["round2_log10_range"][0], expected)
    final = metrics["val_acc"][0, :, -1]
    assert final[top].min() >= np.delete(final, top).max()


def test_hyperparameter_search_stacked_trial_matches_trial_trained_alone():
    config, data = make_config(), load_dataset("mnist-10k")
    seed, trial = 1, 4
    stacked = search.search_round(config, data, seed, 1, config.log10_range)
    train_index, val_index = search.validation_split(config, seed)
    x, t = data.x_train[train_index], data.y_train[train_index]
    evaluate = {"val": (data.x_train[val_index], data.y_train[val_index]), "train": (x, t)}
    _, alone = search.train_settings(
        config, x, t, [(seed, 1, trial)], stacked["lr"][trial : trial + 1], stacked["weight_decay"][trial : trial + 1], evaluate
    )
    np.testing.assert_array_equal(alone.accuracy["val"][0], stacked["val_acc"][trial])
    np.testing.assert_array_equal(alone.accuracy["train"][0], stacked["train_acc"][trial])


def test_hyperparameter_search_diverged_trials_never_win():
    # Learning rates up to 10^3 overflow some of these networks within a few iterations.
    config = make_config(hidden_sizes=(32, 32, 32), log10_lr_min=-3.0, log10_lr_max=3.0)
    metrics = search.run(config, load_dataset("mnist-10k"), seeds=(0,))
    diverged = np.concatenate([metrics["diverged_at"][0], metrics["round2_diverged_at"][0]]) > 0
    final = np.concatenate([metrics["val_acc"][0, :, -1], metrics["round2_val_acc"][0, :, -1]])
    lrs = np.concatenate([metrics["lr"][0], metrics["round2_lr"][0]])
    assert diverged.any() and not diverged.all()
    assert np.isnan(final[diverged]).all()
    assert metrics["best_val_acc"][0] == np.nanmax(final)
    assert metrics["best_lr"][0] in lrs[~diverged]
    assert not set(metrics["top_trials"][0].tolist()) & set(np.flatnonzero(metrics["diverged_at"][0] > 0).tolist())


def test_hyperparameter_search_ranking_leaves_out_nan_and_breaks_ties_by_index():
    np.testing.assert_array_equal(search.ranking([0.5, np.nan, 0.7, 0.5]), [2, 0, 3])


def test_hyperparameter_search_spearman_averages_tied_ranks():
    assert search.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert search.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    np.testing.assert_allclose(search.average_ranks([0.2, 0.1, 0.2, 0.3]), [1.5, 0.0, 1.5, 3.0])
    assert np.isnan(search.spearman([1, 1, 1], [1, 2, 3]))


def test_hyperparameter_search_config_rejects_top_k_above_trials():
    with pytest.raises(UserError, match="top_k"):
        validate(make_config(trials=4, top_k=5), "hyperparameter-search")
