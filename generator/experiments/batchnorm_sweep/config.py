"""Configuration of the batch-norm sweep: the book's settings (ch06/batch_norm_test.py) and a quick preset."""

from dataclasses import dataclass

import numpy as np

from generator.errors import UserError
from generator.experiments.base import param

VARIANTS = ("batch-norm", "plain")
"""With and without batch norm, in the order of the metrics' variant axis."""


@dataclass(frozen=True)
class Config:
    n_train: int = param(1000, "training images taken from the training pool (book: 1000)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 5, "units per hidden layer (book: five layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(20, "training epochs (book: 20)", ge=1)
    n_scales: int = param(16, "number of weight scales, log-spaced (book: 16)", ge=2)
    log10_scale_max: float = param(0.0, "largest weight std as a power of ten (book: 10^0 = 1)", ge=-8, le=2)
    log10_scale_min: float = param(-4.0, "smallest weight std as a power of ten (book: 10^-4)", ge=-8, le=2)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")
        if self.log10_scale_min >= self.log10_scale_max:
            raise UserError(
                f"{prefix}.log10_scale_min: must be < log10_scale_max ({self.log10_scale_max}), got {self.log10_scale_min}"
            )

    @property
    def scales(self) -> np.ndarray:
        """The weight stds, largest first, as the book's np.logspace(0, -4, num=16)."""
        return np.logspace(self.log10_scale_max, self.log10_scale_min, num=self.n_scales)


PRESETS = {
    "book": Config(),
    "quick": Config(n_train=200, hidden_sizes=(16, 16), batch_size=50, epochs=2, n_scales=4),
}
