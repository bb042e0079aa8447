"""The overfitting workload for ``make bench``: as the book's scripts run it, one network at a time
in the engine, and its FLOP count (see ``generator.bench.workloads``).

Every run of the experiment is in the workload, each with its own epochs. The book's code has
only test-time scaling, and ``workloads.Net`` has no inverted flag, so the inverted-dropout run
is timed as ordinary dropout there: the same arithmetic. The Monte Carlo dropout passes are in
the reference and the FLOP count; ``alone`` leaves them out, since ``train_alone`` does not
return its network.
"""

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops


def reference(config, data, rng):
    """ch06/overfit_weight_decay.py and overfit_dropout.py, their baseline and the smaller networks, one network at a time."""
    x_train, t_train, x_test, t_test = float64_data(data, config.n_train)
    results = {}
    for v in config.runs():
        network = MultiLayerNetExtend(
            784,
            v.hidden_sizes,
            10,
            rng,
            weight_decay_lambda=v.weight_decay,
            use_dropout=v.dropout_ratio > 0,
            dropout_ratio=v.dropout_ratio,
        )
        _, accuracy = train_networks(
            {v.key: (network, SGD(lr=config.lr))},
            x_train,
            t_train,
            rng,
            batch_size=config.batch_size,
            epochs=v.epochs,
            evaluate=[(x_train, t_train), (x_test, t_test)],
        )
        results[v.key] = accuracy[v.key]
        if v.key == "dropout":
            results["mc"] = [network.predict(x_test, train=True) for _ in range(config.mc_masks[-1])]
    return results


def alone(config, data):
    x, x_test = cast(config, data.x_train[: config.n_train], data.x_test)
    t = data.y_train[: config.n_train]
    train_all(
        Net(
            (0, v.streams),
            v.hidden_sizes,
            x,
            t,
            config.batch_size,
            hyper={"lr": config.lr},
            epochs=v.epochs,
            weight_decay=v.weight_decay,
            dropout_ratio=v.dropout_ratio,
            evaluate={"train": (x, t), "test": (x_test, data.y_test)},
        )
        for v in config.runs()
    )


def flops(config, data):
    per_epoch = config.n_train // config.batch_size
    total = 0
    for v in config.runs():
        evaluated = (v.epochs + 1) * (config.n_train + len(data.x_test))
        if v.key == "dropout":
            evaluated += config.mc_masks[-1] * len(data.x_test)
        total += training_flops(sizes(v.hidden_sizes), config.batch_size, v.epochs * per_epoch, evaluated)
    return total


def members(config):
    return len(config.runs())
