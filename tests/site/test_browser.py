"""Headless Chromium over the built site, served from 127.0.0.1: what a reader's browser sees."""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from tests.site.fixtures import quick_project, real_site  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECTIONS = ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters", "summary")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(real_site):
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and failed requests."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    # Leaving a page aborts its pending requests (ERR_ABORTED); only real failures count.
    page.on(
        "requestfailed",
        lambda r: page.problems.append(f"request failed: {r.url} {r.failure}")
        if "ERR_ABORTED" not in (r.failure or "") else None,
    )
    yield page
    context.close()


def open_page(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url


def broken_images(page):
    return page.evaluate(
        "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_pages_load_with_images_and_no_errors(page, server, prefix):
    for slug in ("", *[s + "/" for s in SECTIONS]):
        open_page(page, server + prefix + slug)
        assert broken_images(page) == [], prefix + slug
    assert page.problems == []


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


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_browser_mathjax_typesets_formulas(page, server, prefix):
    open_page(page, server + prefix + "batch-norm/")
    page.wait_for_selector("mjx-container", state="attached", timeout=10_000)
    assert page.locator("mjx-container").count() >= 3
    assert page.problems == []


def test_browser_figure_click_opens_lightbox(page, server):
    open_page(page, server + "regularization/")
    page.click(".ch6-figure img")
    page.wait_for_selector(".glightbox-container .gslide-image img", state="visible", timeout=5_000)
    assert page.problems == []


@pytest.mark.parametrize(("prefix", "query", "expected"), [
    ("", "드롭아웃", "regularization/"),
    ("en/", "dropout", "en/regularization/"),
])
def test_browser_search_finds_pages_in_the_readers_language(page, server, prefix, query, expected):
    open_page(page, server + prefix)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    page.keyboard.press("End")  # typed Hangul arrives without a keyup; the theme listens for one
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item a")]
    paths = [re.sub(r"^https?://[^/]+/", "", h).split("?")[0] for h in hrefs]
    assert expected in paths
    if prefix:
        assert all(p.startswith("en/") for p in paths)
    else:
        assert not any(p.startswith("en/") for p in paths)
    assert page.problems == []
