import pytest

from generator.article import STATEMENTS
from generator.errors import UserError
from generator.results import CheckedClaim, Claims
from generator.site import citation
from generator.site.facts import SiteInputs
from generator.site.facts.claims import facts, tally

PAGE_OF = {"optimizer": "optimizers", "activations": "initialization", "init": "initialization", "batchnorm": "batch-norm",
           "plain": "batch-norm", "search": "hyperparameters", "dropout-small": "hyperparameters", "dropout-large": "hyperparameters"}


def claim(claim_id, holds=True, source="book 6.1"):
    page = next((p for prefix, p in PAGE_OF.items() if claim_id.startswith(prefix)), "regularization")
    return CheckedClaim(id=claim_id, experiment="e", page=page, statement_ko="문장.", statement_en="A statement.", value=1.0,
                        threshold=0.0, comparison=">", holds=holds, seeds_held=1, seeds_total=1, figure=None, source=source)


NAMED = sorted({c for s in STATEMENTS for c in s.claims})
FAILING = {"optimizer-paths-momentum-closer", "batchnorm-narrows-gap"}


def source_of(claim_id):
    if claim_id.endswith("closer"):
        return "site"
    return "article §2" if claim_id.startswith("batchnorm") else "book 6.4.2"


def make_facts():
    claims = Claims(claim(c, holds=c not in FAILING, source=source_of(c)) for c in NAMED)
    return facts(SiteInputs({}, claims, provenance=None))


def test_claims_facts_list_every_statement_with_its_claims_and_the_failures():
    f = make_facts()
    assert (f.total, f.held, f.failed) == (len(NAMED), len(NAMED) - 2, 2)
    assert {r.claim.id for r in f.failing} == FAILING
    assert f.statements == len(STATEMENTS) and f.tested == sum(bool(s.claims) for s in STATEMENTS)
    assert f.tested + f.untested == f.statements and f.untested == 3
    rows = [row for s in f.sections for row in s.statements]
    assert len(rows) == len(STATEMENTS)
    zigzag = next(row for row in rows if row.text.en.startswith("Momentum, AdaGrad and Adam approach"))
    assert (zigzag.count, zigzag.held, zigzag.failed) == (4, 3, 1)
    assert zigzag.tally.ko == "✓ 성립 3개 · ✗ 성립하지 않음 1개" and zigzag.tally.en == "✓ 3 hold · ✗ 1 does not"
    assert all(row.untestable is not None for row in rows if not row.claims)
    assert f.sections[3].anchor == "statements-s3" and f.sections[3].page.source == "regularization.md"


def test_claims_facts_count_sources_and_say_which_pages_hold_the_hypotheses():
    f = make_facts()
    hypotheses = [c for c in NAMED if c.endswith("closer")]
    assert f.hypotheses == len(hypotheses) and {r.claim.id for r in f.hypothesis_rows} == set(hypotheses)
    assert f.from_article == sum(c.startswith("batchnorm") for c in NAMED)
    assert f.from_book + f.from_article + f.hypotheses == f.total
    assert [(h.page.source, h.count) for h in f.hypothesis_pages] == [("optimizers.md", len(hypotheses))]
    assert sum(g.count for g in f.groups) == f.total and all(g.count == len(g.rows) for g in f.groups)


def test_claims_facts_cite_each_source_by_its_title_and_each_section_by_the_articles_heading():
    f = make_facts()
    rows = {r.claim.id: r for g in f.groups for r in g.rows}
    assert rows["weight-decay-shrinks-gap"].source.ko == "책 6.4.2 가중치 감소"
    assert rows["weight-decay-shrinks-gap"].source.en == "book 6.4.2 Weight decay"
    assert rows["batchnorm-narrows-gap"].source.ko == "글 “배치 정규화”"
    assert rows["optimizer-paths-momentum-closer"].source.ko == "이 사이트의 가설"
    first, third = f.sections[0], f.sections[3]
    assert first.from_excerpt and first.article.ko == "글의 발췌와 정리(매개변수 갱신)" and first.book.ko == "책 6.1 매개변수 갱신"
    assert not third.from_excerpt and third.title.ko == "바른 학습을 위해" and third.article.en.startswith("article, “바른 학습을 위해”")


def test_claims_facts_identify_the_article_and_both_korean_editions():
    f = make_facts()
    assert f.article.ko == citation.article_plain(citation.ARTICLE, "ko") and "yerimoh" in f.article.en
    assert "2017" in f.book_ko.ko and "리마스터판" in f.book_remastered.ko and "2025" in f.book_remastered.en
    assert [s.page for s in f.scripts] == [p for *_, p in citation.SCRIPTS]
    assert f.scripts[-1].section.ko == "6.5.3 하이퍼파라미터 최적화 구현하기"


def test_tally_names_only_the_counts_that_are_not_zero():
    assert tally(2, 0).ko == "✓ 성립 2개" and tally(0, 3).en == "✗ 3 do not"
    assert tally(1, 1).en == "✓ 1 holds · ✗ 1 does not"


def test_claims_facts_refuse_a_statement_whose_claim_has_no_result():
    claims = Claims(claim(c) for c in NAMED[1:])
    with pytest.raises(UserError, match=NAMED[0]):
        facts(SiteInputs({}, claims, provenance=None))
