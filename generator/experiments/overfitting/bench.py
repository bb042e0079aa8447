"""The overfitting workload for ``make bench``: as the book's scripts run it, one network at a time
in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.overfitting.config import VARIANTS


def reference(config, data, rng):
    """ch06/overfit_weight_decay.py and overfit_dropout.py, with the baseline, one network at a time."""
    x_train, t_train, x_test, t_test = float64_data(data, config.n_train)
    results = {}
    for name, (weight_decay, dropout_ratio) in zip(VARIANTS, config.variant_settings()):
        network = MultiLayerNetExtend(
            784,
            config.hidden_sizes,
            10,
            rng,
            weight_decay_lambda=weight_decay,
            use_dropout=dropout_ratio > 0,
            dropout_ratio=dropout_ratio,
        )
        _, accuracy = train_networks(
            {name: (network, SGD(lr=config.lr))},
            x_train,
            t_train,
            rng,
            batch_size=config.batch_size,
            epochs=config.epochs,
            evaluate=[(x_train, t_train), (x_test, t_test)],
        )
        results[name] = accuracy[name]
    return results


def alone(config, data):
    x, x_test = cast(config, data.x_train[: config.n_train], data.x_test)
    t = data.y_train[: config.n_train]
    train_all(
        Net(
            (0, v),
            config.hidden_sizes,
            x,
            t,
            config.batch_size,
            hyper={"lr": config.lr},
            epochs=config.epochs,
            weight_decay=weight_decay,
            dropout_ratio=dropout_ratio,
            evaluate={"train": (x, t), "test": (x_test, data.y_test)},
        )
        for v, (weight_decay, dropout_ratio) in enumerate(config.variant_settings())
    )


def flops(config, data):
    iterations = config.epochs * (config.n_train // config.batch_size)
    evaluated = (config.epochs + 1) * (config.n_train + len(data.x_test))
    return len(VARIANTS) * training_flops(sizes(config.hidden_sizes), config.batch_size, iterations, evaluated)


def members(config):
    return len(VARIANTS)
