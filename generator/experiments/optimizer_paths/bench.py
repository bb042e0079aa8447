"""The optimizer-paths workload for ``make bench``: as the book's script runs it, one optimiser at a
time in the engine, and its FLOP count (see ``generator.bench.workloads``)."""

from collections import OrderedDict

import numpy as np

from generator.bench.reference import OPTIMIZERS as REFERENCE_OPTIMIZERS
from generator.experiments.optimizers import OPTIMIZERS
from generator.experiments.optimizer_paths.train import descend

PATH_STEP_FLOPS = 16
"""An optimizer step on the two coordinates of f(x, y): gradient and update, counted by hand."""


def reference(config, data, rng):
    """ch06/optimizer_compare_naive.py: 30 steps of each optimizer on x²/20 + y² from (-7, 2)."""

    def df(x, y):
        return x / 10.0, 2.0 * y

    paths = OrderedDict()
    for name, lr in zip(OPTIMIZERS, config.learning_rates):
        optimizer = REFERENCE_OPTIMIZERS[name](lr=lr)
        params = {"x": config.start_x, "y": config.start_y}
        grads = {"x": 0, "y": 0}
        x_history, y_history = [], []
        for _ in range(config.steps):
            x_history.append(params["x"])
            y_history.append(params["y"])
            grads["x"], grads["y"] = df(params["x"], params["y"])
            optimizer.update(params, grads)
        x_history.append(params["x"])
        y_history.append(params["y"])
        paths[name] = (np.array(x_history), np.array(y_history))
    return paths


def alone(config, data):
    for name, lr in zip(OPTIMIZERS, config.learning_rates):
        descend(name, lr, config)


def flops(config, data):
    return len(OPTIMIZERS) * config.steps * PATH_STEP_FLOPS


def members(config):
    return len(OPTIMIZERS)
