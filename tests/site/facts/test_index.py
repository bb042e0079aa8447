from generator.results import CheckedClaim, Claims
from generator.site import citation
from generator.site.context import ExperimentProvenance, Provenance, SiteSource
from generator.site.facts import SiteInputs
from generator.site.facts.index import EXAMPLE_CLAIM, facts
from tests.support import make_result

SOURCE = SiteSource(site_url="https://me.github.io/ch6/", repo_url="https://github.com/me/ch6", commit=None, dirty=False,
                    commit_url=None, date="2026-11-27", year="2026", preview=False)


def claim(claim_id, holds=True, page="regularization"):
    return CheckedClaim(id=claim_id, experiment="overfitting", page=page, statement_ko="문장.", statement_en="A statement.",
                        value=1.0, threshold=0.0, comparison=">", holds=holds, seeds_held=1, seeds_total=1, figure=None)


def run(experiment, preset="book", seeds=(0, 1)):
    return ExperimentProvenance(experiment, preset, seeds, None, "c0de", (), f"{experiment}.json")


def make_inputs(claims, runs, results=None):
    provenance = Provenance("3.12", "2.0", "3.9", (), tuple(runs), (), SOURCE)
    return SiteInputs(results if results is not None else {}, Claims(claims), provenance)


def test_index_facts_group_runs_count_claims_and_pick_the_example_box():
    claims = [claim("optimizer-x", page="optimizers"), claim(EXAMPLE_CLAIM), claim("overfitting-y", holds=False)]
    result = make_result("overfitting", {"n_train": 300}, {"train_acc": [[0.5], [0.6]]})
    f = facts(make_inputs(claims, [run("overfitting"), run("batchnorm-sweep")], {"overfitting": result}))
    assert f.one_run and f.all_book and f.experiments == 2
    assert f.runs[0].seeds == "0, 1" and f.runs[0].experiments == ("overfitting", "batchnorm-sweep")
    assert (f.claims, f.held, f.failed) == (3, 2, 1)
    assert f.example_claim == EXAMPLE_CLAIM and f.example_claim_page.source == "regularization.md"
    assert f.overfitting_images == 300
    assert f.first.source == "optimizers.md" and f.example.number == 3
    assert "index.md" not in {p.source for p in f.pages}


def test_index_facts_without_the_example_claim_or_the_overfitting_result_fall_back():
    f = facts(make_inputs([claim("optimizer-x", page="optimizers")], [run("a", "quick"), run("b", "book", (0,))]))
    assert f.example_claim == "optimizer-x" and f.example_claim_page.source == "optimizers.md"
    assert f.overfitting_images is None
    assert not f.one_run and not f.all_book and len(f.runs) == 2
    empty = facts(make_inputs([], [run("a")]))
    assert empty.example_claim is None and empty.example_claim_page is None


def test_index_facts_cite_the_site_all_three_editions_and_the_article():
    cite = facts(make_inputs([], [run("a")])).cite
    assert "@misc{ch6-training-techniques:ko," in cite.bibtex.ko and "https://me.github.io/ch6/en/" in cite.bibtex.en
    for key in ("@book{saitoh2016,", "@book{saitoh2017ko,", "@book{saitoh2025ko,"):
        assert key in cite.book_bibtex
    assert cite.book_remastered.ko == citation.book_plain(citation.BOOK_KO_REMASTERED, "ko")
    assert cite.article.ko == citation.article_plain(citation.ARTICLE, "ko")
    assert "@misc{yerimoh2020," in cite.article_bibtex
