"""Training of the dropout-ratio sweep: every ratio and every seed as one stack.

Training accuracy is measured after every epoch (300 images, cheap); test accuracy on all 10,000
test images only after each of the last ``test_window`` epochs, the window the claims average,
because measuring it after every epoch would cost more than the training itself.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.dropout_ratio.config import Config


def stream_key(ratio: float) -> int:
    """A run's stream key: its ratio in thousandths, so adding a ratio to the sweep never shifts another's numbers."""
    return round(ratio * 1000)


def run(config: Config, data, seeds, progress=None):
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    x_test, t_test = data.x_test.astype(dtype), data.y_test
    R = len(config.ratios)
    streams = [member_streams(seed, stream_key(r)) for seed in seeds for r in config.ratios]  # (S * R)
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        dropout_ratio=list(config.ratios) * len(seeds),
        dtype=dtype,
    )
    first_test = config.epochs - config.test_window + 1
    test_acc = np.full((len(streams), config.test_window), np.nan)

    def on_epoch(epoch, total):
        if epoch >= first_test:
            test_acc[:, epoch - first_test] = net.accuracy(x_test, t_test)
        if progress is not None:
            progress(epoch, total)

    result = train(
        net,
        make_optimizer("sgd", lr=config.lr),
        x,
        t,
        streams=streams,
        batch_size=config.batch_size,
        epochs=config.epochs,
        evaluate={"train": (x, t)},
        on_epoch=on_epoch,
    )
    # as the trainer does for its own evaluations: nothing is measured from the epoch a member diverged in
    per_epoch = config.n_train // config.batch_size
    epochs = np.arange(first_test, config.epochs + 1)
    diverged_by = (result.diverged_at[:, None] >= 0) & (result.diverged_at[:, None] <= epochs[None, :] * per_epoch)
    test_acc[diverged_by] = np.nan

    def per_ratio(a):
        return a.reshape((len(seeds), R) + a.shape[1:])  # (S, R, ...)

    return {
        "train_acc": per_ratio(result.accuracy["train"]),
        "test_acc": per_ratio(test_acc),
        "diverged_at": per_ratio(result.diverged_at),
    }
