import math

from generator.results import CheckedClaim
from generator.site.format import amount, claim_amounts, claim_spread, num, pct, pp, sci


def make_claim(value, threshold, unit, values=()):
    return CheckedClaim(id="c", experiment="e", page="summary", statement_ko="", statement_en="", value=value,
                        threshold=threshold, comparison=">", holds=True, seeds_held=1, seeds_total=1, figure=None,
                        unit=unit, values=values)


def test_num_and_pct_are_locale_neutral():
    assert num(1234.5678, 2) == "1,234.57"
    assert num(8000, 0) == "8,000"
    assert num(-0.5, 1) == "\u22120.5"
    assert num(0.000123) == "1.23×10⁻⁴"
    assert num(12345.6) == "12,346" and num(2.626) == "2.626"
    assert num(math.nan) == "—" and num(None) == "—"
    assert pct(0.9712) == "97.1%"
    assert pct(1, 0) == "100%"
    assert pct(math.nan) == "—"


def test_pct_rounds_half_up_on_the_written_digits():
    # 0.825 is stored as 0.82499..., which plain formatting rounds down beside 0.875 rounded up
    assert (pct(0.875, 0), pct(0.825, 0)) == ("88%", "83%")
    assert pct(0.0005, 1) == "0.1%"


def test_pp_and_sci_write_units_in_each_language():
    assert pp(0.1234, "ko") == "12.3%p" and pp(0.1234, "en") == "12.3 points"
    assert pp(-0.0004, "en") == "0.0 points"
    assert sci(1e-6) == "10⁻⁶" and sci(3e-4) == "3×10⁻⁴" and sci(0.01) == "10⁻²"
    assert sci(8.711e-10) == "8.7×10⁻¹⁰" and sci(-9.96e-3) == "\u221210⁻²"
    assert pp(-0.057, "ko") == "\u22125.7%p"
    assert amount(0.86, "decades", "en") == "0.86 decades"


def test_claim_amounts_adds_digits_until_value_and_threshold_differ():
    assert claim_amounts(make_claim(0.7133, 0.6, "%"), "en") == ("71.3%", "60.0%")
    assert claim_amounts(make_claim(0.00004, 0.0, "%"), "en") == ("0.004%", "0.000%")
    assert claim_amounts(make_claim(None, 0.5, ""), "en") == ("—", "0.5")
    assert claim_amounts(make_claim(1.00001, 1.0, ""), "en") == ("1.00001", "1")
    assert claim_amounts(make_claim(0.036, 0.0, "pp"), "ko") == ("3.6%p", "0.0%p")


def test_claim_value_prints_alike_in_prose_and_box_small_numbers_as_powers_of_ten():
    value, threshold = claim_amounts(make_claim(8.711e-10, 1e-6, ""), "en")
    assert (value, threshold) == ("8.71×10⁻¹⁰", "10⁻⁶")


def test_claim_spread_is_the_least_and_greatest_seed_in_the_claims_unit():
    assert claim_spread(make_claim(0.03, 0.0, "pp", (0.021, 0.04, None)), "ko") == "2.1\u20134.0%p"
    assert claim_spread(make_claim(0.5, 0.2, "%", (0.5, 0.5)), "en") == "50.0%"
    assert claim_spread(make_claim(None, 0.2, "%", (None,)), "en") == "—"


def test_a_value_that_is_not_zero_never_prints_as_zero():
    assert claim_amounts(make_claim(0.000018, 0.01, "%"), "en") == ("0.002%", "1.000%")


def test_a_range_of_negative_values_keeps_its_dash_apart():
    assert claim_spread(make_claim(-0.40, 0.0, "pp", (-0.415, -0.384)), "ko") == "\u221241.5 \u2013 \u221238.4%p"
