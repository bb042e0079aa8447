"""Facts of the claims page: the article's statements with the claims that test them, every
claim that fails with its reason and where its page discusses it, and every claim by page, each
with its source cited as a reader reads it (the book's section by the Korean edition's title,
the article's by its own heading)."""

from dataclasses import dataclass

from generator.article import SECTIONS, STATEMENTS
from generator.errors import UserError
from generator.pages import PAGES, page
from generator.results import CheckedClaim
from generator.site import citation
from generator.site.facts import SiteInputs, Text


def both(format_one) -> Text:
    return Text(format_one("ko"), format_one("en"))


@dataclass(frozen=True)
class ClaimRow:
    """A claim with where its statement comes from, cited in words."""

    claim: CheckedClaim
    source: Text
    """"책 6.4.2 가중치 감소" / "book 6.4.2 Weight decay", the article's heading, or this site's hypothesis."""


def claim_row(claim: CheckedClaim) -> ClaimRow:
    return ClaimRow(claim, both(lambda lang: citation.source_label(claim.source, lang)))


@dataclass(frozen=True)
class PageLink:
    source: str
    """The page's Markdown file: "regularization.md"."""
    title: Text


def page_link(slug: str) -> PageLink:
    p = page(slug)
    return PageLink(p.source, Text(p.title_ko, p.title_en))


@dataclass(frozen=True)
class StatementRow:
    text: Text
    claims: tuple[ClaimRow, ...]
    untestable: Text | None
    """Why no experiment tests the statement, when none does."""
    held: int
    """How many of its claims hold."""
    failed: int
    """How many of its claims do not hold."""
    count: int
    """How many claims test it."""
    tally: Text
    """"✓ 성립 3개 · ✗ 1개" / "✓ 3 hold · ✗ 1 does not", each part only where its count is not 0."""


def tally(held: int, failed: int) -> Text:
    ko = [f"✓ 성립 {held}개"] * bool(held) + [f"✗ 성립하지 않음 {failed}개"] * bool(failed)
    en = [f"✓ {held} {'holds' if held == 1 else 'hold'}"] * bool(held) + [f"✗ {failed} {'does' if failed == 1 else 'do'} not"] * bool(failed)
    return Text(" · ".join(ko), " · ".join(en))


@dataclass(frozen=True)
class Section:
    key: str
    """"§3"."""
    anchor: str
    """The heading id: "statements-s3" for §3."""
    title: Text
    """The article's heading (Korean), or for §0 what it is about; in English, our translation."""
    article: Text
    """The part of the article cited by its heading: 글 “바른 학습을 위해”."""
    from_excerpt: bool
    """True for §0: no heading of the article; its excerpt and summary name the update methods."""
    book: Text
    """The book's section it summarises: "책 6.4 바른 학습을 위해"."""
    page: PageLink
    """The page of this site that covers it."""
    statements: tuple[StatementRow, ...]


@dataclass(frozen=True)
class ClaimGroup:
    slug: str
    page: PageLink
    rows: tuple[ClaimRow, ...]
    count: int


@dataclass(frozen=True)
class PageCount:
    page: PageLink
    count: int


@dataclass(frozen=True)
class Script:
    """One of the book's scripts, its section and that section's page in the remastered edition."""

    name: str
    section: Text
    page: int


@dataclass(frozen=True)
class ClaimsFacts:
    total: int
    held: int
    failed: int
    from_book: int
    from_article: int
    hypotheses: int
    """Claims that are this site's own hypotheses rather than the book's or the article's."""
    hypothesis_pages: tuple[PageCount, ...]
    """How many hypotheses each page holds, in page order (pages with none left out)."""
    hypothesis_rows: tuple[ClaimRow, ...]
    statements: int
    tested: int
    """Statements with at least one claim."""
    untested: int
    sections: tuple[Section, ...]
    failing: tuple[ClaimRow, ...]
    """Every claim that does not hold, in page order."""
    groups: tuple[ClaimGroup, ...]
    """One group per page with claims, in page order."""
    article: Text
    """The article's reference, as far as it is known."""
    book_ko: Text
    book_remastered: Text
    scripts: tuple[Script, ...]


def facts(inputs: SiteInputs) -> ClaimsFacts:
    claims = inputs.claims
    known = claims.by_id
    sections = []
    for part in SECTIONS:
        rows = []
        for statement in (s for s in STATEMENTS if s.section == part.key):
            missing = [c for c in statement.claims if c not in known]
            if missing:
                raise UserError(f"generator/article.py: statement {statement.en!r} names claims this build has no result for: {', '.join(missing)}")
            tested = tuple(claim_row(known[c]) for c in statement.claims)
            untestable = Text(statement.untestable_ko, statement.untestable_en) if not tested else None
            held = sum(r.claim.holds for r in tested)
            rows.append(StatementRow(Text(statement.ko, statement.en), tested, untestable, held, len(tested) - held,
                                     len(tested), tally(held, len(tested) - held)))
        sections.append(Section(
            key=part.key,
            anchor=f"statements-s{part.key.lstrip('§')}",
            title=Text(part.ko_title, part.en),
            article=both(lambda lang: citation.article_section(part.key, lang)),
            from_excerpt=part.heading is None,
            book=both(lambda lang: citation.source_label(f"book {part.book}", lang)),
            page=page_link(part.page),
            statements=tuple(rows),
        ))
    groups = tuple(
        ClaimGroup(p.slug, page_link(p.slug), tuple(claim_row(c) for c in claims.for_page(p.slug)), len(claims.for_page(p.slug)))
        for p in PAGES
        if claims.for_page(p.slug)
    )
    rows = tuple(r for g in groups for r in g.rows)
    held = sum(c.holds for c in claims)
    article = citation.ARTICLE
    return ClaimsFacts(
        total=len(claims),
        held=held,
        failed=len(claims) - held,
        from_book=sum(c.source.startswith("book") for c in claims),
        from_article=sum(c.source.startswith("article") for c in claims),
        hypotheses=sum(c.hypothesis for c in claims),
        hypothesis_pages=tuple(
            PageCount(g.page, n) for g in groups if (n := sum(r.claim.hypothesis for r in g.rows))
        ),
        hypothesis_rows=tuple(r for r in rows if r.claim.hypothesis),
        statements=len(STATEMENTS),
        tested=sum(bool(s.claims) for s in STATEMENTS),
        untested=sum(not s.claims for s in STATEMENTS),
        sections=tuple(sections),
        failing=tuple(r for r in rows if not r.claim.holds),
        groups=groups,
        article=both(lambda lang: citation.article_plain(article, lang)),
        book_ko=both(lambda lang: citation.book_plain(citation.BOOK_KO, lang)),
        book_remastered=both(lambda lang: citation.book_plain(citation.BOOK_KO_REMASTERED, lang)),
        scripts=tuple(Script(name, both(lambda lang: citation.book_section(section, lang)), p)
                      for name, section, p in citation.SCRIPTS),
    )
