"""Configuration of the activation-histograms experiment: the book's script's sizes and a quick preset."""

from dataclasses import dataclass

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

    def weight_init(self, setting: str):
        """The engine's initialisation for a setting's weights."""
        kind = init_of(setting)
        return {"large": self.large_std, "small": self.small_std}.get(kind, kind)

    def hist_range(self, setting: str) -> tuple[float, float]:
        """The histogram range: sigmoid (0, 1) as in the book, tanh (-1, 1), ReLU (0, relu_max)."""
        return BOUNDS.get(activation_of(setting), (0.0, self.relu_max))


PRESETS = {
    "book": Config(),
    "quick": Config(n_samples=50, n_units=20, n_layers=3, bins=10),
}
