"""The figure cache checks what it serves: a damaged file is drawn again and said so."""

from generator.site.figures import FigureCache
from tests.site.fixtures import project, quick_project, render_project  # noqa: F401


def test_figure_cache_serves_files_that_match_their_record(tmp_path):
    cache = FigureCache(tmp_path)
    cache.put("k", {"svg": b"<svg/>", "png": b"\x89PNG"})
    assert cache.get("k", ("svg", "png")) == {"svg": b"<svg/>", "png": b"\x89PNG"}


def test_figure_cache_reports_a_cut_file_and_serves_nothing(tmp_path):
    said = []
    cache = FigureCache(tmp_path, warn=said.append)
    cache.put("k", {"svg": b"<svg/>", "png": b"\x89PNG-full"})
    (tmp_path / "k.png").write_bytes(b"\x89PNG")
    assert cache.get("k", ("svg", "png")) is None
    assert said and "k.png" in said[0] and "damaged" in said[0]


def test_a_truncated_cached_png_is_drawn_again_and_the_site_gets_the_good_bytes(project, quick_project):
    figures = project / "build" / "figures"
    png = max(figures.glob("*.png"), key=lambda p: p.stat().st_size)
    good = png.read_bytes()
    png.write_bytes(good[: len(good) // 2])
    said = []
    summary = render_project(project, report=said.append)
    assert summary.drawn == 1
    assert any("damaged" in line for line in said)
    assert png.read_bytes() == good
