"""Configuration of the activation-histograms experiment: the book's script's sizes and a quick preset."""

from dataclasses import dataclass

import numpy as np

from generator.experiments.base import param

SETTINGS = (
    "sigmoid-large",
    "sigmoid-small",
    "sigmoid-xavier",
    "tanh-large",
    "tanh-small",
    "tanh-xavier",
    "relu-small",
    "relu-xavier",
    "relu-he",
)
"""Activation and initial weights, in the order of the metrics' setting axis; "large" and "small"
are Config.large_std and small_std."""
BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
"""Where a saturating activation levels off; ReLU has no upper bound."""
SATURATION_MARGIN = 0.05
"""Saturated: within this distance of either bound (sigmoid: below 0.05 or above 0.95)."""
CENTRE_MARGIN = 0.1
"""Near the centre: within this distance of the bounds' midpoint (sigmoid 0.5, tanh 0)."""


def activation_of(setting: str) -> str:
    """``"tanh"`` for ``"tanh-xavier"``."""
    return setting.split("-", 1)[0]


def init_of(setting: str) -> str:
    """``"xavier"`` for ``"tanh-xavier"``: large, small, xavier or he."""
    return setting.split("-", 1)[1]


@dataclass(frozen=True)
class Config:
    n_samples: int = param(1000, "inputs drawn from N(0, 1) (book: 1000)", ge=2)
    n_units: int = param(100, "features per input and units per layer (book: 100)", ge=2)
    n_layers: int = param(5, "hidden layers (book: 5)", ge=2)
    large_std: float = param(1.0, "std of the large initial weights (book: 1)", gt=0)
    small_std: float = param(0.01, "std of the small initial weights (book: 0.01)", gt=0)
    bins: int = param(30, "histogram bins (book: 30)", ge=1)
    relu_max: float = param(1.0, "upper end of the ReLU histograms' range, whose lower end is 0 (book: (0, 1))", gt=0)
    grid_points: int = param(15, "weight stds of the explorable's grid, log-spaced from small_std to grid_max_std, "
                             "Xavier's and He's added (not in the book)", ge=2)
    grid_max_std: float = param(2.0, "largest weight std of the explorable's grid (not in the book)", gt=0)

    def weight_init(self, setting: str):
        """The engine's initialisation for a setting's weights."""
        kind = init_of(setting)
        return {"large": self.large_std, "small": self.small_std}.get(kind, kind)

    @property
    def std_grid(self) -> tuple[float, ...]:
        """The explorable's weight stds: ``grid_points`` log-spaced from ``small_std`` to
        ``grid_max_std``, with Xavier's 1/√n and He's √(2/n) for this layer width among them."""
        logs = np.linspace(np.log10(self.small_std), np.log10(self.grid_max_std), self.grid_points)
        marked = (1 / np.sqrt(self.n_units), np.sqrt(2 / self.n_units))  # Xavier, He
        # a grid point within 10% of a marked std would draw the same picture twice: the marked one stays
        spaced = [float(v) for v in 10.0 ** logs if all(abs(np.log10(v / m)) > np.log10(1.1) for m in marked)]
        return tuple(sorted({*spaced, *(float(m) for m in marked)}))

    def hist_range(self, setting: str) -> tuple[float, float]:
        """The histogram range: sigmoid (0, 1) as in the book, tanh (-1, 1), ReLU (0, relu_max)."""
        return BOUNDS.get(activation_of(setting), (0.0, self.relu_max))


PRESETS = {
    "book": Config(),
    "quick": Config(n_samples=50, n_units=20, n_layers=3, bins=10, grid_points=3),
}
