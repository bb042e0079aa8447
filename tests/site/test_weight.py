"""What a phone pays for a page: the first load within its budget, figures sized and lazy, files kept
once for both languages, nothing in the search index that no one searches for."""

import json
import re

from generator.site.check import WEIGHT_BUDGET, check_weight, first_load, page_weights
from tests.site.fixtures import quick_project, real_site  # noqa: F401

IMG = re.compile(r"<img [^>]*>")


def pages(site):
    return sorted(p for p in site.rglob("index.html") if p.parent.name not in ("search",))


def test_weight_every_page_loads_within_the_budget(real_site):
    weights = page_weights(real_site)
    assert len(weights) >= 20
    assert check_weight(real_site) == [], {rel: w // 1024 for rel, w in weights.items()}
    assert max(weights.values()) <= WEIGHT_BUDGET


def test_weight_counts_html_styles_scripts_and_the_first_image(real_site):
    loads = first_load(real_site, real_site / "en" / "optimizers" / "index.html")
    assert "en/optimizers/index.html" in loads
    assert any(rel.endswith(".css") for rel in loads)
    assert any(rel.endswith(".js") for rel in loads)
    assert [rel for rel in loads if rel.startswith("en/figures/")] == ["en/figures/fig-optimizer-paths.svg"]
    assert all(size > 0 for size in loads.values())


def test_weight_figures_are_lazy_with_their_size_and_alt_text(real_site):
    checked = 0
    for page in pages(real_site):
        for tag in IMG.findall(page.read_text()):
            if "figures/" not in tag:
                continue
            assert 'loading="lazy"' in tag, tag
            assert re.search(r' width="\d+" height="\d+"', tag), tag
            assert re.search(r' alt="[^"]+"', tag), tag
            checked += 1
    assert checked > 40


def test_weight_formulas_load_no_script(real_site):
    loads = first_load(real_site, real_site / "batch-norm" / "index.html")
    assert "<math " in (real_site / "batch-norm" / "index.html").read_text()
    assert [path for path in loads if path.endswith(".js")] == [
        path for path in first_load(real_site, real_site / "glossary" / "index.html") if path.endswith(".js")]
    assert not list(real_site.rglob("*mathjax*"))


def test_weight_downloads_are_stored_once(real_site):
    assert (real_site / "downloads").is_dir()
    assert not (real_site / "en" / "downloads").exists()
    en = (real_site / "en" / "optimizers" / "index.html").read_text()
    assert 'href="../../downloads/fig-optimizer-paths.csv"' in en
    ko = (real_site / "optimizers" / "index.html").read_text()
    assert 'href="../downloads/fig-optimizer-paths.csv"' in ko


def test_weight_no_source_maps(real_site):
    assert not list(real_site.rglob("*.map"))
    for script in real_site.rglob("*.js"):
        assert b"sourceMappingURL" not in script.read_bytes()[-300:], script


def test_weight_search_index_has_no_bibtex(real_site):
    for index in (real_site / "search" / "search_index.json", real_site / "en" / "search" / "search_index.json"):
        docs = json.loads(index.read_text())["docs"]
        text = " ".join(d["text"] for d in docs)
        assert "howpublished" not in text and "@misc" not in text, index
        assert "urldate" not in text


SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=[^>]*>")


def test_weight_no_script_holds_back_the_first_paint(real_site):
    """Every script a page loads by address, the theme's bundle included, waits until the page is
    parsed (``defer``): the browser paints the text before any of them runs."""
    bundles = 0
    for page in pages(real_site):
        tags = SCRIPT_SRC.findall(page.read_text())
        assert tags, page
        for tag in tags:
            assert re.search(r"\sdefer[\s>]", tag), (page, tag)
            bundles += "bundle." in tag
    assert bundles == len(pages(real_site))
