"""Facts of the claims page: every claim of the build, grouped by the page it belongs to."""

from dataclasses import dataclass

from generator.pages import PAGES
from generator.results import CheckedClaim
from generator.site.facts import SiteInputs, Text

EXPERIMENTS = ()


@dataclass(frozen=True)
class ClaimGroup:
    slug: str
    source: str
    title: Text
    claims: tuple[CheckedClaim, ...]


@dataclass(frozen=True)
class ClaimsFacts:
    total: int
    held: int
    failed: int
    hypotheses: int
    """Claims that are this site's own hypotheses rather than the book's or the article's."""
    groups: tuple[ClaimGroup, ...]
    """One group per page with claims, in page order."""


def facts(inputs: SiteInputs) -> ClaimsFacts:
    groups = tuple(
        ClaimGroup(p.slug, p.source, Text(p.title_ko, p.title_en), tuple(inputs.claims.for_page(p.slug)))
        for p in PAGES
        if inputs.claims.for_page(p.slug)
    )
    held = sum(c.holds for c in inputs.claims)
    return ClaimsFacts(
        total=len(inputs.claims),
        held=held,
        failed=len(inputs.claims) - held,
        hypotheses=sum(c.hypothesis for c in inputs.claims),
        groups=groups,
    )
