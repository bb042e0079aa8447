"""Configuration of the overfitting experiment: the book's settings and a quick preset."""

from dataclasses import dataclass

from generator.errors import UserError
from generator.experiments.base import param

VARIANTS = ("baseline", "weight-decay", "dropout")
"""The three runs, in the order of the metrics' variant axis."""


@dataclass(frozen=True)
class Config:
    n_train: int = param(300, "training images taken from the training pool (book: 300)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book: six layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(200, "training epochs; the book's scripts run 201 and 301, here all variants run 200", ge=1)
    weight_decay: float = param(0.1, "λ of the weight-decay variant (book: 0.1)", ge=0)
    dropout_ratio: float = param(0.2, "dropout ratio of the dropout variant (book: 0.2)", ge=0, lt=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")

    def variant_settings(self):
        """(weight decay, dropout ratio) of each variant, in VARIANTS order."""
        return ((0.0, 0.0), (self.weight_decay, 0.0), (0.0, self.dropout_ratio))


PRESETS = {
    "book": Config(),
    "quick": Config(n_train=100, hidden_sizes=(32, 32), batch_size=50, epochs=4),
}
