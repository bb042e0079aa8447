"""The summary's lessons: every claim of the chapter sorted by what this build found, none left out."""

import pytest

from generator.results import CheckedClaim, Claims
from generator.site.facts.summary import lesson, verdict


def claim(claim_id, page="regularization", holds=True, held=5, total=5):
    return CheckedClaim(id=claim_id, experiment="e", page=page, statement_ko="문장.", statement_en="A statement.",
                        value=1.0 if holds else -1.0, threshold=0.0, comparison=">", holds=holds, seeds_held=held,
                        seeds_total=total, figure=None)


@pytest.mark.parametrize(
    ("holds", "held", "expected"),
    [(True, 5, "held"), (False, 0, "failed"), (True, 4, "undecided"), (False, 2, "undecided"), (False, 5, "undecided"),
     (True, 0, "undecided")],
)
def test_verdict_is_held_only_when_every_seed_and_the_mean_agree(holds, held, expected):
    assert verdict(claim("c", holds=holds, held=held)) == expected


def test_lesson_puts_each_claim_of_its_page_in_exactly_one_list():
    claims = Claims([
        claim("a"), claim("b", holds=False, held=0), claim("c", holds=False, held=1), claim("d", holds=True, held=4),
        claim("elsewhere", page="optimizers", holds=False, held=0),
    ])
    found = lesson("regularization", claims)
    assert [c.id for c in found.held] == ["a"]
    assert [c.id for c in found.failed] == ["b"]
    assert [c.id for c in found.undecided] == ["c", "d"]
    assert found.n_held == 1 and found.href == "regularization.md"
