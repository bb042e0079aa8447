"""Descent of the six optimisers on the bowl, each from the same start with the engine's update rules.

Nothing here is random: the paths are computed once and repeated for every seed, so the metrics
keep the runner's leading seed axis while the seed picks nothing.
"""

import numpy as np

from generator.engine import make_optimizer
from generator.experiments.optimizer_paths.config import MOMENTUM, Config
from generator.experiments.optimizers import OPTIMIZERS, extra_hyperparameters, f, gradient


def hyperparameters(name: str, lr: float) -> dict:
    """``lr``, plus α for the two optimisers that have one; the rest keep the engine's defaults."""
    return {"lr": lr, **extra_hyperparameters(name, momentum=MOMENTUM)}


def descend(name: str, lr: float, config: Config) -> np.ndarray:
    """The points visited by one optimiser, start included: (steps + 1, 2)."""
    # one member, one number per coordinate, as the book's params['x'] and params['y']
    params = {"x": np.full((1, 1), config.start_x), "y": np.full((1, 1), config.start_y)}
    optimizer = make_optimizer(name, **hyperparameters(name, lr))
    path = [(config.start_x, config.start_y)]
    for _ in range(config.steps):
        dx, dy = gradient(params["x"], params["y"])
        optimizer.update(params, {"x": dx, "y": dy})
        path.append((params["x"].item(), params["y"].item()))
    return np.array(path)


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
    }
    if progress is not None:
        progress(1, 1)
    return {name: np.repeat(a[np.newaxis], len(seeds), axis=0) for name, a in per_optimizer.items()}  # (S, O, ...)
