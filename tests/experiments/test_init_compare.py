import dataclasses

import numpy as np

from generator.data import load_dataset
from generator.experiments import init_compare


def make_config(**overrides):
    return dataclasses.replace(init_compare.EXPERIMENT.preset("quick"), **overrides)


def test_init_compare_quick_metrics_have_seed_and_init_axes():
    config = make_config()
    metrics = init_compare.run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, I = 2, len(init_compare.INITS)
    assert metrics["loss"].shape == (S, I, config.iterations)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, I)
    assert np.isfinite(metrics["loss"]).all() and np.isfinite(metrics["test_acc"]).all()
    assert (metrics["diverged_at"] == -1).all()


def test_init_compare_member_alone_equals_member_in_stack():
    data = load_dataset("mnist-10k")
    config = make_config(precision="float64")
    stacked = init_compare.run(config, data, seeds=(0, 1))
    loss, test_acc, _ = init_compare.train_members(config, data, [(1, init_compare.INITS.index("He"))])
    assert np.allclose(stacked["loss"][1, 2], loss[0], rtol=1e-10, atol=1e-12)
    assert np.isclose(stacked["test_acc"][1, 2], test_acc[0])


def test_init_compare_small_std_starts_at_chance_loss():
    # tiny weights make every logit almost 0, so the first loss is ln 10
    metrics = init_compare.run(make_config(iterations=1), load_dataset("mnist-10k"), seeds=(0,))
    assert np.isclose(metrics["loss"][0, init_compare.INITS.index("std=0.01"), 0], np.log(10), atol=1e-3)
