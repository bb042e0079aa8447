"""mkdocs hooks (``mkdocs.yml``: ``hooks``): what a page's HTML needs besides its Markdown.

- Figure images get their size and wait until they near the screen: ``width`` and ``height`` from
  the SVG the page shows (so the page does not jump as figures arrive), ``loading="lazy"`` and
  ``decoding="async"`` (so a phone fetches only the figures a reader reaches).
- Citation blocks stay out of the search index: a figure's "cite this figure" box and any BibTeX
  listing carry ``data-search-exclude``, which the theme's search plugin skips. Searching for a
  word should find the prose that explains it, not a BibTeX field repeated under every figure.

Runs inside mkdocs for each language's build. mkdocs does not copy ``*.py`` from the theme folder
into the site.
"""

import re
from pathlib import Path

FIGURE_IMG = re.compile(r'<img (?P<attrs>[^>]*?)src="(?P<src>[^"]*figures/(?P<name>[^"/]+\.svg))"(?P<rest>[^>]*?)\s*/?>')
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(?P<width>[\d.]+)pt"[^>]*?\sheight="(?P<height>[\d.]+)pt"')
CSS_PX_PER_PT = 96 / 72
CITE_BOX = re.compile(r'<details class="quote"(?=>)')
BIBTEX = re.compile(r'<div class="(?:language-bibtex )?highlight"(?=><pre>(?:<span></span>)?<code><span class="nc">@\w+</span>)')
"""A highlighted code block that starts with a BibTeX entry type (Pygments marks it ``nc``)."""


def svg_size(path: Path) -> tuple[int, int] | None:
    """The SVG's size in CSS px (matplotlib writes it in pt), or None when it has none."""
    with open(path, encoding="utf-8") as f:
        head = f.read(2048)
    match = SVG_SIZE.search(head)
    if not match:
        return None
    return tuple(round(float(match[key]) * CSS_PX_PER_PT) for key in ("width", "height"))


def _figure_files(files) -> dict[str, Path]:
    return {
        Path(f.src_uri).name: Path(f.abs_src_path)
        for f in files
        if f.src_uri.endswith(".svg") and "figures/" in f.src_uri and f.abs_src_path
    }


def on_page_content(html, page, config, files):
    svgs = _figure_files(files)

    def sized(match):
        attrs = match["attrs"] + match["rest"]
        extra = ""
        path = svgs.get(match["name"])
        size = svg_size(path) if path and path.is_file() else None
        if size and " width=" not in f" {attrs}":
            extra += f' width="{size[0]}" height="{size[1]}"'
        if "loading=" not in attrs:
            extra += ' loading="lazy" decoding="async"'
        return f'<img {match["attrs"]}src="{match["src"]}"{match["rest"]}{extra} />'

    html = FIGURE_IMG.sub(sized, html)
    html = CITE_BOX.sub('<details class="quote" data-search-exclude', html)
    return BIBTEX.sub(lambda match: match[0] + " data-search-exclude", html)


LANGUAGE_FOLDER = re.compile(r"/templates/(?:ko|en)/")


def on_page_context(context, page, config, nav):
    """The edit link goes to the page's one template, ``templates/<slug>.md.j2``, which holds both
    languages: ``edit_uri_template`` can only repeat the page's path, language folder included."""
    if page.edit_url:
        page.edit_url = LANGUAGE_FOLDER.sub("/templates/", page.edit_url)
    return context
