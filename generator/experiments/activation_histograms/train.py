"""The activation-histograms computation: every setting's forward pass, its histograms and statistics.

Forward only, no data set: inputs and weights come from each member's ``init`` stream. Settings
that share an activation run as one stack. Besides the book's nine settings, every activation runs
over a grid of weight stds (``Config.std_grid``) for the page's explorable: the same inputs, each
grid point its own weights.
"""

import numpy as np

from generator.engine import Relu, Sigmoid, Tanh, init_std, member_streams
from generator.experiments.activation_histograms.config import (
    BOUNDS,
    CENTRE_MARGIN,
    SATURATION_MARGIN,
    SETTINGS,
    Config,
    activation_of,
)

ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu}
"""The engine's layer of each activation; the stacks run in this order."""
GRID_KEY = 1000
"""Spawn keys of the grid's members start here, apart from the nine settings' keys 0–8."""


def run(config: Config, data, seeds, progress=None):
    S, K, L = len(seeds), len(SETTINGS), config.n_layers
    shape = (S, K, L)
    metrics = {
        "hist_counts": np.zeros(shape + (config.bins,), dtype=np.int64),
        "bin_edges": np.zeros((S, K, config.bins + 1)),
        **{name: np.full(shape, np.nan) for name in ("mean", "std", "saturated_frac", "centre_frac", "zero_frac")},
    }
    inputs = [member_streams(seed).init.standard_normal((config.n_samples, config.n_units)) for seed in seeds]
    groups = [[k for k, s in enumerate(SETTINGS) if activation_of(s) == name] for name in ACTIVATIONS]
    for done, group in enumerate(groups, start=1):
        members = [(s, k) for s in range(S) for k in group]
        rngs = [member_streams(seeds[s], k).init for s, k in members]
        stds = np.array([init_std(config.weight_init(SETTINGS[k]), config.n_units) for _, k in members])
        a = np.stack([inputs[s] for s, _ in members])  # (T, N, D)
        activation = ACTIVATIONS[activation_of(SETTINGS[group[0]])]()
        for layer in range(L):
            W = stds[:, None, None] * np.stack([r.standard_normal((config.n_units, config.n_units)) for r in rngs])
            a = activation.forward(np.matmul(a, W))  # (T, N, D)
            for (s, k), values in zip(members, a):
                _measure(metrics, config, s, k, layer, values)
        if progress is not None:
            progress(done, len(groups) + 1)
    metrics.update(_grid(config, seeds, inputs))
    if progress is not None:
        progress(len(groups) + 1, len(groups) + 1)
    return metrics


def _grid(config: Config, seeds, inputs) -> dict:
    """Histograms and stds of every layer for each activation at each std of ``config.std_grid``."""
    grid = np.array(config.std_grid)
    S, A, G, L = len(seeds), len(ACTIVATIONS), len(grid), config.n_layers
    counts = np.zeros((S, A, G, L, config.bins), dtype=np.int64)
    std = np.zeros((S, A, G, L))
    for a, (name, layer_type) in enumerate(ACTIVATIONS.items()):
        lo, hi = BOUNDS.get(name, (0.0, config.relu_max))
        for s, seed in enumerate(seeds):
            rngs = [member_streams(seed, GRID_KEY, a, g).init for g in range(G)]
            x = np.broadcast_to(inputs[s], (G, *inputs[s].shape))  # (G, N, D)
            activation = layer_type()
            for layer in range(L):
                W = grid[:, None, None] * np.stack([r.standard_normal((config.n_units, config.n_units)) for r in rngs])
                x = activation.forward(np.matmul(x, W))  # (G, N, D)
                std[s, a, :, layer] = x.std(axis=(1, 2))
                for g in range(G):
                    counts[s, a, g, layer] = np.histogram(x[g], config.bins, range=(lo, hi))[0]
    return {"grid_std": np.broadcast_to(grid, (S, G)).copy(), "grid_hist_counts": counts, "grid_layer_std": std}


def _measure(metrics, config, s, k, layer, values):
    setting = SETTINGS[k]
    lo, hi = config.hist_range(setting)
    counts, edges = np.histogram(values, config.bins, range=(lo, hi))
    metrics["hist_counts"][s, k, layer] = counts
    metrics["bin_edges"][s, k] = edges
    metrics["mean"][s, k, layer] = values.mean()
    metrics["std"][s, k, layer] = values.std()
    metrics["zero_frac"][s, k, layer] = (values == 0).mean()
    if activation_of(setting) in BOUNDS:
        metrics["saturated_frac"][s, k, layer] = ((values - lo < SATURATION_MARGIN) | (hi - values < SATURATION_MARGIN)).mean()
        metrics["centre_frac"][s, k, layer] = (np.abs(values - (lo + hi) / 2) < CENTRE_MARGIN).mean()
