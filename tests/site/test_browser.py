"""Headless Chromium over the built site, served as GitHub Pages serves it (under site_url's path,
404.html for a miss): what a reader's browser sees, on a desktop (1280 px) and a phone (390 px)."""

import re
from urllib.parse import urlsplit

import pytest
from generator.pages import PAGES
from generator.site.screenshots import CHROMIUM, HEIGHTS, chromium, serve_site, settle, site_prefix
from tests.site.fixtures import quick_project, real_site  # noqa: F401

SLUGS = tuple(p.slug for p in PAGES)
SECTIONS = ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters", "summary")
WIDTHS = (1280, 390)
PHONE = 390
READABLE_PX = 9.0
"""The smallest text a figure may show in the viewer on a phone, in CSS px (about 7 pt)."""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(quick_project):
    with serve_site(quick_project / "site", site_prefix(quick_project / "mkdocs.yml")) as root:
        yield root


@pytest.fixture(scope="module")
def browser():
    with chromium() as chromium_browser:
        yield chromium_browser


def open_tab(browser, server, width):
    """A fresh tab at ``width`` that records console errors, page errors, failed requests and every
    request made. Requests to other hosts are left out of the problems: the theme asks GitHub's API
    for the repository's stars, which a machine without a network cannot reach."""
    phone = width == PHONE
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]}, is_mobile=phone, has_touch=phone)
    tab = context.new_page()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    tab.problems = []
    tab.requests = []

    def local(url):
        return not url or url.startswith(origin)

    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}")
           if m.type == "error" and local(m.location.get("url", "")) else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("request", lambda r: tab.requests.append(r.url))
    # Leaving a page aborts its pending requests (ERR_ABORTED); only real failures count.
    tab.on("requestfailed", lambda r: tab.problems.append(f"request failed: {r.url} {r.failure}")
           if "ERR_ABORTED" not in (r.failure or "") and local(r.url) else None)
    return tab


@pytest.fixture
def page(browser, server):
    tab = open_tab(browser, server, 1280)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(browser, server):
    tab = open_tab(browser, server, PHONE)
    yield tab
    tab.context.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def tab(request, browser, server):
    tab = open_tab(browser, server, request.param)
    yield tab
    tab.context.close()


def url_of(prefix, slug):
    return prefix + ("" if slug == "index" else slug + "/")


def open_page(tab, url):
    response = tab.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    settle(tab)


def broken_images(tab):
    return tab.evaluate("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")


def search(tab, server, query):
    """The pages the search box lists for ``query``, as paths below the site root."""
    opener = tab.locator("label.md-header__button[for=__search]")
    if opener.is_visible():  # a phone: the search box opens from the header's button
        opener.click()
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    tab.keyboard.press("End")  # typed Hangul arrives without a keyup; the theme listens for one
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    tab.wait_for_timeout(500)  # the list follows the typing; let the last query's answer arrive
    root = urlsplit(server).path
    hrefs = [a.get_attribute("href") for a in tab.query_selector_all(".md-search-result__item > a")]
    return {urlsplit(h).path[len(root):] for h in hrefs}


# ---- pages, formulas, switcher ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_pages_load_whole_and_nothing_scrolls_sideways_but_boxes_that_show_it(tab, server, prefix):
    """Every page, once scrolled through: every image loaded, no error, and nothing wider than
    the screen but the boxes meant to scroll sideways, each showing that it does (OVERFLOW)."""
    overflowing = {}
    for slug in SLUGS:
        open_page(tab, server + url_of(prefix, slug))
        assert broken_images(tab) == [], prefix + slug
        # Folded boxes too (the citation blocks), as a reader who opens them sees them.
        tab.evaluate(OPEN_EVERY_FOLD)
        found = tab.evaluate(OVERFLOW)
        if found:
            overflowing[slug] = found
    assert tab.problems == []
    assert overflowing == {}


@pytest.mark.parametrize(("start", "lang", "target"), [
    ("regularization/", "en", "en/regularization/"),
    ("en/regularization/", "ko", "regularization/"),
    ("en/", "ko", ""),
])
def test_browser_language_switcher_keeps_the_page(page, server, start, lang, target):
    open_page(page, server + start)
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang={lang}]")
    page.wait_for_url(server + target)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.problems == []


@pytest.mark.parametrize(("start", "lang", "target"), [
    ("regularization/#dropout", "en", "en/regularization/#dropout"),
    ("en/claims/#claim-overfitting-test-lags", "ko", "claims/#claim-overfitting-test-lags"),
])
def test_browser_language_switcher_keeps_the_anchor(tab, server, start, lang, target):
    open_page(tab, server + start)
    tab.hover(".md-header__option .md-select")
    tab.click(f"a.md-select__link[hreflang={lang}]")
    tab.wait_for_url(server + target)
    anchor = target.split("#")[1]
    settle(tab)
    top = tab.evaluate("id => document.getElementById(id).getBoundingClientRect().top", anchor)
    assert 0 <= top < HEIGHTS[1280] / 2, f"#{anchor} is not brought into view (top {top})"
    assert tab.problems == []


def test_browser_anchor_followed_later_is_kept_too(page, server):
    open_page(page, server + "regularization/")
    page.click("a[href='#weight-decay']:visible")
    href = page.locator("a.md-select__link[hreflang=en]").get_attribute("href")
    assert href.endswith("en/regularization/#weight-decay")


@pytest.mark.parametrize(("prefix", "lang", "permalink", "dark"), [
    ("", "ko", "이 제목의 고정 링크", "어두운 화면으로 바꾸기"),
    ("en/", "en", "Permanent link to this heading", "Switch to dark mode"),
])
def test_browser_theme_words_are_in_the_pages_language(page, server, prefix, lang, permalink, dark):
    open_page(page, server + prefix + "regularization/")
    assert page.locator("html").get_attribute("lang") == lang
    titles = set(page.eval_on_selector_all(".md-content .headerlink", "links => links.map(a => a.title)"))
    assert titles == {permalink}
    toggles = page.eval_on_selector_all("form[data-ch6-palette] label", "ls => ls.map(l => l.title)")
    assert dark in toggles
    assert all(bool(re.search("[가-힣]", t)) == (lang == "ko") for t in toggles), toggles


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_hreflang_alternates_in_head_without_stray_requests(page, server, real_site, prefix):
    from generator.site.provenance import read_site_url

    site_url = read_site_url(real_site.parent / "mkdocs.yml")
    open_page(page, server + prefix + "regularization/")
    page.wait_for_timeout(300)
    alternates = page.eval_on_selector_all(
        "head link[rel=alternate][hreflang]", "ls => ls.map(l => [l.hreflang, l.getAttribute('href')])"
    )
    assert sorted(alternates) == sorted([
        ["ko", f"{site_url}regularization/"],
        ["en", f"{site_url}en/regularization/"],
        ["x-default", f"{site_url}regularization/"],
    ])
    # The theme looks for a sitemap next to each rel=alternate link; next to a page there is none.
    sitemaps = {u for u in page.requests if u.endswith("sitemap.xml")}
    assert sitemaps <= {server + "sitemap.xml", server + "en/sitemap.xml"}
    assert page.problems == []


@pytest.mark.parametrize(("miss", "lang", "heading"), [
    ("en/no-such-page/", "en", "Page not found"),
    ("no-such-page/", "ko", "쪽을 찾을 수 없습니다"),
])
def test_browser_missing_page_answers_in_the_language_of_its_address(page, server, miss, lang, heading):
    response = page.goto(server + miss, wait_until="load")
    assert response is not None and response.status == 404
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)
    page.wait_for_load_state("load")
    assert page.locator("article h1").inner_text() == heading
    assert urlsplit(page.url).path == urlsplit(server + miss).path
    assert page.locator("html").evaluate("e => getComputedStyle(e).visibility") == "visible"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_draws_formulas_as_mathml_without_a_script(page, server, prefix):
    open_page(page, server + prefix + "batch-norm/")
    # The browser lays MathML out itself: a fraction is taller than a line, a display formula
    # stands on its own line and is centred in its box.
    fraction = page.locator("div.arithmatex math mfrac").first
    assert fraction.bounding_box()["height"] > 1.5 * page.locator("article p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)")
    shapes = page.locator("math").evaluate_all("ms => ms.map(m => getComputedStyle(m).display)")
    assert len(shapes) >= 10 and set(shapes) <= {"inline math", "block math", "math", "block", "inline"}
    assert not [url for url in page.requests if "mathjax" in url.lower()]
    assert page.problems == []


# ---- figures --------------------------------------------------------------------------------------


def open_viewer(tab, img):
    img.scroll_into_view_if_needed()
    img.click()
    tab.wait_for_selector("dialog.ch6-viewer[open]")
    tab.wait_for_function("() => document.querySelector('.ch6-viewer__scroll img').complete")
    return tab.locator("dialog.ch6-viewer")


def test_browser_figure_viewer_shows_twice_the_page_width_with_caption(tab, server):
    open_page(tab, server + "batch-norm/")
    figure = tab.locator("#fig-batchnorm-sweep-curves")
    img = figure.locator("figure img")
    on_page = img.bounding_box()["width"]
    viewer = open_viewer(tab, img)
    shown = viewer.locator(".ch6-viewer__scroll img").bounding_box()["width"]
    assert shown >= 2 * on_page - 1, (on_page, shown)
    caption = viewer.locator(".ch6-viewer__caption")
    assert caption.inner_text().strip() == figure.locator("figcaption").inner_text().strip()
    box = caption.bounding_box()
    assert box["y"] + box["height"] <= HEIGHTS[tab.viewport_size["width"]] + 1, "caption below the screen"
    tab.keyboard.press("Escape")
    tab.wait_for_selector("dialog.ch6-viewer", state="hidden")
    assert tab.problems == []


def test_browser_figure_opens_from_the_keyboard(page, server):
    open_page(page, server + "en/regularization/")
    img = page.locator(".ch6-figure figure img").first
    img.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.ch6-viewer[open]")
    assert "Figure 4.1" in page.locator(".ch6-viewer__title").inner_text()
    page.locator(".ch6-viewer__close").click()
    page.wait_for_selector("dialog.ch6-viewer", state="hidden")


def smallest_text_pt(svg_path) -> float:
    """The smallest font size in a figure, in pt: matplotlib draws text as paths scaled by size / 100."""
    text = svg_path.read_text()
    scales = [float(s) for s in re.findall(r"scale\((0\.\d+) -0\.\d+\)", text)]
    assert scales, svg_path
    return 100 * min(scales)


def svg_width_pt(svg_path) -> float:
    return float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg_path.read_text()).group(1))


@pytest.mark.parametrize("slug", [s for s in SECTIONS if s != "summary"])
def test_browser_every_figure_is_readable_on_a_phone(phone, server, real_site, slug):
    open_page(phone, server + slug + "/")
    images = phone.locator(".ch6-figure figure img")
    assert images.count() > 0
    small = []
    for i in range(images.count()):
        img = images.nth(i)
        src = img.get_attribute("src")
        svg = real_site / slug / src
        viewer = open_viewer(phone, img)
        shown = viewer.locator(".ch6-viewer__scroll img").bounding_box()["width"]
        smallest_px = smallest_text_pt(svg) * shown / svg_width_pt(svg)
        if smallest_px < READABLE_PX:
            small.append(f"{src}: {smallest_px:.1f} px")
        phone.keyboard.press("Escape")
        phone.wait_for_selector("dialog.ch6-viewer", state="hidden")
    assert small == []
    assert phone.problems == []


# ---- layout on a phone and a desktop ---------------------------------------------------------------

OPEN_EVERY_FOLD = """
async () => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const fold of document.querySelectorAll("article.md-content__inner details")) {
    fold.open = true;
    fold.scrollIntoView();  // as a reader opens it: on the screen, where the page is laid out
    await frames();
  }
  window.scrollTo(0, 0);
  await frames();
}
"""

OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const page = document.scrollingElement.scrollWidth;
  if (page > width + 1) problems.push(`the page scrolls sideways (${page} px in ${width} px)`);
  const meant = "div.arithmatex, .md-typeset__scrollwrap, pre > code";
  // The box that keeps an element from reaching past the screen: the nearest ancestor that
  // clips or scrolls and is itself narrower than its content.
  const scroller = el => {
    for (let box = el.parentElement; box && box.tagName !== "ARTICLE"; box = box.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth + 1) return box;
    }
    return null;
  };
  const describe = el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  for (const el of document.querySelectorAll("article.md-content__inner *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    const box = scroller(el);
    if (!box) problems.push(`${describe(el)} reaches past the screen (${Math.round(r.left)}..${Math.round(r.right)})`);
    else if (!box.matches(meant)) problems.push(`${describe(el)} is cut off inside ${describe(box)}`);
  }
  for (const box of document.querySelectorAll("article.md-content__inner :is(" + meant + ")")) {
    if (box.scrollWidth > box.clientWidth + 1 && !box.matches(".ch6-more-right, .ch6-more-left"))
      problems.push(`${describe(box)} scrolls sideways but shows no sign of it`);
  }
  return [...new Set(problems)];
}
"""


def test_browser_wide_equation_fades_at_the_edge_on_a_phone(phone, server):
    open_page(phone, server + "optimizers/")
    boxes = phone.locator("div.arithmatex.ch6-more-right")
    assert boxes.count() >= 1
    box = boxes.first.element_handle()  # the element, not the first one that has the class later
    assert box.evaluate("b => getComputedStyle(b).maskImage") != "none"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    phone.wait_for_function("b => b.matches('.ch6-more-left:not(.ch6-more-right)')", arg=box)
    box.evaluate("b => { b.scrollLeft = 0; }")
    phone.wait_for_function("b => b.matches('.ch6-more-right:not(.ch6-more-left)')", arg=box)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_claims_are_cards_on_a_phone_and_a_table_on_a_desktop(tab, server, prefix):
    open_page(tab, server + prefix + "claims/")
    statements = tab.locator(".ch6-claims td.ch6-claim-statement")
    assert statements.count() > 5
    article = tab.locator("article.md-content__inner").bounding_box()["width"]
    widths = statements.evaluate_all("tds => tds.map(td => td.getBoundingClientRect().width)")
    if tab.viewport_size["width"] == PHONE:
        assert min(widths) >= 0.85 * article, (min(widths), article)
        labels = tab.locator(".ch6-claims tbody td:not(.ch6-claim-statement)").first
        assert labels.evaluate("td => getComputedStyle(td, '::before').content") not in ("none", "normal", "")
        cells = tab.locator(".ch6-claims tbody td").evaluate_all("tds => tds.map(td => td.getBoundingClientRect().right)")
        assert max(cells) <= PHONE
    else:
        assert tab.locator(".ch6-claims thead").first.is_visible()
        assert min(widths) >= 0.35 * article, (min(widths), article)
        wraps = tab.locator(".ch6-claims .md-typeset__scrollwrap")
        assert wraps.evaluate_all("bs => bs.every(b => b.scrollWidth <= b.clientWidth + 1)"), "a claims table is wider than the page"


HANGUL_BROKEN_INSIDE_A_WORD = """
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("article.md-content__inner"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, code, .arithmatex")) continue;
    for (const m of node.data.matchAll(/[%)]\u2060?[가-힣]+|[가-힣]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("slug", ["claims", "regularization", "summary", "glossary"])
def test_browser_korean_lines_break_between_words(phone, server, slug):
    """Inside a Hangul word, or between a percent sign or bracket and the particle after it."""
    open_page(phone, server + slug + "/")
    assert phone.evaluate(HANGUL_BROKEN_INSIDE_A_WORD) == []
    styles = phone.evaluate(
        "() => [...document.querySelectorAll('article p, article a, article figcaption')].map(e => getComputedStyle(e).wordBreak)"
    )
    assert set(styles) == {"keep-all"}


def test_browser_korean_text_is_drawn_in_a_hangul_font_the_page_names(phone, server):
    """A Korean paragraph, Hangul and Latin letters alike, in one font the stylesheet names
    (NanumGothic, the one Hangul font this machine has): the browser never searches the system
    for a font that has Hangul, as it does when no named font covers a letter."""
    phone.goto(server + "optimizers/", wait_until="load")
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    checked = 0
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "article > p"})["nodeIds"][:5]:
        fonts = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
        if fonts:
            assert fonts == {"NanumGothic"}
            checked += 1
    assert checked
    english = phone.context.new_page()
    english.goto(server + "en/optimizers/", wait_until="load")
    family = english.evaluate("() => getComputedStyle(document.querySelector('article p')).fontFamily")
    assert "NanumGothic" not in family  # English pages keep the theme's own list


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_captions_are_upright(page, server, prefix):
    open_page(page, server + prefix + "regularization/")
    styles = page.eval_on_selector_all("article figcaption", "cs => cs.map(c => getComputedStyle(c).fontStyle)")
    assert styles and set(styles) == {"normal"}


# ---- finding things -------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "query", "expected"), [
    ("", "드롭아웃", "regularization/"),
    ("en/", "dropout", "en/regularization/"),
])
def test_browser_search_finds_pages_in_the_readers_language(tab, server, prefix, query, expected):
    open_page(tab, server + prefix)
    paths = search(tab, server, query)
    assert expected in paths
    assert all(p.startswith("en/") for p in paths) if prefix else not any(p.startswith("en/") for p in paths)
    assert tab.problems == []


@pytest.mark.parametrize(("bare", "with_particle"), [
    ("드롭아웃", "드롭아웃을"),
    ("드롭아웃", "드롭아웃은"),
    ("정확도", "정확도가"),
    ("학습률", "학습률로"),
])
def test_browser_korean_search_ignores_a_particle(page, server, bare, with_particle):
    open_page(page, server)
    found = search(page, server, bare)
    page.reload()
    settle(page)
    assert found and search(page, server, with_particle) == found


def test_browser_search_suggests_the_rest_of_a_word(page, server):
    open_page(page, server)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("드롭아")
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.md-search__suggest').textContent.trim() !== ''")
    assert page.locator(".md-search__suggest").inner_text().startswith("드롭아웃")


@pytest.mark.parametrize(("prefix", "anchor"), [("", "term-dropout"), ("en/", "term-weight-decay")])
def test_browser_glossary_links_each_term_to_where_it_is_explained(page, server, prefix, anchor):
    open_page(page, server + prefix + "glossary/")
    entry = page.locator(f"dt#{anchor} + dd a")
    entry.click()
    page.wait_for_load_state("load")
    target = urlsplit(page.url).fragment
    assert target and page.locator(f"[id='{target}']").count() == 1
    assert page.problems == []


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_terms_show_their_glossary_line_as_a_tooltip(tab, server, prefix):
    open_page(tab, server + prefix + "regularization/")
    term = tab.locator("abbr.ch6-term").first
    title = term.get_attribute("title")
    assert title
    term.scroll_into_view_if_needed()
    if tab.viewport_size["width"] == PHONE:
        term.tap()
    else:
        term.hover()
    tip = tab.locator(".ch6-tip")
    tip.wait_for(timeout=5_000)
    assert tip.inner_text().strip() == title
    assert term.get_attribute("aria-describedby") == "ch6-tip"
    assert term.get_attribute("title") is None  # no second tooltip from the browser over ours
    box, word = tip.bounding_box(), term.bounding_box()
    width = tab.viewport_size["width"]
    assert 0 <= box["x"] and box["x"] + box["width"] <= width
    assert box["y"] >= word["y"] + word["height"] or box["y"] + box["height"] <= word["y"]  # beside the word, not over it
    tab.keyboard.press("Escape")
    tip.wait_for(state="hidden", timeout=5_000)
    assert term.get_attribute("title") == title


# ---- the viewer's fit mode, and what a first visit fetches ------------------------------------------


def test_browser_figure_viewer_fits_the_whole_figure_and_caption_on_the_screen(tab, server):
    open_page(tab, server + "optimizers/")
    img = tab.locator("#fig-optimizer-paths figure img")
    viewer = open_viewer(tab, img)
    assert viewer.get_attribute("aria-labelledby") == "ch6-viewer-title"
    assert viewer.evaluate("d => d.querySelector('#' + d.getAttribute('aria-labelledby')).textContent").startswith("그림")
    fit = viewer.locator(".ch6-viewer__fit")
    fit.click()
    assert fit.get_attribute("aria-pressed") == "true"
    width, height = tab.viewport_size["width"], tab.viewport_size["height"]
    shown = viewer.locator(".ch6-viewer__scroll img")
    box = shown.bounding_box()
    assert box["x"] >= -1 and box["y"] >= -1
    assert box["x"] + box["width"] <= width + 1 and box["y"] + box["height"] <= height + 1, box
    drawn = shown.evaluate("i => { const r = i.naturalWidth / i.naturalHeight, b = i.getBoundingClientRect();"
                           " return Math.min(b.width, b.height * r); }")
    assert drawn >= min(width, box["width"]) * 0.5
    caption = viewer.locator(".ch6-viewer__caption")
    cbox = caption.bounding_box()
    assert cbox["y"] + cbox["height"] <= height + 1, "caption below the screen"
    assert caption.evaluate("c => c.scrollHeight <= c.clientHeight + 1"), "caption cut off"
    fit.click()
    assert shown.bounding_box()["width"] >= 2 * img.bounding_box()["width"] - 1
    tab.keyboard.press("Escape")
    assert tab.problems == []


def test_browser_first_screen_fetches_no_figure_below_it(phone, server):
    response = phone.goto(server + "en/optimizers/", wait_until="load")
    assert response is not None and response.ok
    phone.wait_for_timeout(500)
    below = phone.evaluate("() => [...document.querySelectorAll('.ch6-figure img')]"
                           ".filter(i => i.getBoundingClientRect().top > 3 * innerHeight).map(i => i.src)")
    assert below
    assert not set(below) & set(phone.requests)
    assert all(i.get_attribute("width") and i.get_attribute("height") for i in phone.locator(".ch6-figure img").all())


# ---- what the theme changes on the whole page as it starts ---------------------------------------

ROOT_CHANGES = """window.ch6RootChanges = [];
  new MutationObserver(records => {
    for (const r of records) {
      if (r.target !== document.documentElement && r.target !== document.body) continue;
      const now = r.target.getAttribute(r.attributeName);
      if (now !== r.oldValue) window.ch6RootChanges.push(
        [r.target.tagName, r.attributeName, r.oldValue, now, document.body !== null]);
    }
}).observe(document, { attributes: true, attributeOldValue: true, subtree: true });"""


@pytest.mark.parametrize("slug", ["batch-norm/", "en/optimizers/"])
def test_browser_start_up_changes_no_attribute_of_the_whole_page(page, server, slug):
    """A change to an attribute of <html> or <body> that a style rule reads makes the browser
    restyle every element of the page. Once the body is parsed, nothing the theme or site.js does
    on load changes one: the "no-js" class goes before the body exists, the palette is left as the
    page has it (a reader who chose none), and nothing marks the body as switching palettes."""
    page.add_init_script(ROOT_CHANGES)
    open_page(page, server + slug)
    page.wait_for_timeout(300)
    changes = page.evaluate("window.ch6RootChanges")
    assert ["HTML", "class", "no-js", "js js-focus-visible", False] in changes
    assert [c for c in changes if c[4]] == []
    assert page.problems == []


def test_browser_palette_toggle_switches_and_is_remembered(page, server):
    open_page(page, server + "en/optimizers/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    assert page.locator("meta[name=color-scheme]").get_attribute("content") == "light dark"
    stored = "() => Object.keys(localStorage).filter(key => key.endsWith('.__palette'))"
    assert page.evaluate(stored) == []  # a reader who never chose follows the system
    page.locator("form[data-ch6-palette] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert len(page.evaluate(stored)) == 1
    # The browser prefers light here; the page names the reader's choice for scroll bars and edges.
    assert page.locator("meta[name=color-scheme]").get_attribute("content") == "dark"
    assert page.locator("form[data-ch6-palette] label:visible").get_attribute("title") == "Switch to light mode"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    open_page(page, server + "en/regularization/")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert page.locator("form[data-ch6-palette] label:visible").get_attribute("title") == "Switch to light mode"
    page.locator("form[data-ch6-palette] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    assert page.locator("meta[name=color-scheme]").get_attribute("content") == "light dark"
    assert page.problems == []


def test_browser_tables_stay_where_the_build_put_them(page, server):
    """Each table comes in the theme's scroll box from the build, so the theme's script moves none
    once the page is ready: moving a table out of the page and back makes the browser restyle
    and lay out all its cells again (on the claims page, most of the page)."""
    page.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
      window.ch6AddedTables = 0;
      new MutationObserver(records => {
        for (const r of records) for (const n of r.addedNodes)
          if (n.nodeType === 1 && (n.matches("table") || n.querySelector("table"))) window.ch6AddedTables++;
      }).observe(document.body, { childList: true, subtree: true });
    });""")
    open_page(page, server + "claims/")
    assert page.evaluate("window.ch6AddedTables") == 0
    tables = page.eval_on_selector_all(
        ".md-typeset table:not(.highlighttable)",
        "ts => ts.map(t => [t.className, t.parentElement.className, t.parentElement.parentElement.className])")
    assert len(tables) > 5
    assert set(map(tuple, tables)) == {("ch6-table", "md-typeset__table", "md-typeset__scrollwrap")}
