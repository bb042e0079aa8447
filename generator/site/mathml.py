"""Formulas as MathML, written when the site is built.

The pages write TeX between ``$ $`` and ``$$ $$``; ``pymdownx.arithmatex`` (generic mode) keeps it
away from Markdown and wraps it in ``<span class="arithmatex">\\( … \\)</span>`` or
``<div class="arithmatex">\\[ … \\]</div>``. :func:`typeset` turns each into MathML, which every
current browser draws itself: no script to fetch, nothing to typeset while the page loads, and
screen readers read the formula. The TeX stays on the ``<math>`` element as ``alttext``.

The conversion is ``latex2mathml``'s, with the few spellings it reads differently from TeX put
right first (:data:`SPELLINGS`) and three things TeX draws that its MathML does not say put right
after (:func:`_as_tex_draws`). A formula it cannot read stops the build with the formula named.
"""

import html
import re
from xml.etree import ElementTree

from latex2mathml.converter import convert

NAMESPACE = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", NAMESPACE)
MO = f"{{{NAMESPACE}}}mo"

FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>', re.S)
"""A formula as ``pymdownx.arithmatex`` writes it in generic mode, its TeX HTML-escaped."""

SPELLINGS = (
    ("\u2212", "-"),  # the minus sign typed as a character: read as a letter otherwise
    (r"\\sim(?![A-Za-z])", r"\\thicksim"),  # read as "~" otherwise
    (r"\{aligned\}", "{align*}"),  # "aligned" is not read; "align*" makes the same table
)
"""TeX that latex2mathml reads differently from TeX, and the spelling it reads as TeX does."""

LIMITS = {"\u2211", "\u220f", "max", "min", "lim"}
"""Operators whose sub- and superscripts go below and above them in a display formula, as in TeX
(``\\sum``, ``\\prod``, ``\\max``, ``\\min``, ``\\lim``); beside them in running text."""
UNDER_OVER = {f"{{{NAMESPACE}}}{beside}": f"{{{NAMESPACE}}}{around}"
              for beside, around in (("msub", "munder"), ("msup", "mover"), ("msubsup", "munderover"))}
ACCENTS = {"^": "\u02c6", "~": "\u02dc"}
"""Accents written with ASCII characters, and the spacing accent a math font draws above a letter."""

SIGNS = {"\u2212", "+"}
CLOSING = {")", "]", "}", "|", "\u2016"}
"""After a closing bracket a minus subtracts; after any other operator, or first, it is a sign."""

UNREAD = re.compile(r"<mi>(?:\\[A-Za-z]+|&amp;|&)</mi>|<merror")
"""What latex2mathml writes for a command it does not know, or an ``&`` outside a table."""


class FormulaError(ValueError):
    """A formula latex2mathml cannot read."""


def to_mathml(tex: str, display: bool = False) -> str:
    """One TeX formula as a ``<math>`` element (``display`` for a formula on its own line)."""
    source = tex.strip()
    for written, read in SPELLINGS:
        source = re.sub(written, read, source)
    mathml = convert(source, display="block" if display else "inline")
    unread = UNREAD.search(mathml)
    if unread:
        raise FormulaError(f"formula ${tex.strip()}$: cannot read {html.unescape(unread[0])!r}")
    root = ElementTree.fromstring(mathml)
    for element in root.iter():
        _as_tex_draws(element)
    root.set("alttext", " ".join(tex.split()))
    return ElementTree.tostring(root, encoding="unicode", short_empty_elements=True)


def _as_tex_draws(element: ElementTree.Element) -> None:
    """Say in ``element`` what TeX draws and latex2mathml's MathML leaves to chance."""
    # A sign, not a subtraction: "(−6, −2)", "= −0.35", a minus that starts a row.
    previous = None
    for child in element:
        if child.tag == MO and child.text in SIGNS and (
                previous is None or (previous.tag == MO and previous.text not in CLOSING)):
            child.set("form", "prefix")
        previous = child
    base = element[0] if len(element) else None
    if element.tag in UNDER_OVER and base.tag == MO and base.text in LIMITS:
        # movablelimits: below and above in a display formula, beside in running text
        element.tag = UNDER_OVER[element.tag]
        base.set("movablelimits", "true")
    elif element.tag == f"{{{NAMESPACE}}}mover" and element.get("accent") == "true" and len(element) == 2 \
            and element[1].text in ACCENTS:
        element[1].text = ACCENTS[element[1].text]


def typeset(page_html: str) -> str:
    """The page with each arithmatex formula replaced by its MathML, in the same wrapper."""

    def replace(match: re.Match) -> str:
        tex = html.unescape(match["tex"])
        display = match["open"] == "\\["
        return f'<{match["tag"]} class="arithmatex">{to_mathml(tex, display)}</{match["tag"]}>'

    return FORMULA.sub(replace, page_html)
