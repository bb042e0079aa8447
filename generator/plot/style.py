"""The look of every figure, and byte-stable files from it.

Colours: the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), ordered so that
the first colours stay apart under protanopia, deuteranopia and tritanopia and have contrast
against white; its yellow comes last because it is faint on white.

Light and dark pages: every figure is one rendering on an opaque white plate, and the site draws
a thin theme-coloured border round it (``overrides/assets/stylesheets/site.css``). One rendering
rather than a light and a dark one because the palette was designed against white, a downloaded
PNG or SVG then looks the same as on the page, the lightbox zoom has one source, and a reader who
prints from the dark scheme still gets a white figure. On Material's slate scheme the plate reads
as a card; a transparent background would leave black axis labels on a dark page.

Korean text: DejaVu Sans first (it has U+2212, the minus sign matplotlib puts on negative ticks,
which NanumGothic lacks), then the vendored NanumGothic for Hangul, glyph by glyph.

Byte stability: fixed ``svg.hashsalt``, text drawn as paths (no font lookups in the browser),
no date in the SVG and no software tag in the PNG, one fixed dpi. A test saves the same figure in
two processes and compares bytes.
"""

import io
from pathlib import Path

import matplotlib
import matplotlib.figure
from cycler import cycler
from matplotlib import font_manager

from generator.errors import UserError
from generator.fileio import write_bytes_atomic

# Figures are drawn on detached Figure objects; Agg keeps any pyplot use headless as well.
matplotlib.use("Agg")

FONT_PATH = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NanumGothic.ttf"

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
"""Okabe-Ito colours in the order series take them."""

LINESTYLES = ("-", "--", "-.", ":")
"""For series that must stay apart in greyscale too (pair them with PALETTE)."""

PNG_DPI = 150

RC = {
    "font.family": ["DejaVu Sans", "NanumGothic"],
    "axes.unicode_minus": True,
    "svg.hashsalt": "ch6-training-techniques",
    "svg.fonttype": "path",
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "savefig.dpi": PNG_DPI,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.1,
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.6,
    "legend.frameon": False,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}

_font_registered = False


def apply_style() -> None:
    """Register the Korean font and set the shared rcParams (safe to call more than once)."""
    global _font_registered
    if not _font_registered:
        try:
            font_manager.fontManager.addfont(str(FONT_PATH))
        except (OSError, RuntimeError, ValueError) as error:
            # no silent fallback: without it every Korean label would be drawn as empty boxes
            raise UserError(f"{FONT_PATH}: cannot load the Korean font ({error}); restore it from the repository") from None
        _font_registered = True
    matplotlib.rcParams.update(RC)


def new_figure(nrows: int = 1, ncols: int = 1, **subplots_kwargs):
    """A styled ``Figure`` and its axes, detached from pyplot so nothing global holds it."""
    apply_style()
    fig = matplotlib.figure.Figure(layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplots_kwargs)
    return fig, axes


def figure_bytes(fig: matplotlib.figure.Figure) -> dict[str, bytes]:
    """The figure as SVG and PNG bytes, equal for equal figures in any process.

    The layout is worked out once, for the first file, and then frozen: the second file has the
    same positions without paying for constrained layout again.
    """
    apply_style()
    out = {}
    with matplotlib.rc_context(RC):
        for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None})):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata)
            out[fmt] = buffer.getvalue()
            fig.set_layout_engine("none")
    return {"svg": out["svg"], "png": out["png"]}


def save_figure(fig: matplotlib.figure.Figure, stem) -> list[Path]:
    """Write ``<stem>.svg`` and ``<stem>.png`` atomically; return the two paths."""
    stem = Path(stem)
    paths = []
    for fmt, data in figure_bytes(fig).items():
        path = stem.with_name(f"{stem.name}.{fmt}")
        write_bytes_atomic(path, data)
        paths.append(path)
    return paths
