"""Configuration of the init-compare experiment: the book's MNIST network and a quick preset."""

from dataclasses import dataclass

from generator.experiments.base import param

INITS = ("std=0.01", "Xavier", "He")
"""The three initialisations, in the order of the metrics' init axis."""


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100,) * 4, "units per hidden layer (book: four layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(128, "mini-batch size (book: 128)", ge=1)
    iterations: int = param(2000, "mini-batch updates (book: 2000)", ge=1)
    small_std: float = param(0.01, "std of the first, small initialisation (book: 0.01)", gt=0)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    @property
    def weight_inits(self) -> tuple:
        """The engine's weight_init of each variant, in INITS order."""
        return (self.small_std, "xavier", "he")


PRESETS = {
    "book": Config(),
    "quick": Config(hidden_sizes=(16, 16), batch_size=32, iterations=20),
}
