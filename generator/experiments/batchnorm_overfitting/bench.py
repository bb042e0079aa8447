"""The batch-norm overfitting workload for ``make bench``: as the book's scripts would run it, one
network at a time, and its FLOP count (see ``generator.bench.workloads``)."""

import numpy as np

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import sizes, training_flops
from generator.experiments.batchnorm_overfitting.config import VARIANTS
from generator.experiments.batchnorm_overfitting.train import train_members


def reference(config, data, rng):
    """ch06/overfit_dropout.py with batch norm switched on and off, one network at a time, measured
    at the experiment's epochs."""
    x_train, t_train, x_test, t_test = float64_data(data, config.n_train)
    per_epoch = config.n_train // config.batch_size
    schedule = config.eval_epochs
    results = {}
    for name, (batch_norm, dropout_ratio) in zip(VARIANTS, config.variant_settings()):
        network = MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, use_batchnorm=batch_norm,
                                      use_dropout=dropout_ratio > 0, dropout_ratio=dropout_ratio)
        optimizer = SGD(lr=config.lr)
        accuracy = [(network.accuracy(x_train, t_train), network.accuracy(x_test, t_test))]
        for before, after in zip(schedule[:-1], schedule[1:]):
            train_networks({name: (network, optimizer)}, x_train, t_train, rng, batch_size=config.batch_size,
                           iterations=(after - before) * per_epoch)
            accuracy.append((network.accuracy(x_train, t_train), network.accuracy(x_test, t_test)))
        results[name] = np.array(accuracy)
    return results


def alone(config, data):
    for v in range(len(VARIANTS)):
        train_members(config, data, [(0, v)])


def flops(config, data):
    iterations = config.epochs * (config.n_train // config.batch_size)
    evaluated = len(config.eval_epochs) * (config.n_train + len(data.x_test))
    return len(VARIANTS) * training_flops(sizes(config.hidden_sizes), config.batch_size, iterations, evaluated)


def members(config):
    return len(VARIANTS)
