"""Formulas become MathML when the site is built: every formula of every page reads, and reads as TeX."""

import re
from xml.etree import ElementTree

import pytest

from generator.site.mathml import FormulaError, to_mathml, typeset
from tests.site.fixtures import quick_project  # noqa: F401

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def parsed(mathml: str) -> ElementTree.Element:
    return ElementTree.fromstring(mathml)


def leaves(mathml: str) -> list[tuple[str, str]]:
    """The tokens of a formula, in order: (element, text)."""
    return [(el.tag.removeprefix(MATHML), el.text or "") for el in parsed(mathml).iter()
            if el.tag.removeprefix(MATHML) in ("mi", "mn", "mo", "mtext")]


def test_to_mathml_reads_the_spellings_latex2mathml_gets_wrong():
    assert ("mo", "\u223c") in leaves(to_mathml(r"u \sim U(a, b)"))
    assert ("mo", "\u2243") in leaves(to_mathml(r"a \simeq b"))
    # a minus sign typed as a character is an operator, not a letter
    assert leaves(to_mathml("(\u22127, 2)"))[1] == ("mo", "\u2212")
    # a sign sits close to its number; a subtraction keeps its spaces
    forms = [el.get("form") for el in parsed(to_mathml(r"U(-6, -2) = -a - (b) - c")).iter(f"{MATHML}mo") if el.text == "\u2212"]
    assert forms == ["prefix", "prefix", "prefix", None, None]
    table = parsed(to_mathml(r"\begin{aligned} \eta &= 10^{u}, & u &\sim U \\ \lambda &= 10^{v} \end{aligned}", display=True))
    rows = table.findall(f".//{MATHML}mtr")
    assert len(rows) == 2 and len(rows[0].findall(f"{MATHML}mtd")) == 4
    assert "&" not in [text for _, text in leaves(to_mathml(r"\begin{aligned} a &= b \end{aligned}"))]


def test_to_mathml_puts_limits_below_and_above_a_sum_in_a_display():
    inline = parsed(to_mathml(r"\sum_{i=1}^{n} x_i + \max_i w_i"))
    assert [el.tag.removeprefix(MATHML) for el in inline.iter() if el.tag.endswith(("under", "over"))] == ["munderover", "munder"]
    assert {el.get("movablelimits") for el in inline.iter(f"{MATHML}mo") if el.text in ("\u2211", "max")} == {"true"}
    assert parsed(to_mathml(r"\hat{x}")).find(f".//{MATHML}mover/{MATHML}mo").text == "\u02c6"


def spacing(mathml: str, name: str) -> list[tuple[str | None, str | None]]:
    """(lspace, rspace) of every operator named ``name`` in the formula."""
    return [(el.get("lspace"), el.get("rspace")) for el in parsed(mathml).iter(MATHML + "mo") if el.text == name]


def test_to_mathml_spaces_named_operators_as_tex_does():
    # "ReLU(a)", not "ReLU (a)": no space before a bracket, a thin one after a number
    assert spacing(to_mathml(r"y = \operatorname{ReLU}(a)"), "ReLU") == [("0", "0")]
    assert spacing(to_mathml(r"2\operatorname{Var}[x]"), "Var") == [("0.1667em", "0")]
    # below its limits it is spaced by the row around it, not by its own script
    assert spacing(to_mathml(r"\max_i (x_i) + \max_i x_i", display=True), "max") == [("0", "0"), ("0", "0.1667em")]
    # one-letter operators and symbols keep the font's own spacing
    assert spacing(to_mathml(r"a + b"), "+") == [(None, None)]


def test_to_mathml_keeps_the_tex_and_the_display():
    inline = parsed(to_mathml(r"\frac{\partial L}{\partial W} < 1"))
    assert inline.get("display") == "inline" and inline.get("alttext") == r"\frac{\partial L}{\partial W} < 1"
    assert inline.find(f".//{MATHML}mfrac") is not None
    assert parsed(to_mathml("x^2", display=True)).get("display") == "block"


@pytest.mark.parametrize("tex", [r"\notacommand x", r"a & b"])
def test_to_mathml_names_a_formula_it_cannot_read(tex):
    with pytest.raises(FormulaError, match=re.escape(f"${tex}$")):
        to_mathml(tex)


def test_typeset_replaces_arithmatex_output_in_its_wrapper():
    page = ('<p>rate <span class="arithmatex">\\(\\eta &lt; 1\\)</span>.</p>\n'
            '<div class="arithmatex">\\[y = \\gamma \\hat{x} + \\beta\\]</div>')
    out = typeset(page)
    assert "\\(" not in out and "\\[" not in out
    span = re.search(r'<span class="arithmatex">(<math .*?</math>)</span>', out)[1]
    assert parsed(span).get("alttext") == r"\eta < 1" and ("mo", "<") in leaves(span)
    div = re.search(r'<div class="arithmatex">(<math .*?</math>)</div>', out)[1]
    assert parsed(div).get("display") == "block"


def test_every_built_page_shows_mathml_and_no_tex(quick_project):
    pages_with_math = 0
    for path in sorted((quick_project / "site").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert "\\(" not in html and "\\[" not in html.replace("\\[\\]", ""), path
        formulas = re.findall(r'<(?:span|div) class="arithmatex">(<math .*?</math>)</(?:span|div)>', html, re.S)
        assert html.count('class="arithmatex"') == len(formulas), path
        for formula in formulas:
            parsed(formula)
        pages_with_math += bool(formulas)
    # optimizers, initialization, batch norm, regularisation, hyperparameters: in both languages
    assert pages_with_math >= 10
