"""Formulas as MathML, written when the site is built.

The pages write TeX between ``$ $`` and ``$$ $$``; ``pymdownx.arithmatex`` (generic mode) keeps it
away from Markdown and wraps it in ``<span class="arithmatex">\\( … \\)</span>`` or
``<div class="arithmatex">\\[ … \\]</div>``. :func:`typeset` turns each into MathML, which every
current browser draws itself: no script to fetch, nothing to typeset while the page loads, and
screen readers read the formula. The TeX stays on the ``<math>`` element as ``alttext``.

The conversion is ``latex2mathml``'s, with the few spellings it reads differently from TeX put
right first (:data:`SPELLINGS`) and what TeX draws that its MathML leaves to chance (signs, limits,
accents, the space around a named operator) said after (:func:`_as_tex_draws`). A formula it cannot
read stops the build with the formula named.
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
SCRIPTED = {f"{{{NAMESPACE}}}{tag}" for tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover")}
"""Elements whose first child is a base with scripts: an operator there is spaced by the row around."""
ACCENTS = {"^": "\u02c6", "~": "\u02dc"}
"""Accents written with ASCII characters, and the spacing accent a math font draws above a letter."""

SIGNS = {"\u2212", "+"}
CLOSING = {")", "]", "}", "|", "\u2016"}
"""After a closing bracket a minus subtracts; after any other operator, or first, it is a sign."""
OPENING = {"(", "[", "{", "|", "\u2016"}
THIN = "0.1667em"
"""TeX's thin space (3/18 em): between a named operator and what it applies to, unless a bracket."""

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
    for i, child in enumerate(element):
        if child.tag == MO and child.text in SIGNS and (
                previous is None or (previous.tag == MO and previous.text not in CLOSING)):
            child.set("form", "prefix")
        core = child[0] if child.tag in SCRIPTED and len(child) else child  # max below its limits
        if element.tag not in SCRIPTED and core.tag == MO and _named(core):
            _space_named_operator(core, previous, element[i + 1] if i + 1 < len(element) else None)
        previous = child
    base = element[0] if len(element) else None
    if element.tag in UNDER_OVER and base.tag == MO and base.text in LIMITS:
        # movablelimits: below and above in a display formula, beside in running text
        element.tag = UNDER_OVER[element.tag]
        base.set("movablelimits", "true")
    elif element.tag == f"{{{NAMESPACE}}}mover" and element.get("accent") == "true" and len(element) == 2 \
            and element[1].text in ACCENTS:
        element[1].text = ACCENTS[element[1].text]


def _named(element: ElementTree.Element) -> bool:
    """A named operator (``\\operatorname{ReLU}``, ``\\max``), which latex2mathml writes as ``<mo>``."""
    return bool(element.text) and len(element.text) > 1 and element.text.isalpha()


def _space_named_operator(operator, previous, following) -> None:
    """Space a named operator as TeX does, not as an unknown ``<mo>`` (a thick space each side,
    "ReLU (a)"): nothing before a bracket that follows it, a thin space before anything else, and
    a thin space after a letter, number or closing bracket before it."""
    ordinary_before = previous is not None and (previous.tag != MO or previous.text in CLOSING)
    operator.set("lspace", THIN if ordinary_before else "0")
    opens = following is not None and following.tag == MO and following.text in OPENING
    operator.set("rspace", "0" if opens else THIN)


def typeset(page_html: str) -> str:
    """The page with each arithmatex formula replaced by its MathML, in the same wrapper."""

    def replace(match: re.Match) -> str:
        tex = html.unescape(match["tex"])
        display = match["open"] == "\\["
        return f'<{match["tag"]} class="arithmatex">{to_mathml(tex, display)}</{match["tag"]}>'

    return FORMULA.sub(replace, page_html)
