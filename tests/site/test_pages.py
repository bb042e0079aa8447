"""What every page promises its reader, checked on the rendered Markdown of the quick results.

The code shown is the code in the source; claims are named by their statements, never by their
ids, on Korean pages; verdicts stand in evidence boxes, not inside sentences; the summary names
every claim that did not hold; every chapter page says what data it trained on; Korean numbers
read as they are meant.
"""

import re

import pytest

from generator.site.excerpts import excerpt
from tests.site.fixtures import quick_project  # noqa: F401

CHAPTERS = ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters")
CODE_BLOCK = re.compile(r'^(`{3,}) python title="(?P<path>[^"]+) · (?P<name>[^"]+)" linenums="(?P<start>\d+)"\n(?P<code>.*?)\n\1$',
                        re.S | re.M)
EXCERPTS = {
    "optimizers": {"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"},
    "initialization": {"init_std", "init_weight"},
    "batch-norm": {"BatchNormalization.forward", "BatchNormalization.backward"},
    "regularization": {"Dropout", "MultiLayerNet.decay_loss", "MultiLayerNet.gradient"},
    "hyperparameters": {"sample", "validation_split", "narrowed_range"},
}
"""Techniques each page must show in the engine's own code, at the least."""


def page(root, lang, slug) -> str:
    return (root / "site_src" / lang / f"{slug}.md").read_text(encoding="utf-8")


def pages(root, lang="ko"):
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((root / "site_src" / lang).glob("*.md"))}


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})[^\n]*\n.*?^(?P=indent)(?P=fence)[ \t]*$", re.S | re.M)
OTHER_LANGUAGE = re.compile(r'<(?P<tag>\w+)[^>]*\blang="en"[^>]*>.*?</(?P=tag)>', re.S)


def visible(markdown: str) -> str:
    """What a reader reads: without code blocks (excerpts, BibTeX), words marked as English, link
    targets, HTML tags and their attributes."""
    text = FENCE.sub("", CODE_BLOCK.sub("", markdown))
    text = OTHER_LANGUAGE.sub("", text)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[^}]*#[^}]*\}", "", text)  # heading ids and attribute lists
    return re.sub(r"<[^>]+>", " ", text)


def without_evidence(markdown: str) -> str:
    return re.sub(r'<div class="ch6-claims ch6-evidence".*?</table>\s*</div>', "", markdown, flags=re.S)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_code_excerpt_equals_its_source_lines(quick_project, lang):
    shown = 0
    for slug, markdown in pages(quick_project, lang).items():
        for block in CODE_BLOCK.finditer(markdown):
            source = excerpt(block["path"], block["name"])
            assert (int(block["start"]), block["code"]) == (source.start, source.code), f"{lang}/{slug}: {block['name']}"
            shown += 1
    assert shown >= sum(len(names) for names in EXCERPTS.values())


@pytest.mark.parametrize("slug", sorted(EXCERPTS))
def test_each_technique_is_shown_in_the_engines_own_code(quick_project, slug):
    names = {block["name"] for block in CODE_BLOCK.finditer(page(quick_project, "ko", slug))}
    assert EXCERPTS[slug] <= names


def test_korean_pages_name_claims_by_statement_never_by_id(quick_project, all_quick_results):
    from generator.results import load_claims

    ids = [c.id for c in load_claims(all_quick_results)]
    found = [f"{slug}: {claim_id}" for slug, markdown in pages(quick_project, "ko").items()
             for claim_id in ids if claim_id in visible(markdown)]
    assert found == []


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_prose_carries_no_verdict_inside_a_sentence(quick_project, lang, slug):
    prose = visible(without_evidence(page(quick_project, lang, slug)))
    for mark in ("✓", "✗", "성립합니다(", "성립하지 않습니다(", "주장 “", "the claim “", "does not hold (", "holds ("):
        assert mark not in prose, f"{lang}/{slug}: {mark!r} outside an evidence box"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_pages_end_sections_with_evidence_boxes_and_say_what_data_they_trained_on(quick_project, slug):
    for lang in ("ko", "en"):
        markdown = page(quick_project, lang, slug)
        assert 'class="ch6-claims ch6-evidence"' in markdown
        assert 'class="ch6-data-note"' in markdown and "(reproduce.md#data)" in markdown


def test_summary_names_every_claim_that_does_not_hold(quick_project, all_quick_results):
    from generator.results import load_claims

    failing = [c.id for c in load_claims(all_quick_results) if not c.holds]
    assert failing, "the quick results always leave some claims failing"
    for lang in ("ko", "en"):
        summary = page(quick_project, lang, "summary")
        assert [c for c in failing if f"(claims.md#claim-{c})" not in summary] == []


MISREADINGS = {
    r"[\d.,]+만\(": "a number before 만( reads as ten thousands: write 552(11%)만",
    r"미니배치 [\d,]+개": "미니배치 N개 means N mini-batches: write 배치 크기 N",
    r"에폭 [\d,]+에서": "write N번째 에폭에서",
    r"(?<![가-힣])(이|각|다음|해당|위) 쪽(에서|에|의|은|을|입니다)|쪽에서 (봅|볼|설명)": "a web page is 페이지, not 쪽",
    r"(?i)\bsigmoid\b": "Korean prose writes 시그모이드",
}


def test_particles_written_after_names_numbers_and_parentheses_agree(quick_project):
    from generator.site.korean import written_particle_problems

    from generator import glossary
    from generator.site.korean import term_particle_problems

    terms = [entry.ko for entry in glossary.ENTRIES.values()]
    found = [f"{slug}: {problem}" for slug, markdown in pages(quick_project, "ko").items()
             for problem in (*written_particle_problems(visible(markdown)), *term_particle_problems(visible(markdown), terms))]
    assert found == []


def test_korean_numbers_and_words_read_as_meant(quick_project):
    found = [f"{slug}: {match.group()!r}: {why}"
             for slug, markdown in pages(quick_project, "ko").items()
             for pattern, why in MISREADINGS.items()
             for match in re.finditer(pattern, visible(markdown))]
    assert found == []
