"""Configuration of the optimizer-paths experiment: the bowl, the start, the book's learning rates.

The function descended, f(x, y) = x²/20 + y², its gradient and the six optimisers are shared with
optimizer-ranking and declared once in ``generator.experiments.optimizers``; they are imported
here, beside the start and the step count, so training, figures and page facts read the problem
from this one place.
"""

from dataclasses import dataclass

import numpy as np

from generator.experiments.base import param
from generator.experiments.optimizers import LR_FIELDS, OPTIMIZERS, f, gradient

__all__ = ["BOOK_OTHERS", "LR_FIELDS", "MOMENTUM", "OPTIMIZERS", "PRESETS", "Config", "f", "gradient"]

BOOK_OTHERS = ("Momentum", "AdaGrad", "Adam")
"""The optimisers the book's figure sets beside SGD; the claims are about these."""
MOMENTUM = 0.9
"""α of Momentum and Nesterov: the book's and the engine's default, passed explicitly so the page
quotes the value the paths were computed with. RMSprop's decay (0.99) and Adam's β1, β2 (0.9,
0.999) stay at the engine's defaults."""


@dataclass(frozen=True)
class Config:
    start_x: float = param(-7.0, "x of the starting point (book: -7)")
    start_y: float = param(2.0, "y of the starting point (book: 2)")
    steps: int = param(30, "updates per optimiser (book: 30)", ge=2)
    lr_sgd: float = param(0.95, "SGD learning rate (book: 0.95)", gt=0)
    lr_momentum: float = param(0.1, "Momentum learning rate (book: 0.1)", gt=0)
    lr_nesterov: float = param(
        0.1,
        "Nesterov learning rate (not in the book's figure): Momentum's 0.1 with the same momentum 0.9, "
        "so the two paths differ only by Nesterov's look-ahead",
        gt=0,
    )
    lr_adagrad: float = param(1.5, "AdaGrad learning rate (book: 1.5)", gt=0)
    lr_rmsprop: float = param(
        0.15,
        "RMSprop learning rate (not in the book's figure): its first step is 10·lr per coordinate "
        "(the squares start at (1 - 0.99)·g²), so 0.15 makes it AdaGrad's 1.5 and the two differ "
        "only by RMSprop's forgetting",
        gt=0,
    )
    lr_adam: float = param(0.3, "Adam learning rate (book: 0.3)", gt=0)
    grid_points: int = param(25, "learning rates per optimiser in the explorable's grid, log-spaced around the "
                             "book's (not in the book)", ge=2)
    grid_decades_below: float = param(1.5, "how far below the book's learning rate the grid reaches, in decades", ge=0)
    grid_decades_above: float = param(0.5, "how far above the book's learning rate the grid reaches, in decades", ge=0)
    momentum_grid: tuple[float, ...] = param((0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99),
                                             "α values of the explorable's Momentum and Nesterov paths (book: 0.9)",
                                             ge=0, lt=1, min_len=1)

    @property
    def learning_rates(self) -> tuple[float, ...]:
        """One learning rate per optimiser, in OPTIMIZERS order."""
        return tuple(getattr(self, LR_FIELDS[name]) for name in OPTIMIZERS)

    def lr_grid(self, lr: float) -> tuple[float, ...]:
        """``grid_points`` learning rates, log-spaced from ``grid_decades_below`` under ``lr`` to
        ``grid_decades_above`` over it; ``lr`` itself is the grid point nearest it, made exact."""
        logs = np.linspace(np.log10(lr) - self.grid_decades_below, np.log10(lr) + self.grid_decades_above, self.grid_points)
        grid = 10.0 ** logs
        grid[np.argmin(np.abs(logs - np.log10(lr)))] = lr
        return tuple(float(v) for v in grid)


PRESETS = {
    "book": Config(),
    "quick": Config(steps=5, grid_points=3, momentum_grid=(0.5, 0.9)),
}
