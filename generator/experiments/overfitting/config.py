"""Configuration of the overfitting experiment: the book's settings and a quick preset."""

from dataclasses import dataclass

from generator.errors import UserError
from generator.experiments.base import param

VARIANTS = ("baseline", "weight-decay", "dropout", "inverted-dropout")
"""The regularization runs, first on the metrics' variant axis; the smaller networks follow them
(``Config.variants``)."""


@dataclass(frozen=True)
class Variant:
    """One run of the experiment: its network, its regularizer and how long it trains."""

    key: str
    hidden_sizes: tuple[int, ...]
    weight_decay: float
    dropout_ratio: float
    inverted: bool
    """Inverted dropout: rescale by 1/(1 - r) in training instead of by (1 - r) at test time."""
    epochs: int
    streams: int
    """Spawn key of its random streams (``member_streams(seed, streams)``). Inverted dropout draws
    the book dropout's numbers and the smaller networks the baseline's, so each pair sees the same
    initial draws, mini-batches and masks and differs only in what is compared."""


@dataclass(frozen=True)
class Config:
    n_train: int = param(300, "training images taken from the training pool (book: 300)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book: six layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(201, "training epochs of the runs without dropout (book: 201, ch06/overfit_weight_decay.py)", ge=1)
    drop_epochs: int = param(301, "training epochs of the dropout runs (book: 301, ch06/overfit_dropout.py)", ge=1)
    weight_decay: float = param(0.1, "λ of the weight-decay variant (book: 0.1)", ge=0)
    dropout_ratio: float = param(0.2, "dropout ratio of the dropout variants (book: 0.2)", ge=0, lt=1)
    fewer_layers: tuple[int, ...] = param(
        (1, 2, 4), "hidden layers of the smaller networks set beside the baseline, each the first layers of "
        "hidden_sizes, ascending (site; the book has none)", ge=1, min_len=1)
    mc_masks: tuple[int, ...] = param(
        (1, 2, 5, 10, 20, 50), "numbers of random dropout masks whose test-set predictions are averaged "
        "(Monte Carlo dropout), ascending from 1 (site; the book has none)", ge=1, min_len=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")
        layers = len(self.hidden_sizes)
        if list(self.fewer_layers) != sorted(set(self.fewer_layers)) or self.fewer_layers[-1] >= layers:
            raise UserError(f"{prefix}.fewer_layers: must ascend without repeats and stay below the {layers} "
                            f"hidden layers of hidden_sizes, got {list(self.fewer_layers)}")
        if list(self.mc_masks) != sorted(set(self.mc_masks)) or self.mc_masks[0] != 1:
            raise UserError(f"{prefix}.mc_masks: must ascend without repeats from 1, got {list(self.mc_masks)}")

    @property
    def variants(self) -> tuple[str, ...]:
        """Every run's key in the order of the metrics' variant axis."""
        return tuple(v.key for v in self.runs())

    def runs(self) -> tuple[Variant, ...]:
        """The runs in variant-axis order: the book's three, inverted dropout, then the smaller networks."""
        sizes, long = self.hidden_sizes, self.drop_epochs
        return (
            Variant("baseline", sizes, 0.0, 0.0, False, self.epochs, 0),
            Variant("weight-decay", sizes, self.weight_decay, 0.0, False, self.epochs, 1),
            Variant("dropout", sizes, 0.0, self.dropout_ratio, False, long, 2),
            Variant("inverted-dropout", sizes, 0.0, self.dropout_ratio, True, long, 2),
            *(Variant(f"layers-{d}", sizes[:d], 0.0, 0.0, False, self.epochs, 0) for d in self.fewer_layers),
        )


PRESETS = {
    "book": Config(),
    "quick": Config(n_train=100, hidden_sizes=(32, 32), batch_size=50, epochs=4, drop_epochs=6,
                    fewer_layers=(1,), mc_masks=(1, 3)),
}
