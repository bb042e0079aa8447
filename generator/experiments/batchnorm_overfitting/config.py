"""Configuration of the batch-norm overfitting experiment: the overfitting experiment's settings
(book 6.4.1, ch06/overfit_dropout.py) with batch norm and dropout switched on and off, and a quick preset."""

from dataclasses import dataclass

from generator.errors import UserError
from generator.experiments.base import param

VARIANTS = ("plain", "batch-norm", "dropout", "batch-norm-dropout")
"""The four runs, in the order of the metrics' variant axis: neither, batch norm, dropout, both."""
DENSE_END = 10
"""The last epochs, each one evaluated: the window the claims average, as the overfitting experiment's."""


@dataclass(frozen=True)
class Config:
    n_train: int = param(300, "training images taken from the training pool (book 6.4.1: 300)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book 6.4.1: six layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book 6.4.1: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book 6.4.1: 100)", ge=1)
    epochs: int = param(200, "training epochs; 200 as the overfitting experiment (the book's scripts run 201 and 301)", ge=1)
    dropout_ratio: float = param(0.2, "dropout ratio of the two dropout variants (book 6.4.3: 0.2)", gt=0, lt=1)
    eval_every: int = param(
        5, "epochs between accuracy measurements before the last ten, which are all measured (the book: every epoch)", ge=1
    )
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")

    @property
    def eval_epochs(self) -> tuple[int, ...]:
        """The epochs after which accuracy is measured (0: before training): every ``eval_every``-th, then
        each of the last DENSE_END. Measuring the 2000 test images costs more than training on 300, so
        thinning the measurements halves the run without changing what the networks learn."""
        tail = max(0, self.epochs - DENSE_END)
        return tuple(sorted({*range(0, tail + 1, self.eval_every), *range(tail, self.epochs + 1)}))

    def variant_settings(self):
        """(batch norm, dropout ratio) of each variant, in VARIANTS order."""
        return ((False, 0.0), (True, 0.0), (False, self.dropout_ratio), (True, self.dropout_ratio))


PRESETS = {
    "book": Config(),
    "quick": Config(n_train=100, hidden_sizes=(32, 32), batch_size=50, epochs=4),
}
