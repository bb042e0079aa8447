"""Configuration of the init-symmetry experiment: the book's two-layer network and a quick preset."""

from dataclasses import dataclass

import numpy as np

from generator.experiments.base import param

VARIANTS = ("zero", "constant", "random")
"""The three starts, in the order of the metrics' start axis."""
SAME_TOL = 1e-6
"""Two units count as the same when no weight differs by more than this fraction of the largest |weight|."""


@dataclass(frozen=True)
class Config:
    hidden_size: int = param(50, "hidden units (book's TwoLayerNet: 50)", ge=2)
    activation: str = param("sigmoid", "hidden activation (book's TwoLayerNet: sigmoid)", choices=("sigmoid", "relu", "tanh"))
    lr: float = param(0.1, "SGD learning rate (book: 0.1)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    iterations: int = param(300, "mini-batch updates (the book's train_neuralnet.py runs 10000; symmetry shows from the start)", ge=1)
    constant: float = param(0.01, "the value of every weight in the constant start; 0.01 matches the random start's std", gt=0)
    random_std: float = param(0.01, "std of the random start (book's default weight_init_std: 0.01)", gt=0)
    trace_every: int = param(10, "iterations between two measurements of the units' spread", ge=1)
    precision: str = param(
        "float64",
        "floating-point type; float64 so that any roundoff difference between units stays near 1e-16",
        choices=("float32", "float64"),
    )

    @property
    def weight_inits(self) -> tuple:
        """The engine's weight_init of each variant, in VARIANTS order."""
        return ("zero", f"constant:{self.constant!r}", self.random_std)

    @property
    def trace_iterations(self) -> np.ndarray:
        """Iterations after which the spread is measured: 0 (the start), every trace_every, the last."""
        return np.unique(np.r_[np.arange(0, self.iterations, self.trace_every), self.iterations])


PRESETS = {
    "book": Config(),
    "quick": Config(hidden_size=8, iterations=20, batch_size=50, trace_every=5),
}
