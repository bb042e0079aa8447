import pytest

from generator.article import STATEMENTS
from generator.errors import UserError
from generator.results import CheckedClaim, Claims
from generator.site.facts import SiteInputs
from generator.site.facts.claims import facts

PAGE_OF = {"optimizer": "optimizers", "activations": "initialization", "init": "initialization", "batchnorm": "batch-norm",
           "plain": "batch-norm", "search": "hyperparameters", "dropout-small": "hyperparameters", "dropout-large": "hyperparameters"}


def claim(claim_id, holds=True, source="book 6.1"):
    page = next((p for prefix, p in PAGE_OF.items() if claim_id.startswith(prefix)), "regularization")
    return CheckedClaim(id=claim_id, experiment="e", page=page, statement_ko="문장.", statement_en="A statement.", value=1.0,
                        threshold=0.0, comparison=">", holds=holds, seeds_held=1, seeds_total=1, figure=None, source=source)


NAMED = sorted({c for s in STATEMENTS for c in s.claims})


def test_claims_facts_list_every_statement_with_its_claims_and_the_failures():
    failing = {"optimizer-paths-momentum-closer", "batchnorm-narrows-gap"}
    claims = Claims(claim(c, holds=c not in failing, source="site" if c.endswith("closer") else "book 6.1") for c in NAMED)
    f = facts(SiteInputs({}, claims, provenance=None))
    assert (f.total, f.held, f.failed) == (len(NAMED), len(NAMED) - 2, 2)
    assert {c.id for c in f.failing} == failing
    assert f.statements == len(STATEMENTS) and f.tested == sum(bool(s.claims) for s in STATEMENTS)
    rows = [row for s in f.sections for row in s.statements]
    assert len(rows) == len(STATEMENTS)
    zigzag = next(row for row in rows if row.text.en.startswith("Momentum, AdaGrad and Adam approach"))
    assert (zigzag.count, zigzag.held) == (4, 3)
    assert all(row.untestable is not None for row in rows if not row.claims)
    assert f.sections[3].anchor == "statements-s3" and f.sections[3].source == "regularization.md"
    assert f.hypotheses == sum(c.endswith("closer") for c in NAMED)


def test_claims_facts_refuse_a_statement_whose_claim_has_no_result():
    claims = Claims(claim(c) for c in NAMED[1:])
    with pytest.raises(UserError, match=NAMED[0]):
        facts(SiteInputs({}, claims, provenance=None))
