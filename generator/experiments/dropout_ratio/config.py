"""Configuration of the dropout-ratio sweep: the overfitting setup of book 6.4, one run per ratio."""

from dataclasses import dataclass

from generator.errors import UserError
from generator.experiments.base import param


@dataclass(frozen=True)
class Config:
    n_train: int = param(300, "training images taken from the training pool (book 6.4: 300)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book 6.4: six layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book 6.4: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book 6.4: 100)", ge=1)
    epochs: int = param(200, "training epochs of every ratio, as the overfitting experiment runs (book: 201 and 301)", ge=1)
    ratios: tuple[float, ...] = param(
        (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
        "dropout ratios swept, increasing from 0 (no dropout); the book uses 0.2 (article §4: too small does nothing, "
        "too large underfits)",
        ge=0,
        lt=1,
        min_len=3,
    )
    test_window: int = param(10, "last epochs at which test accuracy is measured and averaged (the overfitting claims' window)", ge=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")
        if self.ratios[0] != 0 or any(b <= a for a, b in zip(self.ratios, self.ratios[1:])):
            raise UserError(f"{prefix}.ratios: must start at 0 (no dropout) and increase, got {list(self.ratios)}")
        if self.test_window > self.epochs:
            raise UserError(f"{prefix}.test_window: must be <= epochs ({self.epochs}), got {self.test_window}")


PRESETS = {
    "book": Config(),
    "quick": Config(n_train=100, hidden_sizes=(32, 32), batch_size=50, epochs=4, ratios=(0.0, 0.1, 0.5), test_window=2),
}
