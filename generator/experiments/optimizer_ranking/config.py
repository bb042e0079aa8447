"""Configuration of the optimizer-ranking experiment: two problems, six optimisers, three learning rates each.

The two problems are the page's own: the bowl f(x, y) = x²/20 + y² of optimizer-paths and the
MNIST network of optimizer-compare. Each optimiser's learning rate on each problem is the book's
(``bowl_lrs``, ``mnist_lrs``, taken from those experiments' configs) times every multiplier of
``MULTIPLIERS``, so the grid sits around the values the book chose, one decade either side.
"""

from dataclasses import dataclass

from generator.errors import UserError
from generator.experiments.base import param
from generator.experiments.optimizer_compare.config import Config as CompareConfig
from generator.experiments.optimizer_paths.config import Config as PathsConfig
from generator.experiments.optimizers import OPTIMIZERS, extra_hyperparameters

__all__ = ["BOOK", "MULTIPLIERS", "OPTIMIZERS", "PRESETS", "Config"]

MULTIPLIERS = (0.1, 1.0, 10.0)
"""Learning rates as multiples of each optimiser's book value, in the order of the metrics'
multiplier axis. One decade either side: the log-scale steps of a first coarse search (book 6.5.3)."""
BOOK = MULTIPLIERS.index(1.0)
"""The multiplier that gives the book's own learning rates."""

_PATHS, _COMPARE = PathsConfig(), CompareConfig()


@dataclass(frozen=True)
class Config:
    bowl_lrs: tuple[float, ...] = param(
        _PATHS.learning_rates,
        "bowl learning rates at ×1, in OPTIMIZERS order (book Figure 6-8's; Nesterov and RMSprop as optimizer-paths sets them)",
        gt=0,
        min_len=len(OPTIMIZERS),
    )
    start_x: float = param(_PATHS.start_x, "x of the bowl's starting point (book: -7)")
    start_y: float = param(_PATHS.start_y, "y of the bowl's starting point (book: 2)")
    bowl_steps: int = param(_PATHS.steps, "updates per optimiser on the bowl (book: 30)", ge=1)
    mnist_lrs: tuple[float, ...] = param(
        tuple(h["lr"] for h in _COMPARE.hyperparameters),
        "MNIST learning rates at ×1, in OPTIMIZERS order (book: 0.01, Adam 0.001; Nesterov and RMSprop at the book's defaults)",
        gt=0,
        min_len=len(OPTIMIZERS),
    )
    hidden_sizes: tuple[int, ...] = param(_COMPARE.hidden_sizes, "units per hidden layer (book: four layers of 100)", ge=1, min_len=1)
    batch_size: int = param(_COMPARE.batch_size, "mini-batch size (book: 128)", ge=1)
    iterations: int = param(
        400,
        "mini-batch updates per network; the book's 2000 cut to 400 (about 6 epochs of 8000 images) to pay for 18 networks per seed",
        ge=1,
    )
    momentum: float = param(_COMPARE.momentum, "α of Momentum and Nesterov on both problems (book: 0.9)", ge=0, lt=1)
    decay_rate: float = param(_COMPARE.decay_rate, "RMSprop's decay on both problems (book's default: 0.99)", gt=0, lt=1)
    precision: str = param("float32", "floating-point type of the MNIST training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        for name in ("bowl_lrs", "mnist_lrs"):
            if len(getattr(self, name)) != len(OPTIMIZERS):
                raise UserError(f"{prefix}.{name}: needs one learning rate per optimiser ({', '.join(OPTIMIZERS)}), "
                                f"got {len(getattr(self, name))}")

    def extra_hyperparameters(self, name: str) -> dict:
        """What optimiser ``name`` takes besides its learning rate; Adam keeps the engine's β1, β2."""
        return extra_hyperparameters(name, self.momentum, self.decay_rate)


PRESETS = {
    "book": Config(),
    "quick": Config(bowl_steps=5, hidden_sizes=(16, 16), batch_size=32, iterations=20),
}
