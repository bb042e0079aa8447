import subprocess
import sys

import pytest

from generator.plot.style import PALETTE, figure_bytes, new_figure, save_figure

DRAW = """
import sys
from generator.plot.style import new_figure, save_figure
fig, ax = new_figure()
ax.plot([0, 1, 2], [-1.5, 0.5, 2.0], label="검증 정확도")
ax.plot([0, 1, 2], [0.1, -0.2, 0.3], label="training loss")
ax.set_xlabel("에폭 (epoch)")
ax.set_title("가중치 감소 λ = 0.1")
ax.legend()
save_figure(fig, sys.argv[1])
"""


def test_save_figure_byte_identical_across_processes(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", DRAW, str(tmp_path / name / "fig")], check=True)
    for suffix in ("svg", "png"):
        first = (tmp_path / "a" / f"fig.{suffix}").read_bytes()
        second = (tmp_path / "b" / f"fig.{suffix}").read_bytes()
        assert first == second, suffix
        assert len(first) > 1000


def test_save_figure_writes_svg_and_png_without_dates(tmp_path):
    fig, ax = new_figure()
    ax.plot([1, 2, 3])
    paths = save_figure(fig, tmp_path / "out" / "fig-x")
    assert [p.name for p in paths] == ["fig-x.svg", "fig-x.png"]
    svg = paths[0].read_text()
    assert "<dc:date>" not in svg
    png = paths[1].read_bytes()
    assert png.startswith(b"\x89PNG")
    assert b"Software" not in png
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_figure_bytes_background_is_opaque_white():
    fig, ax = new_figure()
    ax.plot([1, 2, 3])
    svg = figure_bytes(fig)["svg"].decode()
    assert "fill: #ffffff" in svg


def test_palette_has_distinct_hex_colours():
    assert len(set(PALETTE)) == len(PALETTE) == 8
    assert all(c.startswith("#") and len(c) == 7 for c in PALETTE)


def test_missing_font_is_a_clear_error_not_empty_boxes(tmp_path, monkeypatch):
    from generator.errors import UserError
    from generator.plot import style

    monkeypatch.setattr(style, "_font_registered", False)
    monkeypatch.setattr(style, "FONT_PATH", tmp_path / "NanumGothic.ttf")
    with pytest.raises(UserError, match="NanumGothic.ttf: cannot load the Korean font"):
        style.apply_style()
