"""Facts of the claims page: the article's statements with the claims that test them, every
claim that fails with its reason and where its page discusses it, and every claim by page."""

from dataclasses import dataclass

from generator.article import SECTIONS, STATEMENTS
from generator.errors import UserError
from generator.pages import PAGES
from generator.results import CheckedClaim
from generator.site.facts import SiteInputs, Text



@dataclass(frozen=True)
class ClaimGroup:
    slug: str
    source: str
    title: Text
    claims: tuple[CheckedClaim, ...]


@dataclass(frozen=True)
class StatementRow:
    text: Text
    claims: tuple[CheckedClaim, ...]
    untestable: Text | None
    """Why no experiment tests the statement, when none does."""
    held: int
    """How many of its claims hold."""
    count: int
    """How many claims test it."""


@dataclass(frozen=True)
class Section:
    section: str
    anchor: str
    """The heading id: "statements-s3" for §3."""
    title: Text
    source: str
    """The page that covers the section."""
    statements: tuple[StatementRow, ...]


@dataclass(frozen=True)
class ClaimsFacts:
    total: int
    held: int
    failed: int
    hypotheses: int
    """Claims that are this site's own hypotheses rather than the book's or the article's."""
    statements: int
    tested: int
    """Statements with at least one claim."""
    sections: tuple[Section, ...]
    failing: tuple[CheckedClaim, ...]
    """Every claim that does not hold, in page order."""
    groups: tuple[ClaimGroup, ...]
    """One group per page with claims, in page order."""


def facts(inputs: SiteInputs) -> ClaimsFacts:
    claims = inputs.claims
    known = claims.by_id
    sections = []
    for section, ko, en, slug in SECTIONS:
        rows = []
        for statement in (s for s in STATEMENTS if s.section == section):
            missing = [c for c in statement.claims if c not in known]
            if missing:
                raise UserError(f"generator/article.py: statement {statement.en!r} names claims this build has no result for: {', '.join(missing)}")
            tested = tuple(known[c] for c in statement.claims)
            untestable = Text(statement.untestable_ko, statement.untestable_en) if not tested else None
            rows.append(StatementRow(Text(statement.ko, statement.en), tested, untestable, sum(c.holds for c in tested), len(tested)))
        sections.append(Section(section, f"statements-s{section.lstrip('§')}", Text(ko, en), f"{slug}.md", tuple(rows)))
    groups = tuple(
        ClaimGroup(p.slug, p.source, Text(p.title_ko, p.title_en), tuple(claims.for_page(p.slug)))
        for p in PAGES
        if claims.for_page(p.slug)
    )
    held = sum(c.holds for c in claims)
    return ClaimsFacts(
        total=len(claims),
        held=held,
        failed=len(claims) - held,
        hypotheses=sum(c.hypothesis for c in claims),
        statements=len(STATEMENTS),
        tested=sum(bool(s.claims) for s in STATEMENTS),
        sections=tuple(sections),
        failing=tuple(c for g in groups for c in g.claims if not c.holds),
        groups=groups,
    )
