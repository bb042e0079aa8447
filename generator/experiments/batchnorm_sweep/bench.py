"""The batch-norm sweep for ``make bench``: as the book's script runs it, one network at a time
in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.batchnorm_sweep.config import VARIANTS


def reference(config, data, rng):
    """ch06/batch_norm_test.py: with and without batch norm at each weight scale, plus final test accuracies."""
    x_train, t_train, x_test, t_test = float64_data(data, config.n_train)
    results = OrderedDict()
    for w in config.scales:
        networks = OrderedDict(
            [
                ("batch-norm", (MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, weight_init_std=w, use_batchnorm=True), SGD(lr=config.lr))),
                ("plain", (MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, weight_init_std=w), SGD(lr=config.lr))),
            ]
        )
        _, accuracy = train_networks(
            networks, x_train, t_train, rng, batch_size=config.batch_size, epochs=config.epochs, evaluate=[(x_train, t_train)]
        )
        results[w] = accuracy, {key: network.accuracy(x_test, t_test) for key, (network, _) in networks.items()}
    return results


def alone(config, data):
    x, x_test = cast(config, data.x_train[: config.n_train], data.x_test)
    t = data.y_train[: config.n_train]
    train_all(
        Net(
            (0, scale),
            config.hidden_sizes,
            x,
            t,
            config.batch_size,
            hyper={"lr": config.lr},
            epochs=config.epochs,
            weight_init=float(config.scales[scale]),
            batch_norm=bn,
            evaluate={"train": (x, t)},
            test=(x_test, data.y_test),
        )
        for scale in range(config.n_scales)
        for bn in (True, False)
    )


def flops(config, data):
    iterations = config.epochs * (config.n_train // config.batch_size)
    evaluated = (config.epochs + 1) * config.n_train + len(data.x_test)
    return members(config) * training_flops(sizes(config.hidden_sizes), config.batch_size, iterations, evaluated)


def members(config):
    return len(VARIANTS) * config.n_scales
