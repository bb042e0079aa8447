"""Training of the batch-norm sweep: every scale and seed, with and without batch norm, a few networks at a time."""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.engine.stacking import in_stacks
from generator.experiments.batchnorm_sweep.config import Config


def train_members(config: Config, data, members, progress=None):
    """Train the networks ``members`` = [(seed, scale index, with batch norm), ...] as one stack.

    Returns per-member (T, ...) arrays: train_acc (T, epochs + 1), test_acc (T,), diverged_at (T,).
    A network's streams depend only on (seed, scale index), so with and without batch norm it
    starts from the same weights and draws the same mini-batches, whatever else is stacked.
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    scales = config.scales
    streams = [member_streams(seed, scale) for seed, scale, _ in members]
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init=[float(scales[scale]) for _, scale, _ in members],
        batch_norm=[bn for _, _, bn in members],
        dtype=dtype,
    )
    result = train(
        net,
        make_optimizer("sgd", lr=config.lr),
        x,
        t,
        streams=streams,
        batch_size=config.batch_size,
        epochs=config.epochs,
        evaluate={"train": (x, t)},
        on_epoch=progress,
    )
    with np.errstate(over="ignore", invalid="ignore"):  # diverged members hold non-finite weights
        test_acc = net.accuracy(data.x_test.astype(dtype), data.y_test)
    return {
        "train_acc": result.accuracy["train"],
        "test_acc": np.where(result.diverged, np.nan, test_acc),
        "diverged_at": result.diverged_at,
    }


def run(config: Config, data, seeds, progress=None):
    # Two stacks, with and without batch norm: one mixed stack would normalise every member and
    # discard half of it. A member's streams depend on (seed, scale) only, so each pair still
    # shares its initial weights and mini-batches, and batch norm is the only difference.
    shape = (len(seeds), config.n_scales)
    parts = []
    for bn in (True, False):  # VARIANTS order
        members = [(seed, scale, bn) for seed in seeds for scale in range(config.n_scales)]
        result = in_stacks(members, lambda chunk, stack_progress: train_members(config, data, chunk, stack_progress), progress)
        parts.append({name: value.reshape(shape + value.shape[1:]) for name, value in result.items()})
    metrics = {name: np.stack([part[name] for part in parts], axis=2) for name in parts[0]}  # (S, scales, V, ...)
    metrics["scales"] = np.tile(config.scales, (len(seeds), 1))  # (S, scales)
    return metrics
