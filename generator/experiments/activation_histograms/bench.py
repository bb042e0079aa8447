"""The activation-histograms workload for ``make bench``: the book's script for each setting, the
engine's layers one setting at a time, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

import numpy as np

from generator.engine import Relu, Sigmoid, Tanh, init_std, member_streams
from generator.experiments.activation_histograms.config import SATURATION_MARGIN, SETTINGS, activation_of


def reference(config, data, rng):
    """ch06/weight_init_activation_histogram.py for each of the nine settings, histograms and statistics."""
    activation_functions = {"sigmoid": lambda x: 1 / (1 + np.exp(-x)), "tanh": np.tanh, "relu": lambda x: np.maximum(0, x)}
    node_num = config.n_units
    input_data = rng.standard_normal((config.n_samples, node_num))
    results = OrderedDict()
    for setting in SETTINGS:
        activation = activation_functions[activation_of(setting)]
        init = config.weight_init(setting)
        scale = {"xavier": np.sqrt(1.0 / node_num), "he": np.sqrt(2.0 / node_num)}.get(init, init)
        activations = {}
        x = input_data
        for i in range(config.n_layers):
            if i != 0:
                x = activations[i - 1]
            w = rng.standard_normal((node_num, node_num)) * scale
            activations[i] = activation(np.dot(x, w))
        lo, hi = config.hist_range(setting)
        results[setting] = [
            (np.histogram(a.flatten(), config.bins, range=(lo, hi)), a.mean(), a.std(), np.mean(a == 0),
             np.mean((a - lo < SATURATION_MARGIN) | (hi - a < SATURATION_MARGIN)))
            for a in activations.values()
        ]
    return results


def alone(config, data):
    layers = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu}
    inputs = member_streams(0).init.standard_normal((config.n_samples, config.n_units))
    for k, setting in enumerate(SETTINGS):
        rng = member_streams(0, k).init
        std = init_std(config.weight_init(setting), config.n_units)
        layer = layers[activation_of(setting)]()
        a = inputs[None]  # (1, N, D)
        lo, hi = config.hist_range(setting)
        for _ in range(config.n_layers):
            a = layer.forward(np.matmul(a, std * rng.standard_normal((config.n_units, config.n_units))))
            np.histogram(a, config.bins, range=(lo, hi))
            a.mean(), a.std(), (a == 0).mean(), ((a - lo < SATURATION_MARGIN) | (hi - a < SATURATION_MARGIN)).mean()


def flops(config, data):
    per_layer = 2 * config.n_samples * config.n_units**2
    return len(SETTINGS) * config.n_layers * per_layer


def members(config):
    return len(SETTINGS)
