"""Figure text at the size a reader sees it: the figure's saved width, the width the page shows it
at (the text column at 1280 px, or the figure's own width when narrower) and its font sizes."""

import re
import struct

import pytest

from generator.experiments import EXPERIMENTS
from generator.plot import style
from generator.results import load_results

FIGURES = tuple((e, spec) for e in EXPERIMENTS for spec in e.figure_specs())
SVG_WIDTH = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"')
GLYPH_SCALE = re.compile(r"scale\((0\.\d+) -0\.\d+\)")
"""Text drawn as paths (``svg.fonttype = path``) is scaled by its font size over 100."""


def shown(svg: bytes) -> tuple[float, float]:
    """The width the page shows the figure at (CSS px) and its smallest text there (CSS px)."""
    text = svg.decode()
    natural = float(SVG_WIDTH.search(text)[1]) * style.CSS_PX_PER_INCH / 72
    width = min(natural, style.COLUMN_PX)
    smallest_pt = 100 * min(float(s) for s in GLYPH_SCALE.findall(text))
    return width, smallest_pt * style.CSS_PX_PER_INCH / 72 * width / natural


def png_width(png: bytes) -> int:
    assert png[12:16] == b"IHDR"
    return struct.unpack(">I", png[16:20])[0]


@pytest.fixture(scope="module")
def results(all_quick_results):
    return load_results(all_quick_results)


def test_min_font_pt_shrinks_with_the_column():
    assert style.min_font_pt(5.0) == pytest.approx(style.MIN_TEXT_PX * 72 / 96)
    wide = 2 * style.COLUMN_PX / style.CSS_PX_PER_INCH
    assert style.min_font_pt(wide) == pytest.approx(2 * style.MIN_TEXT_PX * 72 / 96)


def test_readable_text_raises_small_text_and_leaves_the_rest():
    fig, ax = style.new_figure()
    fig.set_size_inches(12.0, 4.0)
    ax.plot([0, 1], [0, 1])
    small = ax.text(0.5, 0.5, "note", fontsize=5)
    big = ax.set_title("title", fontsize=20)
    ax.tick_params(labelsize=4)
    floor = style.readable_text(fig)
    assert floor > 9
    assert small.get_fontsize() == floor and big.get_fontsize() == 20
    assert min(t.get_fontsize() for t in ax.get_xticklabels()) == floor


# Korean only: the floor depends on sizes, not words, and Korean is the page drawn with two fonts.
@pytest.mark.parametrize("item", FIGURES, ids=lambda item: item[1].id)
def test_figure_text_is_readable_on_the_page_and_the_png_is_twice_as_sharp(item, results):
    experiment, spec = item
    files = style.figure_bytes(spec.draw(results[experiment.id], "ko"))
    width, smallest = shown(files["svg"])
    assert smallest >= style.MIN_TEXT_PX - 0.05, f"{spec.id}: {smallest:.1f} px at {width:.0f} px wide"
    assert png_width(files["png"]) >= 2 * width, spec.id
