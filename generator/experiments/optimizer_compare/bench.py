"""The optimizer-compare workload for ``make bench``: as the book's script runs it, one network at a
time in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

from generator.bench.reference import OPTIMIZERS as REFERENCE_OPTIMIZERS
from generator.bench.reference import MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.optimizers import INPUTS, OPTIMIZERS


def reference(config, data, rng):
    """ch06/optimizer_compare_mnist.py, with the experiment's six optimizers and a final test accuracy."""
    x_train, t_train, x_test, t_test = float64_data(data)
    networks = OrderedDict()
    for name, hyper in zip(OPTIMIZERS, config.hyperparameters):
        network = MultiLayerNetExtend(INPUTS, config.hidden_sizes, 10, rng, weight_init_std="relu")
        networks[name] = (network, REFERENCE_OPTIMIZERS[name](**hyper))
    train_loss, _ = train_networks(networks, x_train, t_train, rng, batch_size=config.batch_size, iterations=config.iterations)
    test_acc = {key: network.accuracy(x_test, t_test) for key, (network, _) in networks.items()}
    return train_loss, test_acc


def alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    train_all(
        Net((0, i), config.hidden_sizes, x, data.y_train, config.batch_size, name, hyper, iterations=(config.iterations,), test=(x_test, data.y_test))
        for i, (name, hyper) in enumerate(zip(OPTIMIZERS, config.hyperparameters))
    )


def flops(config, data):
    one = training_flops(sizes(config.hidden_sizes), config.batch_size, config.iterations, len(data.x_test))
    return len(OPTIMIZERS) * one


def members(config):
    return len(OPTIMIZERS)
