"""The six optimisers at three learning rates each, on the bowl and on MNIST.

The bowl has nothing random: its final distances are computed once and repeated for every seed.
On MNIST each optimiser trains one stack of S·M members (seed-major, then multiplier), each
member with its own learning rate. Every member of a seed uses ``member_streams(seed)``: the same
initial weights and the same mini-batches for every optimiser and learning rate, so within a seed
two runs differ only in how they update (common random numbers; the ranking is not decided by
one optimiser drawing luckier weights).
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.optimizer_ranking.config import MULTIPLIERS, Config
from generator.experiments.optimizers import INPUTS, OPTIMIZERS, gradient


def bowl_distances(config: Config) -> np.ndarray:
    """Distance to the minimum (0, 0) after ``bowl_steps`` updates, per optimiser and multiplier: (O, M)."""
    out = np.empty((len(OPTIMIZERS), len(MULTIPLIERS)))
    multipliers = np.array(MULTIPLIERS)
    for o, (name, lr) in enumerate(zip(OPTIMIZERS, config.bowl_lrs)):
        # one member per multiplier, one number per coordinate
        params = {"x": np.full((len(MULTIPLIERS), 1), config.start_x), "y": np.full((len(MULTIPLIERS), 1), config.start_y)}
        optimizer = make_optimizer(name, lr=lr * multipliers, **config.extra_hyperparameters(name))
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(config.bowl_steps):
                dx, dy = gradient(params["x"], params["y"])
                optimizer.update(params, {"x": dx, "y": dy})
            out[o] = np.hypot(params["x"][:, 0], params["y"][:, 0])
    return out


def train_optimizer(config: Config, data, index: int, seeds, progress=None):
    """One stack for optimiser ``OPTIMIZERS[index]``: loss (S, M, iterations) and diverged_at (S, M)."""
    name = OPTIMIZERS[index]
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed) for seed in seeds for _ in MULTIPLIERS]  # (S * M)
    net = MultiLayerNet(INPUTS, config.hidden_sizes, 10, streams=streams, activation="relu", weight_init="he", dtype=dtype)
    lr = np.tile(config.mnist_lrs[index] * np.array(MULTIPLIERS), len(seeds))  # (S * M)
    optimizer = make_optimizer(name, lr=lr, **config.extra_hyperparameters(name))
    result = train(net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=config.iterations, on_epoch=progress)
    shape = (len(seeds), len(MULTIPLIERS))
    return result.loss.reshape(shape + result.loss.shape[1:]), result.diverged_at.reshape(shape)


def run(config: Config, data, seeds, progress=None):
    def report(index):
        if progress is None:
            return None
        return lambda done, total: progress(index * total + done, len(OPTIMIZERS) * total)

    runs = [train_optimizer(config, data, i, seeds, report(i)) for i in range(len(OPTIMIZERS))]
    loss, diverged_at = (np.stack(parts, axis=1) for parts in zip(*runs))  # (S, O, M, ...)
    distance = np.repeat(bowl_distances(config)[np.newaxis], len(seeds), axis=0)  # (S, O, M)
    return {"bowl_distance": distance, "loss": loss, "diverged_at": diverged_at}
