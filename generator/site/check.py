"""Checks over a built site: every local link resolves, and both languages have the same shape.

``mkdocs build --strict`` checks the links it rewrites; these checks read the HTML that is
actually published, theme and plugins included. Both return a list of problems, empty when
the site is sound.
"""

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SECOND_LANGUAGE = "en"
"""Folder of the English build inside the site; everything else is the Korean build."""


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    heading_ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    """What the browser fetches as it reads the HTML: stylesheets, scripts, images not marked lazy."""
    lazy_images: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element_id = attrs.get("id")
        if element_id:
            self.scan.ids.add(element_id)
            if tag in HEADINGS:
                self.scan.heading_ids.add(element_id)
        if tag == "a" and attrs.get("name"):
            self.scan.ids.add(attrs["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attrs.get(attribute):
            self.scan.links.append(attrs[attribute])
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and attrs.get("href") and rel & {"stylesheet", "preload", "modulepreload"}:
            self.scan.loads.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scan.loads.append(attrs["src"])
        elif tag == "img" and attrs.get("src"):
            (self.scan.lazy_images if attrs.get("loading") == "lazy" else self.scan.loads).append(attrs["src"])


def scan_page(path: Path) -> PageScan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.scan


def _is_external(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc)


def check_links(site: Path) -> list[str]:
    """Every href/src to a local file or ``#anchor`` in every page must resolve."""
    site = Path(site)
    pages = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}
    scans: dict[str, PageScan] = {}

    def scan(rel: str) -> PageScan:
        if rel not in scans:
            scans[rel] = scan_page(pages[rel])
        return scans[rel]

    problems = []
    for rel in pages:
        if PurePosixPath(rel).name == "404.html":
            # Hosts serve 404.html at any depth, so mkdocs gives it site-absolute links.
            continue
        for link in scan(rel).links:
            if _is_external(link) or link.startswith("/"):
                if link.startswith("/"):
                    problems.append(f"{rel}: site-absolute link {link!r} breaks under a sub-path")
                continue
            parts = urlsplit(link)
            if parts.path:
                target = PurePosixPath(rel).parent / unquote(parts.path)
                target_path = site / _normalise(target)
                if target_path.is_dir() or parts.path.endswith("/"):
                    target_path = target_path / "index.html"
                if not target_path.is_file():
                    problems.append(f"{rel}: broken link {link!r}")
                    continue
                target_rel = target_path.relative_to(site).as_posix()
            else:
                target_rel = rel
            fragment = unquote(parts.fragment)
            if fragment and target_rel in pages and fragment not in scan(target_rel).ids:
                problems.append(f"{rel}: link {link!r} names no element #{fragment}")
    return problems


def _normalise(path: PurePosixPath) -> str:
    out: list[str] = []
    for part in path.parts:
        if part == "..":
            if out:
                out.pop()
        elif part not in (".", ""):
            out.append(part)
    return "/".join(out)


def _language_trees(site: Path) -> dict[str, dict[str, Path]]:
    second = site / SECOND_LANGUAGE
    trees: dict[str, dict[str, Path]] = {"ko": {}, "en": {}}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.is_relative_to(second):
            trees["en"][path.relative_to(second).as_posix()] = path
        else:
            trees["ko"][path.relative_to(site).as_posix()] = path
    return trees


def check_parity(site: Path) -> list[str]:
    """Every page, figure file, heading anchor, figure and claim of one language is in the other."""
    trees = _language_trees(Path(site))
    names = {"ko": "Korean", "en": "English"}
    problems = []

    def missing(kind: str, items: dict[str, set[str]]) -> None:
        for lang, other in (("ko", "en"), ("en", "ko")):
            for item in sorted(items[lang] - items[other]):
                problems.append(f"{kind} {item} is in the {names[lang]} site only")

    missing("page", {lang: {r for r in tree if r.endswith(".html")} for lang, tree in trees.items()})
    missing(
        "figure file",
        {lang: {r for r in tree if r.startswith("figures/")} for lang, tree in trees.items()},
    )
    shared = sorted(
        {r for r in trees["ko"] if r.endswith(".html")} & {r for r in trees["en"] if r.endswith(".html")}
    )
    for rel in shared:
        scans = {lang: scan_page(trees[lang][rel]) for lang in trees}
        missing(f"{rel}: heading anchor", {lang: s.heading_ids for lang, s in scans.items()})
        for prefix in ("fig-", "claim-"):
            missing(
                f"{rel}: {prefix}element",
                {lang: {i for i in s.ids if i.startswith(prefix)} for lang, s in scans.items()},
            )
    return problems


def check_site(site: Path) -> list[str]:
    return check_links(site) + check_parity(site)


# ---- first-load weight ---------------------------------------------------------------------------

WEIGHT_BUDGET = 600 * 1024
"""What a page may cost a reader on first load, gzipped: its HTML, stylesheets, scripts and the
images it shows before scrolling. A phone on a slow network pays for every byte before it can read."""
COMPRESSED = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".woff", ".woff2"}
"""Formats that are compressed already: GitHub Pages sends them as they are."""


def transfer_size(path: Path) -> int:
    """Bytes on the wire: gzipped (level 6, as GitHub Pages serves text), compressed formats as they are."""
    data = Path(path).read_bytes()
    if path.suffix.lower() in COMPRESSED:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_load(site: Path, page: Path) -> dict[str, int]:
    """The files a first visit to ``page`` fetches before the reader scrolls, by path below ``site``,
    with their transfer sizes. Images with ``loading="lazy"`` wait until they near the screen: the
    page's first one may be on the first screen and counts, the rest do not. Formulas are MathML in
    the HTML and cost nothing more."""
    site, page = Path(site), Path(page)
    scan = scan_page(page)
    links = scan.loads + scan.lazy_images[:1]
    files = {page.relative_to(site).as_posix(): transfer_size(page)}
    for link in links:
        if _is_external(link) or link.startswith("/"):
            continue
        target = site / _normalise(PurePosixPath(page.relative_to(site).parent.as_posix()) / unquote(urlsplit(link).path))
        if target.is_file():
            files.setdefault(target.relative_to(site).as_posix(), transfer_size(target))
    return files


def page_weights(site: Path) -> dict[str, int]:
    """Every page's first-load weight in bytes (``first_load`` summed), by path below ``site``."""
    site = Path(site)
    return {
        page.relative_to(site).as_posix(): sum(first_load(site, page).values())
        for page in sorted(site.rglob("index.html"))
    }


def check_weight(site: Path, budget: int = WEIGHT_BUDGET) -> list[str]:
    return [f"{rel}: first load {weight / 1024:.0f} KiB gzipped, over the budget of {budget / 1024:.0f} KiB"
            for rel, weight in page_weights(site).items() if weight > budget]


def main(argv=None) -> int:
    """``python -m generator.site.check [SITE]``: each page's first-load weight, heaviest first."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m generator.site.check", description=main.__doc__)
    parser.add_argument("site", nargs="?", default="site")
    args = parser.parse_args(argv)
    weights = page_weights(Path(args.site))
    for rel, weight in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"{weight / 1024:8.1f} KiB  {rel}")
    over = [rel for rel, weight in weights.items() if weight > WEIGHT_BUDGET]
    print(f"{len(weights)} pages, {len(over)} over the budget of {WEIGHT_BUDGET / 1024:.0f} KiB")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
