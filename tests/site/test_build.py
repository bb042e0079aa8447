import hashlib
import html
import json
import re
import shutil

import pytest
from generator.errors import UserError
from generator.pages import page
from generator.site.build import STAMP, build_site, check_nav
from generator.site import citation
from generator.site.check import check_links, check_parity
from tests.site.fixtures import REPO, build_project, make_project, project, quick_project, real_site  # noqa: F401

SLUGS = ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters",
         "summary", "claims", "reproduce")


def site_copy(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    return site


def edit(path, *replacements):
    text = path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def tree_hashes(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_site_strict_builds_both_languages(real_site):
    for prefix in ("", "en/"):
        assert (real_site / prefix / "index.html").is_file()
        for slug in SLUGS:
            assert (real_site / prefix / slug / "index.html").is_file(), prefix + slug
    assert '<html lang="ko"' in (real_site / "index.html").read_text()
    assert '<html lang="en"' in (real_site / "en" / "index.html").read_text()


def test_build_site_every_declared_figure_is_on_its_page_in_both_languages(real_site):
    from generator.experiments import EXPERIMENTS

    for experiment in EXPERIMENTS:
        for spec in experiment.figure_specs():
            for prefix in ("", "en/"):
                html = (real_site / prefix / experiment.page / "index.html").read_text()
                assert f'id="{spec.id}"' in html, prefix + spec.id
                assert (real_site / prefix / "figures" / f"{spec.id}.svg").is_file()


def test_build_site_search_index_per_language(real_site):
    ko = json.loads((real_site / "search" / "search_index.json").read_text())
    en = json.loads((real_site / "en" / "search" / "search_index.json").read_text())
    assert "ko" in ko["config"]["lang"]
    assert en["config"]["lang"] == ["en"]
    ko_text = " ".join(d["title"] + d["text"] for d in ko["docs"])
    en_text = " ".join(d["title"] + d["text"] for d in en["docs"])
    from generator.article import SECTIONS

    headings = [s.heading for s in SECTIONS if s.heading]  # the article's own headings, cited verbatim
    for cited in (citation.ARTICLE.title, citation.BOOK_KO.title, citation.BOOK_KO_REMASTERED.title, citation.BOOK_KO.translator,
                  *headings):
        en_text = en_text.replace(html.escape(cited, quote=False), "").replace(cited, "")  # titles cited as written
    regularization = page("regularization")
    assert regularization.title_ko in ko_text and regularization.title_en not in ko_text
    assert regularization.title_en in en_text and not re.search("[가-힣]", en_text)
    assert not any(d["location"].startswith("en/") for d in ko["docs"])


def test_language_switcher_links_to_same_page_in_other_language(real_site):
    ko = (real_site / "regularization" / "index.html").read_text()
    en = (real_site / "en" / "regularization" / "index.html").read_text()
    assert '<a href="../en/regularization/" hreflang="en"' in ko
    assert '<a href="../../regularization/" hreflang="ko"' in en
    # The page's own language versions (overrides/main.html), not the theme's language-root links.
    assert '<link rel="alternate" hreflang="en" href="https://' in ko and 'hreflang="en" href="../en/"' not in ko


def test_build_site_figure_has_image_and_anchor(real_site):
    html = (real_site / "regularization" / "index.html").read_text()
    assert '<div class="ch6-figure" id="fig-overfitting-baseline">' in html
    assert re.search(r'<img[^>]*src="../figures/fig-overfitting-baseline.svg"', html)
    assert "<details class=\"quote\" data-search-exclude>" in html  # out of the search index (overrides/hooks.py)
    assert "이 그림 인용하기" in html


def test_check_links_passes(real_site):
    assert check_links(real_site) == []


def test_check_links_reports_broken_link_and_anchor(real_site, tmp_path):
    site = site_copy(real_site, tmp_path)
    edit(site / "summary" / "index.html",
         ("</article>", '<a href="../nowhere/">x</a><a href="../claims/#no-such-anchor">y</a></article>'))
    problems = check_links(site)
    assert "summary/index.html: broken link '../nowhere/'" in problems
    assert "summary/index.html: link '../claims/#no-such-anchor' names no element #no-such-anchor" in problems


def test_check_parity_passes(real_site):
    assert check_parity(real_site) == []


def test_check_parity_fails_when_a_translation_is_missing(real_site, tmp_path):
    site = site_copy(real_site, tmp_path)
    shutil.rmtree(site / "en" / "regularization")
    (site / "en" / "figures" / "fig-overfitting-gap.png").unlink()
    problems = check_parity(site)
    assert "page regularization/index.html is in the Korean site only" in problems
    assert "figure file figures/fig-overfitting-gap.png is in the Korean site only" in problems


def test_check_parity_fails_on_missing_anchor_claim_and_figure(real_site, tmp_path):
    site = site_copy(real_site, tmp_path)
    edit(site / "en" / "claims" / "index.html",
         ('id="claims-regularization"', 'id="claims-regularisation"'), ('id="claim-overfitting-test-lags"', 'id="x"'))
    edit(site / "regularization" / "index.html", ('id="fig-overfitting-gap"', ""))
    problems = check_parity(site)
    assert "claims/index.html: heading anchor claims-regularization is in the Korean site only" in problems
    assert "claims/index.html: heading anchor claims-regularisation is in the English site only" in problems
    assert "claims/index.html: claim-element claim-overfitting-test-lags is in the Korean site only" in problems
    assert "regularization/index.html: fig-element fig-overfitting-gap is in the English site only" in problems


def test_build_site_two_clean_builds_are_byte_identical(real_site, quick_project, all_quick_results, tmp_path):
    # A second project from the same results, with no pages, site or build stamp; its figures come
    # from a copy of the first's figure cache (that a cold render draws the same bytes is
    # test_render.py's test_rendered_files_hash_the_same_in_two_processes).
    second = make_project(tmp_path / "second", all_quick_results)
    shutil.copytree(quick_project / "build" / "figures", second / "build" / "figures")
    assert tree_hashes(real_site) == tree_hashes(build_project(second))


def test_build_site_unchanged_inputs_skip_mkdocs(project):
    build_project(project)
    before = tree_hashes(project / "site")
    assert build_site(project) is False
    assert tree_hashes(project / "site") == before
    (project / STAMP).unlink()
    assert build_site(project) is True


def test_build_site_strict_failure_raises_and_keeps_previous_site(project):
    build_project(project)
    site = project / "site"
    before = tree_hashes(site)
    edit(project / "templates" / "summary.md.j2", ("# {{ page.title }} { #summary }", "# {{ page.title }} { #summary }\n\n[broken](no-such-page.md)"))
    with pytest.raises(UserError, match="mkdocs build --strict"):
        build_project(project)
    assert tree_hashes(site) == before
    assert not (project / "site.tmp").exists()


def test_build_site_nav_must_list_the_declared_pages_in_order(tmp_path):
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text()
    config.write_text(text)
    check_nav(config)
    config.write_text(text.replace("  - initialization.md\n  - batch-norm.md\n", "  - batch-norm.md\n  - initialization.md\n"))
    with pytest.raises(UserError, match="nav must list"):
        check_nav(config)


def pages_of(site):
    """Every page of both builds: (language, slug, HTML)."""
    for lang, prefix in (("ko", ""), ("en", "en/")):
        for slug in ("index",) + SLUGS:
            yield lang, slug, (site / prefix / ("" if slug == "index" else slug) / "index.html").read_text()


def test_every_page_links_the_repository_and_edits_its_template(real_site):
    for lang, slug, html in pages_of(real_site):
        assert f'<a href="{citation.PLACEHOLDER_REPO_URL}" title=' in html, (lang, slug)
        edit = re.search(r'<a href="([^"]+)" title="[^"]+" class="md-content__button md-icon" rel="edit">', html).group(1)
        assert edit == f"{citation.PLACEHOLDER_REPO_URL}/edit/main/templates/{slug}.md.j2", (lang, slug)
        assert (REPO / "templates" / f"{slug}.md.j2").is_file()


def test_preview_build_shows_its_note_on_every_page(real_site):
    for lang, slug, html in pages_of(real_site):
        assert re.search(r'<aside class="md-banner">\s*<div[^>]*>\s*<p class="ch6-preview" role="note">', html), (lang, slug)
    assert "미리 보기 빌드" in (real_site / "index.html").read_text()
    assert "Preview build" in (real_site / "en" / "index.html").read_text()


def test_every_page_has_an_og_image_of_a_built_figure(real_site):
    for lang, slug, html in pages_of(real_site):
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
        assert image.startswith(citation.PLACEHOLDER_SITE_URL), image
        assert (real_site / image.removeprefix(citation.PLACEHOLDER_SITE_URL)).is_file(), image
        assert re.search(r'<meta property="og:image:alt" content="[^"]+">', html)
        assert f'<meta property="og:url" content="{citation.PLACEHOLDER_SITE_URL}' in html


def test_footer_states_both_licences_in_both_languages(real_site):
    for lang, slug, html in pages_of(real_site):
        footer = html[html.index('class="md-copyright"'):]
        for licence in (citation.CONTENT_LICENCE, citation.CODE_LICENCE):
            assert f'<a href="{licence.url}">{licence.name}</a>' in footer, (lang, slug, licence.name)


def test_figure_offers_svg_download_and_cites_with_licence(real_site):
    html = (real_site / "en" / "regularization" / "index.html").read_text()
    assert '<a href="../figures/fig-overfitting-baseline.svg">SVG</a>' in html
    assert "Regenerates Figure 6-20 of the book." in html
    block = html[html.index('id="fig-overfitting-baseline"'):html.index('id="fig-overfitting-weight-decay"')]
    assert "urldate" not in block and "git commit not recorded" in block
    assert f'<a href="{citation.CONTENT_LICENCE.url}">CC BY 4.0</a>' in block


def test_build_site_published_address_everywhere_and_no_preview(project, monkeypatch):
    monkeypatch.setenv("CH6_SITE_URL", "https://me.github.io/ch6/")
    monkeypatch.setenv("CH6_REPO_URL", "https://github.com/me/ch6")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1743674400")
    site = build_project(project)
    for lang, slug, html in pages_of(site):
        root = "" if lang == "ko" else "en/"
        path = "" if slug == "index" else f"{slug}/"
        assert f'<link rel="canonical" href="https://me.github.io/ch6/{root}{path}">' in html
        assert "md-banner" not in html and "ch6-preview" not in html
        assert f'href="https://github.com/me/ch6/edit/main/templates/{slug}.md.j2"' in html
    for sitemap in (site / "sitemap.xml", site / "en" / "sitemap.xml"):
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text())
        assert locations and all(loc.startswith("https://me.github.io/ch6/") for loc in locations)
    leftovers = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".xml")
                 and "example.github.io" in p.read_text()]
    assert leftovers == []
    shown = re.sub(r"<[^>]+>", "", (site / "en" / "regularization" / "index.html").read_text())
    assert "urldate      = {2025-04-03}," in shown
    assert "\\url{https://me.github.io/ch6/en/regularization/#fig-overfitting-baseline}" in shown


def test_build_site_a_changed_address_rebuilds(project, monkeypatch):
    build_project(project)
    assert build_site(project) is False
    monkeypatch.setenv("CH6_REPO_URL", "https://github.com/me/ch6")
    assert build_site(project) is True
