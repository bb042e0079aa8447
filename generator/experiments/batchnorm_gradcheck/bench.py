"""The batch-norm gradient check for ``make bench``: the book's per-entry check, the engine's
one-entry-at-a-time path, and the FLOPs of the book's method (see ``generator.bench.workloads``)."""

import numpy as np

from generator.bench.reference import MultiLayerNetExtend
from generator.bench.workloads import forward_flops, sizes
from generator.engine import member_streams
from generator.experiments.batchnorm_gradcheck.train import build


def reference(config, data, rng):
    """ch06/batch_norm_gradient_check.py: backprop against per-entry central differences, on the experiment's batch."""
    x_train, t_train = data.x_train.astype(np.float64), data.y_train
    network = MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, weight_init_std="relu", use_batchnorm=True)
    batch_mask = rng.choice(len(x_train), config.batch_size, replace=False)
    x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
    network.gradient(x_batch[:1], t_batch[:1])  # the book's batch of one
    grad_backprop = network.gradient(x_batch, t_batch)
    grad_numerical = network.numerical_gradient(x_batch, t_batch, h=config.h)
    return {key: np.max(np.abs(grad_backprop[key] - grad_numerical[key])) for key in grad_numerical}


def alone(config, data):
    """The engine's plain path: ``MultiLayerNet.numerical_gradient``, one entry and two forward passes at a time."""
    net = build(config, 0)
    pick = member_streams(0).batch.choice(len(data.x_train), config.batch_size, replace=False)
    x, t = data.x_train[pick].astype(np.float64), data.y_train[pick]
    net.gradient(x[:1], t[:1])
    net.gradient(x, t)
    net.numerical_gradient(x, t, h=config.h)


def flops(config, data):
    """Two forward passes of the batch per parameter entry, plus the two backpropagations checked against."""
    layer_sizes = sizes(config.hidden_sizes)
    entries = sum(a * b + b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) + 2 * sum(config.hidden_sizes)  # W, b, gamma, beta
    F = forward_flops(layer_sizes)
    return 2 * entries * config.batch_size * F + 3 * (config.batch_size + 1) * F


def members(config):
    return 1
