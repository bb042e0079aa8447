"""The init-symmetry workload for ``make bench``: as the book's code would run it, one network at a
time in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

import numpy as np

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.init_symmetry.config import VARIANTS


def reference(config, data, rng):
    """Book 6.2.1: a two-layer network from all-zero, constant and random weights, its units' spread traced."""
    x_train, t_train, x_test, t_test = float64_data(data)
    networks = OrderedDict()
    for name, init in zip(VARIANTS, config.weight_inits):
        std = init if isinstance(init, float) else config.random_std
        network = MultiLayerNetExtend(784, [config.hidden_size], 10, rng, activation=config.activation, weight_init_std=std)
        if isinstance(init, str):  # "zero" or "constant:<value>": every weight the same value
            value = 0.0 if init == "zero" else float(init.split(":", 1)[1])
            for key in ("W1", "W2"):
                network.params[key][...] = value
        networks[name] = (network, SGD(lr=config.lr))

    def spread(network):
        units = np.concatenate([network.params["W1"].T, network.params["b1"][:, None], network.params["W2"]], axis=1)
        return (units.max(axis=0) - units.min(axis=0)).max() / max(np.abs(units).max(), 1e-300)

    points = config.trace_iterations
    spreads = {key: [spread(network)] for key, (network, _) in networks.items()}
    for start, stop in zip(points[:-1], points[1:]):
        train_networks(networks, x_train, t_train, rng, batch_size=config.batch_size, iterations=int(stop - start))
        for key, (network, _) in networks.items():
            spreads[key].append(spread(network))
    test_acc = {key: network.accuracy(x_test, t_test) for key, (network, _) in networks.items()}
    return spreads, test_acc


def alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    stretches = tuple(int(n) for n in np.diff(config.trace_iterations))
    train_all(
        Net(
            (0, v),
            (config.hidden_size,),
            x,
            data.y_train,
            config.batch_size,
            hyper={"lr": config.lr},
            iterations=stretches,
            activation=config.activation,
            weight_init=init,
            test=(x_test, data.y_test),
        )
        for v, init in enumerate(config.weight_inits)
    )


def flops(config, data):
    one = training_flops(sizes((config.hidden_size,)), config.batch_size, config.iterations, len(data.x_test))
    return len(VARIANTS) * one


def members(config):
    return len(VARIANTS)
