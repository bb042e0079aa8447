"""The article's statements: each is tested by claims that exist, or says why it cannot be."""

import pytest

from generator.article import SECTIONS, STATEMENTS, section
from generator.experiments import EXPERIMENTS
from generator.glossary import AVOID
from generator.pages import PAGES, SLUGS, page
from generator.site import citation

CLAIMS = {c.id: c for e in EXPERIMENTS for c in e.claims}


def test_every_statement_has_claims_or_a_reason_in_both_languages():
    for statement in STATEMENTS:
        assert statement.ko and statement.en
        assert statement.claims or (statement.untestable_ko and statement.untestable_en), statement.en
        assert not (statement.claims and statement.untestable_en), statement.en


def test_every_named_claim_exists():
    named = {c for s in STATEMENTS for c in s.claims}
    assert named - set(CLAIMS) == set()


def test_every_claim_citing_the_article_answers_a_statement_of_its_section():
    by_claim = {}
    for statement in STATEMENTS:
        for claim_id in statement.claims:
            by_claim.setdefault(claim_id, set()).add(statement.section)
    for claim in CLAIMS.values():
        if claim.source.startswith("article"):
            assert claim.id in by_claim, claim.id
            assert claim.source.split()[1] in by_claim[claim.id], claim.id


def test_every_section_of_the_article_has_statements_and_a_page():
    sections = [s.key for s in SECTIONS]
    assert sections == [f"§{i}" for i in range(6)]
    assert {s.section for s in STATEMENTS} == set(sections)
    assert all(s.page in SLUGS for s in SECTIONS)


def test_sections_are_the_articles_own_headings_in_order_and_each_covers_its_pages_book_section():
    # the article's table of contents; §0 (the update methods) is from its excerpt and summary
    assert [s.heading for s in SECTIONS] == [None, "가중치의 초깃값", "배치 정규화", "바른 학습을 위해",
                                             "적절한 하이퍼파라미터 값 찾기", "정리"]
    assert [s.key for s in SECTIONS] == [p.article for p in PAGES if p.article]  # each part has its one page
    for s in SECTIONS:
        assert s.ko_title == (s.heading or citation.BOOK_SECTIONS[s.book][0])
    assert section("§2").page == "batch-norm"
    with pytest.raises(KeyError, match="§9"):
        section("§9")


def test_every_claims_source_names_a_section_with_a_title():
    for claim in CLAIMS.values():
        for lang in ("ko", "en"):
            label = citation.source_label(claim.source, lang)
            assert label and not label.endswith(claim.source.split()[-1]), (claim.id, label)


def test_statements_use_the_glossarys_words_and_the_sites_range_dash():
    avoided = {(lang, word) for words in AVOID.values() for lang in ("ko", "en") for word in words[lang]}
    for statement in STATEMENTS:
        for lang, text in (("ko", statement.ko), ("ko", statement.untestable_ko), ("en", statement.en), ("en", statement.untestable_en)):
            assert not [word for la, word in avoided if la == lang and word.lower() in text.lower()], text
            assert "~" not in text, text
        assert "쪽" not in statement.untestable_ko, statement.untestable_ko  # a web page is 페이지
