import dataclasses

import numpy as np

from generator.data import load_dataset
from generator.experiments import optimizer_compare


def make_config(**overrides):
    return dataclasses.replace(optimizer_compare.EXPERIMENT.preset("quick"), **overrides)


def test_optimizer_compare_quick_metrics_have_seed_and_optimizer_axes():
    config = make_config()
    metrics = optimizer_compare.run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, O = 2, len(optimizer_compare.OPTIMIZERS)
    assert metrics["loss"].shape == (S, O, config.iterations)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, O)
    assert np.isfinite(metrics["loss"]).all() and np.isfinite(metrics["test_acc"]).all()
    assert (metrics["diverged_at"] == -1).all()


def test_optimizer_compare_seed_alone_equals_seed_in_stack():
    data = load_dataset("mnist-10k")
    config = make_config(precision="float64")
    stacked = optimizer_compare.run(config, data, seeds=(0, 1))
    alone = optimizer_compare.run(config, data, seeds=(1,))
    for name in stacked:
        assert np.allclose(stacked[name][1], alone[name][0], rtol=1e-10, atol=1e-12)


def test_optimizer_compare_each_optimizer_gets_its_own_hyperparameters():
    config = make_config(lr_nesterov=0.02, lr_rmsprop=0.03, momentum=0.8, decay_rate=0.9)
    by_name = dict(zip(optimizer_compare.OPTIMIZERS, config.hyperparameters))
    assert by_name["Nesterov"] == {"lr": 0.02, "momentum": 0.8}
    assert by_name["RMSprop"] == {"lr": 0.03, "decay_rate": 0.9}
    assert by_name["Adam"] == {"lr": config.lr_adam}
