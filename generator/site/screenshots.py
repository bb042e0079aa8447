"""``make screenshots``: full-page pictures of every page, both languages, desktop and phone width.

Serves an already built ``site/`` the way GitHub Pages does (under the path of ``site_url``, with
``404.html`` for a miss), opens each page in headless Chromium (Debian's ``/usr/bin/chromium``
through Playwright, the browser the tests drive) and writes
``build/screenshots/<lang>/<width>/<page>.png``. It builds nothing: run ``make site`` first.
The browser tests use the same server (``serve_site``).
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import UserError

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
WIDTHS = (1280, 390)
"""A desktop window and a phone (iPhone 12 to 15: 390 CSS px)."""
HEIGHTS = {1280: 900, 390: 844}
FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
"""NanumGothic, which the figures embed: a machine without a Hangul font (a bare server) would
otherwise draw every Korean glyph as a box. A reader's system font covers Hangul (no web fonts)."""


GZIP_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
"""What GitHub Pages sends gzipped to a browser that accepts it (text; images and fonts are
compressed already)."""


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under ``prefix``; anything else answers 404 with the site's ``404.html``, as GitHub Pages does.
    With ``gzip`` set, text goes out gzipped to a client that accepts it, as GitHub Pages sends it."""

    prefix = "/"
    gzip = False

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if "\0" in path:  # outside the prefix: open() would raise rather than answer 404
            return self.send_error(404)
        path = Path(path)
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (self.gzip and path.suffix in GZIP_SUFFIXES and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def site_prefix(config_file) -> str:
    """The path the site is published under: ``site_url``'s path ("/ch6-training-techniques/")."""
    from generator.site.provenance import read_site_url

    return urlsplit(read_site_url(config_file)).path or "/"


@contextlib.contextmanager
def serve_site(site_dir, prefix: str = "/", *, compress: bool = False):
    """Serve ``site_dir`` on 127.0.0.1 under ``prefix`` (text gzipped if ``compress``); yields the site's root URL."""
    handler = functools.partial(type("Handler", (_PagesHandler,), {"prefix": prefix, "gzip": compress}),
                                directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@contextlib.contextmanager
def hangul_fonts():
    """The environment for a Chromium that finds :data:`FONTS` besides the system's fonts.

    Fontconfig's cache of the folder is kept between runs (in the project's cache folder, as a
    reader's system keeps its own): built afresh, it holds back a Korean page's first paint by
    about a second, which Lighthouse would count against the page."""
    import platformdirs

    cache = Path(platformdirs.user_cache_dir("ch6-training-techniques", appauthor=False)) / "fontconfig"
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "fonts.conf"
        config.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
            f'<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{FONTS}</dir>'
            f'<cachedir>{cache}</cachedir></fontconfig>\n'
        )
        yield dict(os.environ, FONTCONFIG_FILE=str(config))


@contextlib.contextmanager
def chromium():
    """Headless Chromium through Playwright, or a UserError saying what to install."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UserError("screenshots: Playwright is missing; install the dev extra: pip install -e '.[dev]'") from None
    if not CHROMIUM.exists():
        raise UserError(f"screenshots: {CHROMIUM} is missing; install Chromium (apt-get install chromium)")
    with hangul_fonts() as env, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env)
        try:
            yield browser
        finally:
            browser.close()


PASS_OVER = """
async () => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  const start = window.scrollY, startTop = target ? target.getBoundingClientRect().top : 0;
  // A frame drawn, or 250 ms, whichever comes first: a browser that holds its frames back
  // (it happens in headless Chromium) must not hold the pass up for ever.
  const frame = () => new Promise(r => { requestAnimationFrame(() => setTimeout(r, 20)); setTimeout(r, 250); });
  for (let y = 0; y < document.scrollingElement.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await frame();
  }
  window.scrollTo(0, start);
  if (target) window.scrollBy(0, target.getBoundingClientRect().top - startTop);
  await frame();
}
"""
"""Scroll down the whole page and back to where it was: figures (``loading="lazy"``) arrive as they
near the screen. Back means the same place on the page, the element the address names where it
names one."""


def settle(page) -> None:
    """Wait until the page looks as a reader sees it once they have scrolled through it: every
    image loaded."""
    page.wait_for_load_state("load")
    page.evaluate(PASS_OVER)
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=15_000)


def take(site_dir, out_dir, config_file, *, widths=WIDTHS, report=print) -> list[Path]:
    """Write a full-page PNG of every page in both languages at each width; returns the files."""
    from generator.pages import PAGES
    from generator.site.context import LANGUAGES

    site_dir, out_dir = Path(site_dir), Path(out_dir)
    if not (site_dir / "index.html").is_file():
        raise UserError(f"{site_dir}/index.html: missing; build the site first (make site)")
    written = []
    with serve_site(site_dir, site_prefix(config_file)) as root, chromium() as browser:
        for width in widths:
            for lang in LANGUAGES:
                shutil.rmtree(out_dir / lang.code / str(width), ignore_errors=True)  # no pictures of pages since removed
            phone = width < 600
            context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 900)}, is_mobile=phone,
                                          has_touch=phone, device_scale_factor=1, reduced_motion="reduce")
            page = context.new_page()
            for lang in LANGUAGES:
                for p in PAGES:
                    url = root + (lang.root or "") + ("" if p.slug == "index" else p.slug + "/")
                    response = page.goto(url, wait_until="load")
                    if response is None or not response.ok:
                        raise UserError(f"screenshots: {url} answered {response.status if response else 'nothing'}")
                    settle(page)
                    path = out_dir / lang.code / str(width) / f"{p.slug}.png"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
            context.close()
            report(f"screenshots: {width} px, {len(LANGUAGES) * len(PAGES)} pages")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="the built site (default: %(default)s)")
    parser.add_argument("--out", default="build/screenshots", help="where the PNGs go (default: %(default)s)")
    parser.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml, for site_url (default: %(default)s)")
    parser.add_argument("--width", type=int, action="append", help="one width in CSS px (repeatable; default: 1280 and 390)")
    args = parser.parse_args(argv)
    try:
        files = take(args.site, args.out, args.config, widths=tuple(args.width or WIDTHS))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return UserError.exit_status
    print(f"screenshots: {len(files)} files under {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
