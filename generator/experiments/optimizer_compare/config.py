"""Configuration of the optimizer-compare experiment: the book's MNIST network and learning rates."""

from dataclasses import dataclass

from generator.experiments.base import param

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
"""The six optimisers, in the order of the metrics' optimizer axis (the engine's names)."""
LR_FIELDS = {name: f"lr_{name.lower()}" for name in OPTIMIZERS}
"""The Config field holding each optimiser's learning rate."""
INPUTS = 784
"""Pixels of an MNIST image: the first layer's fan-in."""


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
        return (
            {"lr": self.lr_sgd},
            {"lr": self.lr_momentum, "momentum": self.momentum},
            {"lr": self.lr_nesterov, "momentum": self.momentum},
            {"lr": self.lr_adagrad},
            {"lr": self.lr_rmsprop, "decay_rate": self.decay_rate},
            {"lr": self.lr_adam},
        )


PRESETS = {
    "book": Config(),
    "quick": Config(hidden_sizes=(16, 16), batch_size=32, iterations=20),
}
