"""mkdocs hooks (``mkdocs.yml``: ``hooks``): what a page's HTML needs besides its Markdown.

- Figure images get their size and wait until they near the screen: ``width`` and ``height`` from
  the SVG the page shows (so the page does not jump as figures arrive), ``loading="lazy"`` and
  ``decoding="async"`` (so a phone fetches only the figures a reader reaches).
- Formulas become MathML (``generator/site/mathml.py``): the browser draws them itself, so a page
  with formulas loads no script for them and shows them as soon as its text.
- Korean endings stay with what they follow: a word joiner (U+2060, invisible) after a percent
  sign or a closing bracket written before Hangul, so that "19.5%였습니다" never breaks after the
  "%". Written into the page rather than by a script on load, which made the browser lay the whole
  page out again before the reader saw it.
- A table's caption stays the table's first child (``md_in_html`` wraps it in a paragraph).
- Each table comes in the theme's scroll box already (``md-typeset__scrollwrap``, as the theme's
  script would wrap it), marked ``ch6-table``, which site.css styles as the theme styles a plain
  table. The theme's script wraps plain tables once the page is ready by taking each out of the
  page and putting it back inside the box, which makes the browser restyle and lay out every
  cell again: on the claims page, most of the page.
- Citation blocks stay out of the search index: a figure's "cite this figure" box and any BibTeX
  listing carry ``data-search-exclude``, which the theme's search plugin skips. Searching for a
  word should find the prose that explains it, not a BibTeX field repeated under every figure.

Runs inside mkdocs for each language's build. mkdocs does not copy ``*.py`` from the theme folder
into the site.
"""

import re
from pathlib import Path

from generator.site.mathml import typeset

FIGURE_IMG = re.compile(r'<img (?P<attrs>[^>]*?)src="(?P<src>[^"]*figures/(?P<name>[^"/]+\.svg))"(?P<rest>[^>]*?)\s*/?>')
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(?P<width>[\d.]+)pt"[^>]*?\sheight="(?P<height>[\d.]+)pt"')
CSS_PX_PER_PT = 96 / 72
CITE_BOX = re.compile(r'<details class="quote"(?=>)')
CAPTION_IN_P = re.compile(r"<p>(<caption>.*?</caption>)</p>", re.S)
"""A table's caption as ``md_in_html`` writes it: it does not know ``caption`` for a block, so the
line becomes a paragraph inside the table, which the browser moves out before the table."""
PLAIN_TABLE = re.compile(r"<table>(?P<inside>.*?)</table>", re.S)
"""A table without a class, as Markdown writes one. Tables do not nest in the pages, and
highlighted code's tables have a class."""
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

    html = typeset(FIGURE_IMG.sub(sized, html))
    html = CAPTION_IN_P.sub(r"\1", html)
    html = PLAIN_TABLE.sub(
        r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        r'<table class="ch6-table">\g<inside></table></div></div>', html)
    html = CITE_BOX.sub('<details class="quote" data-search-exclude', html)
    return BIBTEX.sub(lambda match: match[0] + " data-search-exclude", html)


ARTICLE = re.compile(r"(<article\b.*?</article>)", re.S)
ATTACHED = re.compile(r"([%)\]\u201d\u2019\u300d\u300f])(?=[\uac00-\ud7a3])")
"""A percent sign or closing bracket with Hangul straight after it (a particle or an ending)."""
TAG = re.compile(r"(<[^>]*>)")
VERBATIM = re.compile(r"<(/?)(code|pre|math|script|style)\b")
WORD_JOINER = "\u2060"


def join_korean_endings(article: str) -> str:
    """``article`` with a word joiner after each :data:`ATTACHED` character in its text, outside
    code, formulas, scripts and styles."""
    parts = TAG.split(article)
    inside = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            verbatim = VERBATIM.match(part)
            if verbatim and not part.endswith("/>"):
                inside += -1 if verbatim[1] else 1
        elif not inside:
            parts[i] = ATTACHED.sub(r"\1" + WORD_JOINER, part)
    return "".join(parts)


def on_post_page(output, page, config):
    """After the search index has read the page: its words stay as written there."""
    if config["theme"]["language"] != "ko":
        return output
    return ARTICLE.sub(lambda match: join_korean_endings(match[1]), output, count=1)


LANGUAGE_FOLDER = re.compile(r"/templates/(?:ko|en)/")


def on_page_context(context, page, config, nav):
    """The edit link goes to the page's one template, ``templates/<slug>.md.j2``, which holds both
    languages: ``edit_uri_template`` can only repeat the page's path, language folder included."""
    if page.edit_url:
        page.edit_url = LANGUAGE_FOLDER.sub("/templates/", page.edit_url)
    return context
