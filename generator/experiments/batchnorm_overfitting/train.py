"""Training of the batch-norm overfitting experiment: the four variants and every seed as one stack.

Accuracy is measured only at ``config.eval_epochs``: training runs in stretches between those
epochs. Measuring never changes a network (evaluation mode draws no masks and leaves batch norm's
running statistics alone), so the networks learn exactly what one uninterrupted run would teach.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.batchnorm_overfitting.config import VARIANTS, Config


def train_members(config: Config, data, members, progress=None):
    """Train the networks ``members`` = [(seed, variant index), ...] as one stack.

    Returns per-member (T, ...) arrays: train_acc and test_acc (T, evaluations), loss (T, iterations)
    and diverged_at (T,). A network's streams depend on its seed only, so the four variants of a seed
    draw the same initial weights and mini-batches (and the dropout ones the same masks), whatever
    else is stacked: a difference between them is the switch alone.
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    x_test, t_test = data.x_test.astype(dtype), data.y_test
    settings = [config.variant_settings()[v] for _, v in members]
    streams = [member_streams(seed) for seed, _ in members]
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        batch_norm=[bn for bn, _ in settings],
        dropout_ratio=[ratio for _, ratio in settings],
        dtype=dtype,
    )
    optimizer = make_optimizer("sgd", lr=config.lr)
    per_epoch = config.n_train // config.batch_size
    diverged_at = np.full(net.members, -1, dtype=np.int64)
    losses, train_acc, test_acc = [], [], []

    def measure():
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged member holds non-finite weights
            for (xe, te), out in (((x, t), train_acc), ((x_test, t_test), test_acc)):
                out.append(np.where(diverged_at >= 0, np.nan, net.accuracy(xe, te)))

    schedule = config.eval_epochs
    measure()
    for before, after in zip(schedule[:-1], schedule[1:]):
        earlier = diverged_at >= 0
        part = train(net, optimizer, x, t, streams=streams, batch_size=config.batch_size, epochs=after - before)
        # Only a member's first divergence is recorded; from then on its losses and accuracies are NaN,
        # whatever its weights do in later stretches.
        first = ~earlier & part.diverged
        diverged_at[first] = before * per_epoch + part.diverged_at[first]
        losses.append(np.where(earlier[:, None], np.nan, part.loss))
        measure()
        if progress is not None:
            progress(after, config.epochs)
    return {
        "train_acc": np.stack(train_acc, axis=-1),
        "test_acc": np.stack(test_acc, axis=-1),
        "loss": np.concatenate(losses, axis=-1),
        "diverged_at": diverged_at,
    }


def run(config: Config, data, seeds, progress=None):
    members = [(seed, v) for seed in seeds for v in range(len(VARIANTS))]
    result = train_members(config, data, members, progress)
    shape = (len(seeds), len(VARIANTS))
    metrics = {name: value.reshape(shape + value.shape[1:]) for name, value in result.items()}  # (S, V, ...)
    metrics["eval_epochs"] = np.tile(config.eval_epochs, (len(seeds), 1))  # (S, evaluations)
    return metrics
