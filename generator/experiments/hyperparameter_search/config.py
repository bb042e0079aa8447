"""Configuration of the hyperparameter search: the book's settings, a quick preset, and the ranking
rule the search narrows by.

``ranking`` lives here rather than in ``train.py`` because the claims, the figures and the page
read trials in the same order the search used, and they may not import the training part; it
lives here rather than in the package ``__init__`` because it decides what round 2 samples, so
it has to be in the cache key, which hashes this file and ``train.py`` but not the claims.
"""

from dataclasses import dataclass

import numpy as np

from generator.errors import UserError
from generator.experiments.base import param


@dataclass(frozen=True)
class Config:
    n_samples: int = param(500, "images taken from the training pool, before the validation split (book: 500)", ge=2)
    validation_fraction: float = param(0.2, "share of those images held out for validation (book: 0.2)", gt=0, lt=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book: six layers of 100)", ge=1, min_len=1)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(50, "training epochs of every trial (book: 50)", ge=1)
    trials: int = param(100, "trials of the first round (book: 100)", ge=2)
    round2_trials: int = param(100, "trials of the second, narrowed round (the book says to repeat; 100 here)", ge=1)
    top_k: int = param(20, "best first-round trials whose range the second round samples (book plots the top 20)", ge=2)
    log10_lr_min: float = param(-6.0, "smallest learning rate as a power of ten (book: 10^-6)", ge=-10, le=4)
    log10_lr_max: float = param(-2.0, "largest learning rate as a power of ten (book: 10^-2)", ge=-10, le=4)
    log10_wd_min: float = param(-8.0, "smallest weight decay λ as a power of ten (book: 10^-8)", ge=-12, le=2)
    log10_wd_max: float = param(-4.0, "largest weight decay λ as a power of ten (book: 10^-4)", ge=-12, le=2)
    grid_size: int = param(4, "values of each hyperparameter on the grid set against random search: 4 x 4 = 16 trials "
                              "over the first round's range (site's addition; the book has no grid)", ge=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.n_validation < 1:
            raise UserError(f"{prefix}.validation_fraction: leaves no validation image out of {self.n_samples}")
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= the {self.n_train} training images left after the split, got {self.batch_size}")
        if self.top_k > self.trials:
            raise UserError(f"{prefix}.top_k: must be <= trials ({self.trials}), got {self.top_k}")
        if self.grid_trials > self.trials:
            raise UserError(f"{prefix}.grid_size: the grid's {self.grid_trials} trials must be <= trials ({self.trials}), "
                            "since it is set against random searches of the same budget drawn from the first round")
        for name in ("lr", "wd"):
            low, high = getattr(self, f"log10_{name}_min"), getattr(self, f"log10_{name}_max")
            if low >= high:
                raise UserError(f"{prefix}.log10_{name}_min: must be < log10_{name}_max ({high}), got {low}")

    @property
    def n_validation(self) -> int:
        """Validation images: int(500 * 0.2) = 100, as the book rounds."""
        return int(self.n_samples * self.validation_fraction)

    @property
    def n_train(self) -> int:
        return self.n_samples - self.n_validation

    @property
    def grid_trials(self) -> int:
        return self.grid_size**2

    @property
    def log10_range(self) -> np.ndarray:
        """The first round's sampling range, (2, 2): [lr, weight decay] x [low, high], powers of ten."""
        return np.array([[self.log10_lr_min, self.log10_lr_max], [self.log10_wd_min, self.log10_wd_max]])


def ranking(final_val_acc) -> np.ndarray:
    """Trial indices by final validation accuracy, best first; diverged (NaN) trials left out, ties by index."""
    final_val_acc = np.asarray(final_val_acc)
    finite = np.flatnonzero(np.isfinite(final_val_acc))
    return finite[np.argsort(-final_val_acc[finite], kind="stable")]


PRESETS = {
    "book": Config(),
    "quick": Config(n_samples=100, hidden_sizes=(16, 16), batch_size=20, epochs=2, trials=6, round2_trials=6, top_k=3,
                    grid_size=2),
}


def stages(config: Config, cores: int) -> tuple[int, ...]:
    """Parts per stage of one seed: round 1 and round 2 split over the cores, then the grid and the
    retraining of the winner side by side. Round 2 needs round 1's ranking, and the retraining
    needs both rounds' winner."""
    split = max(1, min(cores, config.trials, config.round2_trials))
    return (split, split, 2)
