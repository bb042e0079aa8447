"""Configuration of the optimizer-compare experiment: the book's MNIST network and learning rates."""

from dataclasses import dataclass

from generator.experiments.base import param
from generator.experiments.optimizers import INPUTS, LR_FIELDS, OPTIMIZERS, extra_hyperparameters

__all__ = ["INPUTS", "LR_FIELDS", "OPTIMIZERS", "PRESETS", "Config"]


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100,) * 4, "units per hidden layer (book: four layers of 100)", ge=1, min_len=1)
    batch_size: int = param(128, "mini-batch size (book: 128)", ge=1)
    iterations: int = param(2000, "mini-batch updates per optimiser (book: 2000)", ge=1)
    lr_sgd: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    lr_momentum: float = param(0.01, "Momentum learning rate (book: 0.01)", gt=0)
    lr_nesterov: float = param(0.01, "Nesterov learning rate (book's default: 0.01)", gt=0)
    lr_adagrad: float = param(0.01, "AdaGrad learning rate (book: 0.01)", gt=0)
    lr_rmsprop: float = param(0.01, "RMSprop learning rate (book's default: 0.01)", gt=0)
    lr_adam: float = param(0.001, "Adam learning rate (book: 0.001)", gt=0)
    momentum: float = param(0.9, "momentum of Momentum and Nesterov (book: 0.9)", ge=0, lt=1)
    decay_rate: float = param(0.99, "RMSprop's decay of past squared gradients (book's default: 0.99)", gt=0, lt=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    @property
    def hyperparameters(self) -> tuple[dict, ...]:
        """Each optimiser's hyperparameters, in OPTIMIZERS order."""
        return tuple({"lr": getattr(self, LR_FIELDS[name]), **extra_hyperparameters(name, self.momentum, self.decay_rate)}
                     for name in OPTIMIZERS)


PRESETS = {
    "book": Config(),
    "quick": Config(hidden_sizes=(16, 16), batch_size=32, iterations=20),
}
