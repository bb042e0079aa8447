"""The init-compare workload for ``make bench``: as the book's script runs it, one network at a time
in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.init_compare.config import INITS


def reference(config, data, rng):
    """ch06/weight_init_compare.py, with a final test accuracy."""
    x_train, t_train, x_test, t_test = float64_data(data)
    networks = OrderedDict()
    for name, init in zip(INITS, config.weight_inits):
        network = MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, weight_init_std=init)
        networks[name] = (network, SGD(lr=config.lr))
    train_loss, _ = train_networks(networks, x_train, t_train, rng, batch_size=config.batch_size, iterations=config.iterations)
    test_acc = {key: network.accuracy(x_test, t_test) for key, (network, _) in networks.items()}
    return train_loss, test_acc


def alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    train_all(
        Net((0, i), config.hidden_sizes, x, data.y_train, config.batch_size, hyper={"lr": config.lr},
            iterations=(config.iterations,), weight_init=init, test=(x_test, data.y_test))
        for i, init in enumerate(config.weight_inits)
    )


def flops(config, data):
    one = training_flops(sizes(config.hidden_sizes), config.batch_size, config.iterations, len(data.x_test))
    return len(INITS) * one


def members(config):
    return len(INITS)
