"""The article's statements: each is tested by claims that exist, or says why it cannot be."""

from generator.article import SECTIONS, STATEMENTS
from generator.experiments import EXPERIMENTS
from generator.pages import SLUGS

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
    sections = [s[0] for s in SECTIONS]
    assert sections == [f"§{i}" for i in range(6)]
    assert {s.section for s in STATEMENTS} == set(sections)
    assert all(page in SLUGS for *_, page in SECTIONS)
