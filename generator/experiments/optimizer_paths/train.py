"""Descent of the six optimisers on the bowl, each from the same start with the engine's update rules.

Nothing here is random: the paths are computed once and repeated for every seed, so the metrics
keep the runner's leading seed axis while the seed picks nothing.
"""

import numpy as np

from generator.engine import make_optimizer
from generator.experiments.optimizer_paths.config import MOMENTUM, Config
from generator.experiments.optimizers import OPTIMIZERS, extra_hyperparameters, f, gradient


WITH_MOMENTUM = ("Momentum", "Nesterov")
"""The optimisers whose α the explorable varies."""


def hyperparameters(name: str, lr: float, momentum: float = MOMENTUM) -> dict:
    """``lr``, plus α for the two optimisers that have one; the rest keep the engine's defaults."""
    return {"lr": lr, **extra_hyperparameters(name, momentum=momentum)}


def descend(name: str, lr: float, config: Config, momentum: float = MOMENTUM) -> np.ndarray:
    """The points visited by one optimiser, start included: (steps + 1, 2)."""
    # one member, one number per coordinate, as the book's params['x'] and params['y']
    params = {"x": np.full((1, 1), config.start_x), "y": np.full((1, 1), config.start_y)}
    optimizer = make_optimizer(name, **hyperparameters(name, lr, momentum))
    path = [(config.start_x, config.start_y)]
    with np.errstate(over="ignore", invalid="ignore"):  # a learning rate too large diverges: a result, drawn as such
        for _ in range(config.steps):
            dx, dy = gradient(params["x"], params["y"])
            optimizer.update(params, {"x": dx, "y": dy})
            path.append((params["x"].item(), params["y"].item()))
    return np.array(path)


def grid(config: Config) -> dict:
    """The explorable's paths: every optimiser over its learning-rate grid (at the book's α), and
    Momentum and Nesterov over the grid of α as well."""
    lrs = np.array([config.lr_grid(lr) for lr in config.learning_rates])  # (O, P)
    paths = np.stack([np.stack([descend(name, lr, config) for lr in lrs[o]]) for o, name in enumerate(OPTIMIZERS)])
    momentum_paths = np.stack([
        np.stack([np.stack([descend(name, lr, config, alpha) for lr in lrs[OPTIMIZERS.index(name)]])
                  for alpha in config.momentum_grid])
        for name in WITH_MOMENTUM
    ])  # (2, M, P, steps + 1, 2)
    return {"grid_lr": lrs, "grid_path": paths, "momentum_grid": np.array(config.momentum_grid),
            "momentum_grid_path": momentum_paths}


def y_reversals(paths) -> np.ndarray:
    """How many times the motion along y turns back, per path: (..., steps + 1, 2) -> (...)."""
    dy = np.diff(paths[..., 1], axis=-1)  # (..., steps)
    return (dy[..., 1:] * dy[..., :-1] < 0).sum(axis=-1)


def run(config: Config, data, seeds, progress=None):
    paths = np.stack([descend(name, lr, config) for name, lr in zip(OPTIMIZERS, config.learning_rates)])  # (O, steps + 1, 2)
    steps = np.diff(paths, axis=1)  # (O, steps, 2)
    per_optimizer = {
        "path": paths,
        "final_distance": np.linalg.norm(paths[:, -1], axis=-1),
        "final_value": f(paths[:, -1, 0], paths[:, -1, 1]),
        "path_length": np.linalg.norm(steps, axis=-1).sum(axis=-1),
        "y_reversals": y_reversals(paths),
        **grid(config),
    }
    if progress is not None:
        progress(1, 1)
    return {name: np.repeat(a[np.newaxis], len(seeds), axis=0) for name, a in per_optimizer.items()}  # (S, O, ...)
