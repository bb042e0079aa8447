"""The optimizer-ranking workload for ``make bench``: the book's way, one network and one optimiser
at a time, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

from generator.bench.reference import OPTIMIZERS as REFERENCE_OPTIMIZERS
from generator.bench.reference import MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.optimizer_ranking.config import MULTIPLIERS
from generator.experiments.optimizer_ranking.train import bowl_distances
from generator.experiments.optimizers import INPUTS, OPTIMIZERS


def reference(config, data, rng):
    """ch06/optimizer_compare_mnist.py once per multiplier, with the six optimisers at that multiple of their rates."""
    x_train, t_train, _, _ = float64_data(data)
    losses = {}
    for multiplier in MULTIPLIERS:
        networks = OrderedDict()
        for name, lr in zip(OPTIMIZERS, config.mnist_lrs):
            network = MultiLayerNetExtend(INPUTS, config.hidden_sizes, 10, rng, weight_init_std="relu")
            networks[name] = (network, REFERENCE_OPTIMIZERS[name](lr=lr * multiplier, **config.extra_hyperparameters(name)))
        losses[multiplier], _ = train_networks(networks, x_train, t_train, rng, batch_size=config.batch_size, iterations=config.iterations)
    return losses, bowl_distances(config)


def alone(config, data):
    (x,) = cast(config, data.x_train)
    train_all(
        Net((0,), config.hidden_sizes, x, data.y_train, config.batch_size, name,
            {"lr": lr * multiplier, **config.extra_hyperparameters(name)}, iterations=(config.iterations,))
        for name, lr in zip(OPTIMIZERS, config.mnist_lrs)
        for multiplier in MULTIPLIERS
    )
    bowl_distances(config)


def flops(config, data):
    one = training_flops(sizes(config.hidden_sizes), config.batch_size, config.iterations)
    return len(OPTIMIZERS) * len(MULTIPLIERS) * one


def members(config):
    return len(OPTIMIZERS) * len(MULTIPLIERS)

