"""Training of the overfitting experiment: the three variants and every seed as one stack."""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.overfitting.config import VARIANTS, Config


def run(config: Config, data, seeds, progress=None):
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    x_test, t_test = data.x_test.astype(dtype), data.y_test
    settings = config.variant_settings()
    streams = [member_streams(seed, v) for seed in seeds for v in range(len(VARIANTS))]  # (S * V)
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        weight_decay=[s[0] for s in settings] * len(seeds),
        dropout_ratio=[s[1] for s in settings] * len(seeds),
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
        evaluate={"train": (x, t), "test": (x_test, t_test)},
        on_epoch=progress,
    )
    shape = (len(seeds), len(VARIANTS))

    def per_variant(a):
        return a.reshape(shape + a.shape[1:])  # (S, V, ...)

    return {
        "train_acc": per_variant(result.accuracy["train"]),
        "test_acc": per_variant(result.accuracy["test"]),
        "loss": per_variant(result.loss),
        "diverged_at": per_variant(result.diverged_at),
    }
