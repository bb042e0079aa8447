"""Figures: how each saved result is drawn, and the table of numbers behind it.

A figure module per experiment (``generator/figures/<experiment>.py``) defines its own
``FIGURES`` tuple of ``FigureSpec``; this package joins them in page order. Figures never train:
they read a ``Result`` and return a matplotlib ``Figure``. Writing files is ``render``'s job.
Drawing helpers that more than one module needs (smoothing, mean and band over seeds, marking
diverged runs) live in ``common``; the look of every figure lives in ``style``.

To add a module: ``from generator.figures import optimizers`` below, then
``FIGURES = (*optimizers.FIGURES, ...)``. The order here is the numbering order on each page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import matplotlib.figure

    from generator.results import Result


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the site, drawn once per language from one experiment's result."""

    id: str
    """Stable id such as ``"fig-overfitting-baseline"``: file stem and permalink anchor."""
    experiment: str
    """Id of the experiment whose result the figure draws."""
    page: str
    """Slug of the page that shows it, e.g. ``"regularization"``."""
    caption: dict[str, str]
    """Caption per language: ``{"ko": ..., "en": ...}``."""
    draw: "Callable[[Result, str], matplotlib.figure.Figure]"
    """Draws the result with labels in the given language (``"ko"`` or ``"en"``)."""
    data: "Callable[[Result], tuple[list[str], list[list]]]"
    """Header and rows of the numbers drawn, published as the figure's CSV."""

    def __post_init__(self):
        if not self.id.startswith("fig-"):
            raise ValueError(f"figure id {self.id!r} must start with 'fig-'")
        missing = {"ko", "en"} - set(self.caption)
        if missing:
            raise ValueError(f"{self.id}: caption lacks {', '.join(sorted(missing))}")


# Figure modules import FigureSpec from here, so they come after it.
from generator.figures import optimizers  # noqa: E402
from generator.figures import initialization  # noqa: E402
from generator.figures import batchnorm  # noqa: E402
from generator.figures import regularization  # noqa: E402
from generator.figures import hyperparameters  # noqa: E402

FIGURES: tuple[FigureSpec, ...] = (*optimizers.FIGURES, *initialization.FIGURES, *batchnorm.FIGURES, *regularization.FIGURES, *hyperparameters.FIGURES)
