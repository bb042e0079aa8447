"""What overrides/hooks.py writes into each page: Korean endings joined to what they follow."""

import importlib.util
import json
import re

from tests.site.fixtures import REPO, quick_project, real_site  # noqa: F401

spec = importlib.util.spec_from_file_location("site_hooks", REPO / "overrides" / "hooks.py")
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)
JOINER = "\u2060"


def test_join_korean_endings_joins_after_a_percent_or_bracket_outside_code_and_formulas():
    article = ('<article><p>19.5%였습니다. (SGD)를 <code>x)를</code> <strong>9%</strong>p '
               '<math><mi>a</mi><mo>)</mo><mtext>를</mtext></math> “인용”입니다 <br/>5%는</p></article>')
    joined = hooks.join_korean_endings(article)
    assert joined.replace(JOINER, "") == article
    assert joined.count(JOINER) == 4
    for kept in ("%\u2060였", ")\u2060를 <code>", "”\u2060입", "5%\u2060는"):
        assert kept in joined
    assert "<code>x)를</code>" in joined and "<mo>)</mo><mtext>를" in joined


def test_built_korean_pages_carry_the_joiner_and_english_pages_and_search_do_not(real_site):
    korean = (real_site / "batch-norm" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", korean, re.S)[0]
    assert JOINER in article
    texts = re.split(r"<[^>]*>", re.sub(r"<(code|pre|math)\b.*?</\1>", "", article, flags=re.S))
    assert [t for t in texts if re.search(r"[%)](?=[가-힣])", t)] == []
    assert JOINER not in "".join(re.findall(r"<[^>]*>", article))  # never inside a tag: titles, alt text
    assert JOINER not in korean.replace(article, "")
    for path in (real_site / "en").rglob("*.html"):
        assert JOINER not in path.read_text(encoding="utf-8"), path
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if JOINER in doc["text"]]


def test_no_paragraph_inside_a_table(real_site):
    """A ``<p>`` inside a table is not HTML: the browser moves it out, before the table, where it
    adds an empty line. Every evidence and claims table has its caption and header cells as written."""
    tables = 0
    for path in real_site.rglob("*.html"):
        for table in re.findall(r"<table\b.*?</table>", path.read_text(encoding="utf-8"), re.S):
            assert "<p" not in re.sub(r"<t[hd]\b.*?</t[hd]>", "", table, flags=re.S), (path, table[:300])
            tables += 1
    assert tables > 50
    page = (real_site / "optimizers" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<table class="ch6-table">\s*<caption>근거: [^<]*</caption>\s*<thead>\s*<tr>\s*<th scope="col">주장</th>\s*<th scope="col">', page)
