"""Training of the optimizer-compare experiment: one stack per optimiser, one member per seed.

An optimiser's state belongs to a whole stack, so each optimiser trains its own stack with one
member per seed: six stacks of S members rather than one of 6·S. That costs five more Python
loops over 2000 iterations but needs nothing beyond the engine's optimisers. A member's stream is
``member_streams(seed, optimizer index)``, so a seed's run is the same whatever else is trained.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.optimizer_compare.config import Config
from generator.experiments.optimizers import INPUTS, OPTIMIZERS


def train_optimizer(config: Config, data, index: int, seeds, progress=None):
    """Train one stack, a member per seed, with optimiser ``OPTIMIZERS[index]``.

    Returns (loss (S, iterations), final test accuracy (S,), diverged_at (S,)).
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed, index) for seed in seeds]
    net = MultiLayerNet(INPUTS, config.hidden_sizes, 10, streams=streams, activation="relu", weight_init="he", dtype=dtype)
    optimizer = make_optimizer(OPTIMIZERS[index], **config.hyperparameters[index])
    result = train(
        net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=config.iterations, on_epoch=progress
    )
    test_acc = np.where(result.diverged, np.nan, net.accuracy(data.x_test.astype(dtype), data.y_test))
    return result.loss, test_acc, result.diverged_at


def run(config: Config, data, seeds, progress=None):
    def report(index):
        if progress is None:
            return None
        return lambda done, total: progress(index * total + done, len(OPTIMIZERS) * total)

    runs = [train_optimizer(config, data, i, seeds, report(i)) for i in range(len(OPTIMIZERS))]
    loss, test_acc, diverged_at = (np.stack(parts, axis=1) for parts in zip(*runs))  # (S, O, ...)
    return {"loss": loss, "test_acc": test_acc, "diverged_at": diverged_at}
