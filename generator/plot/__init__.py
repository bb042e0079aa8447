"""Drawing: the figure declaration every experiment's ``figures`` module uses, its look, and helpers.

An experiment's ``figures.py`` defines ``FIGURES``, a tuple of ``FigureSpec``. A figure reads a
``generator.results.Result`` (metrics, config, seeds and the labelled axes) and returns a
matplotlib ``Figure``; it never trains and never imports the experiment's training part.
Writing and caching the files is ``generator.site``'s job. ``style`` holds the look of every
figure; ``common`` the helpers more than one figure needs (smoothing, mean and band over seeds,
marking diverged runs). Importing this package does not import matplotlib.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import matplotlib.figure

    from generator.results import Result


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the site, drawn once per language from one experiment's result."""

    id: str
    """Stable id such as ``"fig-overfitting-baseline"``: file stem and permalink anchor."""
    caption: dict[str, str]
    """Caption per language: ``{"ko": ..., "en": ...}``."""
    draw: "Callable[[Result, str], matplotlib.figure.Figure]"
    """Draws the result with labels in the given language (``"ko"`` or ``"en"``)."""
    data: "Callable[[Result], tuple[list[str], list[list]]]"
    """Header and rows of the numbers drawn, published as the figure's CSV."""
    book: str | None = None
    """The book's figure this one regenerates, e.g. ``"6-21"``, if any."""
    short_title: dict[str, str] = field(default_factory=dict)
    """A title of a few words per language, for citations; defaults to the caption's first sentence."""
    alt: dict[str, str] = field(default_factory=dict)
    """Alt text per language: what the image shows (the kind of chart, its axes, its series), for a
    reader who cannot see it; not the caption again. Where a language is missing, the site derives
    one from the figure's data and its result's labelled axes."""

    def __post_init__(self):
        if not self.id.startswith("fig-"):
            raise ValueError(f"figure id {self.id!r} must start with 'fig-'")
        missing = {"ko", "en"} - set(self.caption)
        if missing:
            raise ValueError(f"{self.id}: caption lacks {', '.join(sorted(missing))}")
        for name in ("short_title", "alt"):
            unknown = set(getattr(self, name)) - {"ko", "en"}
            if unknown:
                raise ValueError(f"{self.id}: {name} has unknown languages {', '.join(sorted(unknown))}")
