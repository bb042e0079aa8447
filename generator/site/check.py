"""Checks over a built site: every local link resolves, and both languages have the same shape.

``mkdocs build --strict`` checks the links it rewrites; these checks read the HTML that is
actually published, theme and plugins included. Both return a list of problems, empty when
the site is sound.
"""

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
