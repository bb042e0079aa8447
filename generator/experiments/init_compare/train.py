"""Training of the init-compare experiment: the three initialisations and every seed as one stack.

Member ``member_streams(seed, init index)`` draws the same weights and batches stacked or alone,
so ``train_members`` can also train any one member by itself (the tests compare the two).
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.init_compare.config import INITS, Config


def train_members(config: Config, data, members, progress=None):
    """Train one stack with a member per (seed, init index) of ``members``.

    Returns (loss (T, iterations), final test accuracy (T,), diverged_at (T,)).
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed, index) for seed, index in members]
    inits = [config.weight_inits[index] for _, index in members]
    net = MultiLayerNet(784, config.hidden_sizes, 10, streams=streams, activation="relu", weight_init=inits, dtype=dtype)
    optimizer = make_optimizer("sgd", lr=config.lr)
    result = train(
        net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=config.iterations, on_epoch=progress
    )
    test_acc = np.where(result.diverged, np.nan, net.accuracy(data.x_test.astype(dtype), data.y_test))
    return result.loss, test_acc, result.diverged_at


def run(config: Config, data, seeds, progress=None):
    members = [(seed, index) for seed in seeds for index in range(len(INITS))]
    loss, test_acc, diverged_at = train_members(config, data, members, progress)
    shape = (len(seeds), len(INITS))
    return {
        "loss": loss.reshape(shape + loss.shape[1:]),  # (S, I, iterations)
        "test_acc": test_acc.reshape(shape),
        "diverged_at": diverged_at.reshape(shape),
    }
