"""How numbers look on the pages: one place for digits, units and rounding, in both languages.

One format on every page: the minus sign − (U+2212), thousands grouped with commas
(``8,000``), very small or large plain numbers as powers of ten (``8.7×10⁻¹⁰``), one dash
for ranges (``2.1–4.0%p``). A claim's value is printed by ``claim_amounts`` alike in a
sentence and in its evidence box.

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
MINUS = "\u2212"
RANGE = "\u2013"


def missing(x) -> bool:
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(x))


def fixed(x, digits: int) -> str:
    """``x`` with ``digits`` decimals, rounded half-up on its shortest decimal form."""
    if missing(x):
        return MISSING
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{d:,f}" if abs(d) >= 1000 else f"{d:f}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return MINUS + text[1:] if text.startswith("-") else text


def significant(x, digits: int = 4) -> str:
    """``x`` to ``digits`` significant digits: plain between 10⁻³ and 10⁵, else a power of ten."""
    if missing(x):
        return MISSING
    x = float(x)
    if x != 0 and not 1e-3 <= abs(x) < 1e5:
        return sci(x, min(digits, 3))
    if abs(x) >= 10 ** (digits - 1):  # whole numbers stay whole: 12,346, not 1.235×10⁴
        return fixed(x, 0)
    text = f"{x:.{digits}g}"
    whole, _, decimals = text.partition(".")
    whole = f"{int(whole):,}" if whole not in ("-0", "0") else whole
    text = whole + ("." + decimals if decimals else "")
    return MINUS + text[1:] if text.startswith("-") else text


def num(x, digits: int | None = None) -> str:
    """``x`` with ``digits`` decimals (four significant digits if None), ``.`` as the point and
    commas between thousands, whatever the locale; ``—`` for no value."""
    if missing(x):
        return MISSING
    if digits is None:
        return significant(x)
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


def sci(x, digits: int = 2) -> str:
    """A small or large number in powers of ten: ``1e-06`` as ``10⁻⁶``, 3e-4 as ``3×10⁻⁴``,
    8.711e-10 as ``8.7×10⁻¹⁰`` (``digits`` significant digits)."""
    if missing(x):
        return MISSING
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    mantissa = float(f"{x / 10**exponent:.{digits}g}")
    if abs(mantissa) >= 10:  # 9.96 rounds to 10
        mantissa, exponent = mantissa / 10, exponent + 1
    power = "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    sign = MINUS if mantissa < 0 else ""
    if abs(mantissa) == 1:
        return sign + power
    return f"{sign}{abs(mantissa):g}×{power}"


def amount(x, unit: str, lang: str, digits: int = 1) -> str:
    """A value in a claim's unit: "%" (a fraction), "pp" (percentage points), "decades", or a number."""
    if unit == "%":
        return pct(x, digits)
    if unit == "pp":
        return pp(x, lang, digits)
    if unit == "decades":
        return decades(x, lang, digits + 1)
    return significant(x, digits + 3)


def claim_digits(claim, lang: str) -> int:
    """How many digits tell a claim's value from its threshold on the page.

    ``0.0004 > 0`` as percentages with one decimal reads "0.0% > 0.0%"; digits grow until
    the two differ on the page as they do in the numbers.
    """
    for digits in range(1, 7):
        value, threshold = amount(claim.value, claim.unit, lang, digits), amount(claim.threshold, claim.unit, lang, digits)
        if missing(claim.value) or claim.value == claim.threshold:
            return digits
        # a value that is not zero never prints as zero: 0.0018% is not "0.0%"
        if value != threshold and (claim.value == 0 or any(c in "123456789" for c in value)):
            return digits
    return 6


def claim_amounts(claim, lang: str) -> tuple[str, str]:
    """A claim's value and threshold in its unit, with enough digits to tell them apart."""
    digits = claim_digits(claim, lang)
    return amount(claim.value, claim.unit, lang, digits), amount(claim.threshold, claim.unit, lang, digits)


def claim_spread(claim, lang: str) -> str:
    """The least and the greatest of a claim's values over seeds, in its unit: ``"2.1–4.0%p"``;
    one value when every seed gave the same, ``—`` when none was recorded."""
    values = [v for v in claim.values if not missing(v)]
    if not values:
        return MISSING
    digits = claim_digits(claim, lang)
    low, high = amount(min(values), claim.unit, lang, digits), amount(max(values), claim.unit, lang, digits)
    if low == high:
        return low
    # the unit once, after the range: "2.1–4.0%p", not "2.1%p–4.0%p"
    unit = next((u for u in ("%p", " points", "%", "자릿수", " decades") if low.endswith(u) and high.endswith(u)), "")
    low = low.removesuffix(unit) if unit else low
    if high.startswith(MINUS):  # "−41.5 – −38.4%p" reads as a range; "−41.5–−38.4%p" does not
        return f"{low} {RANGE} {high}"
    return f"{low}{RANGE}{high}"


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell and as HTML."""
    return str(markupsafe.escape(str(text))).replace("|", "\\|").replace("\n", " ")
