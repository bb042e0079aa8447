import numpy as np

from generator.data import load_dataset
from generator.experiments import overfitting


def test_overfitting_quick_metrics_have_seed_and_variant_axes():
    config = overfitting.EXPERIMENT.preset("quick")
    metrics = overfitting.run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, V, E = 2, len(overfitting.VARIANTS), config.epochs + 1
    assert metrics["train_acc"].shape == metrics["test_acc"].shape == (S, V, E)
    iterations = config.epochs * (config.n_train // config.batch_size)
    assert metrics["loss"].shape == (S, V, iterations)
    assert np.isfinite(metrics["train_acc"]).all() and (metrics["diverged_at"] == -1).all()


def test_overfitting_variants_differ_only_in_their_regulariser():
    config = overfitting.EXPERIMENT.preset("quick")
    assert config.variant_settings() == ((0.0, 0.0), (config.weight_decay, 0.0), (0.0, config.dropout_ratio))
