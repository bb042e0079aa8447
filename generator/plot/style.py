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

COLUMN_PX = 678
"""Width a figure gets in the page's text column at a 1280 px window, in CSS px: the column is
688 px (Material's 61rem grid less its two sidebars), less the 5 px a side of the figure's plate
(padding and border, overrides/assets/stylesheets/site.css). A wider figure is shown shrunk to it."""
MIN_TEXT_PX = 9.0
"""The smallest text a figure may show on the page at that width, in CSS px (about 7 pt)."""
CSS_PX_PER_INCH = 96
"""CSS px per inch: a browser shows an SVG that is 1 inch wide (72 pt) as 96 px."""
PNG_DPI = 200
"""At least twice the CSS px of the figure as the page shows it (96 per inch at the most), so the
downloaded PNG stays sharp on a screen of twice the density or in a slide."""

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


def shown_scale(width_in: float) -> float:
    """How much the page shrinks a figure ``width_in`` inches wide to fit the text column."""
    return min(1.0, COLUMN_PX / (width_in * CSS_PX_PER_INCH))


def min_font_pt(width_in: float) -> float:
    """The smallest font size, in pt, that a figure ``width_in`` inches wide shows at
    ``MIN_TEXT_PX`` or more in the text column."""
    return MIN_TEXT_PX / (CSS_PX_PER_INCH / 72 * shown_scale(width_in))


def readable_text(fig: matplotlib.figure.Figure) -> float:
    """Raise every text of ``fig`` smaller than the page would show readably to the smallest size
    it shows readably (``min_font_pt`` of the saved width); returns that size.

    The saved width is the figure's drawn extent (``savefig.bbox = tight``: the figure, or more
    where a label reaches past its edge) plus the padding; raising text can widen it, so the
    floor is worked out again until it holds for the file as saved. A figure drawn with its text
    large enough is left as it is; a dense annotation drawn small is raised, never dropped.
    """
    import matplotlib.text

    floor = 0.0
    for _ in range(4):
        fig.draw_without_rendering()  # lays out the figure; tick labels exist once it is drawn
        width = max(fig.get_size_inches()[0], fig.get_tightbbox().width) + 2 * RC["savefig.pad_inches"]
        if min_font_pt(width) <= floor + 0.01:
            break
        floor = min_font_pt(width) + 0.01
        for ax in fig.axes:
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                labels = [t for t in axis.get_ticklabels(which="both") if t.get_visible() and t.get_text()]
                if labels and min(t.get_fontsize() for t in labels) < floor:
                    ax.tick_params(axis=name, which="both", labelsize=floor)
        for text in fig.findobj(matplotlib.text.Text):
            if text.get_fontsize() < floor:
                text.set_fontsize(floor)
    return floor


def figure_bytes(fig: matplotlib.figure.Figure) -> dict[str, bytes]:
    """The figure as SVG and PNG bytes, equal for equal figures in any process.

    Text too small for the page is raised first (``readable_text``). The layout is worked out
    once, for the first file, and then frozen: the second file has the same positions without
    paying for constrained layout again.
    """
    apply_style()
    readable_text(fig)
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
