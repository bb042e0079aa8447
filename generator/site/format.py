"""How numbers look on the pages: one place for digits, units and rounding, in both languages.

Rounding is half-up on the decimal digits the number is written with: 0.875 shows as 88% and
0.825 as 83%, never 82% (binary floating point stores 0.825 as 0.82499..., and Python's own
formatting would round it down beside 0.875 rounded up).
"""

import math
from decimal import ROUND_HALF_UP, Decimal

import markupsafe
import numpy as np

COMPARISONS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
MISSING = "—"


def missing(x) -> bool:
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(x))


def fixed(x, digits: int) -> str:
    """``x`` with ``digits`` decimals, rounded half-up on its shortest decimal form."""
    if missing(x):
        return MISSING
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return "0" + text[2:] if text.startswith("-0") and not any(c in "123456789" for c in text) else text


def num(x, digits: int | None = None) -> str:
    """``x`` with ``digits`` decimals (four significant digits if None), ``.`` as the point and
    no grouping, whatever the locale; ``—`` for no value."""
    if missing(x):
        return MISSING
    if digits is None:
        return f"{float(x):.4g}"
    return fixed(x, digits)


def pct(x, digits: int = 1) -> str:
    """A fraction as a percentage: ``pct(0.9712)`` is ``"97.1%"``."""
    if missing(x):
        return MISSING
    return fixed(Decimal(repr(float(x))) * 100, digits) + "%"


def pp(x, lang: str, digits: int = 1) -> str:
    """A difference of two fractions in percentage points: ``"12.3%p"`` / ``"12.3 points"``."""
    if missing(x):
        return MISSING
    value = fixed(Decimal(repr(float(x))) * 100, digits)
    return f"{value}%p" if lang == "ko" else f"{value} points"


def decades(x, lang: str, digits: int = 2) -> str:
    """A width on a log10 scale: ``"0.86 decades"`` / ``"0.86자릿수"``."""
    if missing(x):
        return MISSING
    return f"{fixed(x, digits)}{'자릿수' if lang == 'ko' else ' decades'}"


def sci(x) -> str:
    """A small or large number in powers of ten: ``1e-06`` as ``10⁻⁶``, 3e-4 as ``3×10⁻⁴``."""
    if missing(x):
        return MISSING
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    mantissa = x / 10**exponent
    power = "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    if abs(mantissa - round(mantissa)) < 1e-9 and round(mantissa) == 1:
        return power
    return f"{float(f'{mantissa:.2g}'):g}×{power}"


def amount(x, unit: str, lang: str, digits: int = 1) -> str:
    """A value in a claim's unit: "%" (a fraction), "pp" (percentage points), "decades", or a number."""
    if unit == "%":
        return pct(x, digits)
    if unit == "pp":
        return pp(x, lang, digits)
    if unit == "decades":
        return decades(x, lang, digits + 1)
    return MISSING if missing(x) else f"{float(x):.{digits + 3}g}"


def claim_amounts(claim, lang: str) -> tuple[str, str]:
    """A claim's value and threshold in its unit, with enough digits to tell them apart.

    ``0.0004 > 0`` as percentages with one decimal reads "0.0% > 0.0%"; digits grow until
    the two differ on the page as they do in the numbers.
    """
    for digits in range(1, 7):
        value, threshold = amount(claim.value, claim.unit, lang, digits), amount(claim.threshold, claim.unit, lang, digits)
        if value != threshold or missing(claim.value) or claim.value == claim.threshold:
            break
    return value, threshold


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell and as HTML."""
    return str(markupsafe.escape(str(text))).replace("|", "\\|").replace("\n", " ")
