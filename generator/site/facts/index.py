"""Facts of the home page: the table of pages, how a page reads (with one real evidence box as
the example), what this build ran, and how to cite it and what it cites."""

from dataclasses import dataclass

from generator.pages import PAGES
from generator.site import citation
from generator.site.context import LANGUAGES
from generator.site.facts import SiteInputs, Text, settings



@dataclass(frozen=True)
class CiteFacts:
    """How to cite the site, what it cites, and the licences; formatted by ``generator.site.citation``."""

    bibtex: Text
    """The site's BibTeX entry, pointing at the home page of each language."""
    plain: Text
    """The site's plain reference (Markdown)."""
    book: Text
    """The book in the original, as a reference list writes it."""
    book_ko: Text
    """The Korean edition (2017)."""
    book_remastered: Text
    """The remastered Korean edition (2025)."""
    book_bibtex: str
    """BibTeX entries of the original and both Korean editions."""
    article: Text
    """The article the pages follow, as far as it is known."""
    article_bibtex: str
    mnist: Text
    licence: Text
    """Both licences, in a line."""
    code_licence: citation.Licence
    content_licence: citation.Licence


def cite_facts(source) -> CiteFacts:
    def both(format_one) -> Text:
        return Text(*(format_one(lang.code) for lang in LANGUAGES))

    def home(lang: str) -> str:
        return source.site_url + next(lg.root for lg in LANGUAGES if lg.code == lang)

    return CiteFacts(
        bibtex=both(lambda lang: citation.site_bibtex(source, lang, home(lang))),
        plain=both(lambda lang: citation.site_plain(source, lang, home(lang))),
        book=both(lambda lang: citation.book_plain(citation.BOOK, lang)),
        book_ko=both(lambda lang: citation.book_plain(citation.BOOK_KO, lang)),
        book_remastered=both(lambda lang: citation.book_plain(citation.BOOK_KO_REMASTERED, lang)),
        book_bibtex="\n".join(citation.book_bibtex(b) for b in (citation.BOOK, citation.BOOK_KO, citation.BOOK_KO_REMASTERED)),
        article=both(lambda lang: citation.article_plain(citation.ARTICLE, lang)),
        article_bibtex=citation.article_bibtex(citation.ARTICLE),
        mnist=both(citation.mnist_plain),
        licence=both(citation.licence_line),
        code_licence=citation.CODE_LICENCE,
        content_licence=citation.CONTENT_LICENCE,
    )


@dataclass(frozen=True)
class PageEntry:
    number: int
    source: str
    title: Text
    about: Text


@dataclass(frozen=True)
class RunGroup:
    """Experiments that ran with the same preset and seeds."""

    preset: str
    seeds: str
    """The seeds as printed: "0, 1, 2, 3, 4"."""
    experiments: tuple[str, ...]


@dataclass(frozen=True)
class IndexFacts:
    pages: tuple[PageEntry, ...]
    """Every page but the home page, in order."""
    first: PageEntry
    """The first chapter page, where a new reader starts."""
    example: PageEntry
    """The page used to explain figure numbers ("Figure 3.2")."""
    runs: tuple[RunGroup, ...]
    one_run: bool
    """True when every experiment ran with the same preset and seeds."""
    experiments: int
    all_book: bool
    """True when every result comes from the book preset."""
    claims: int
    held: int
    failed: int
    example_claim: str | None
    """The claim whose evidence box the home page shows as an example; None when the build has none."""
    example_claim_page: PageEntry | None
    """The page that claim's box stands on."""
    overfitting_images: int | None
    """How many training images the overfitting experiment uses (the book's 300), the example of
    an experiment that uses fewer than the whole set; None without its result."""
    cite: CiteFacts


EXAMPLE_PAGE = 3
EXAMPLE_CLAIM = "overfitting-train-near-100"
"""A claim any reader grasps at once (training accuracy near 100% on 300 images): the home page
shows its evidence box to say what a box holds. Another claim stands in when the build lacks it."""


def facts(inputs: SiteInputs) -> IndexFacts:
    entries = tuple(
        PageEntry(n, p.source, Text(p.title_ko, p.title_en), Text(p.about_ko, p.about_en))
        for n, p in enumerate(PAGES)
        if p.slug != "index"
    )
    groups: dict[tuple[str, str], list[str]] = {}
    for e in inputs.provenance.experiments:
        groups.setdefault((e.preset, ", ".join(str(s) for s in e.seeds)), []).append(e.experiment)
    held = sum(c.holds for c in inputs.claims)
    example = inputs.claims.by_id.get(EXAMPLE_CLAIM) or next(iter(inputs.claims), None)
    return IndexFacts(
        pages=entries,
        first=entries[0],
        example=next(e for e in entries if e.number == EXAMPLE_PAGE),
        runs=tuple(RunGroup(preset, seeds, tuple(ids)) for (preset, seeds), ids in groups.items()),
        one_run=len(groups) == 1,
        experiments=len(inputs.provenance.experiments),
        all_book=all(e.preset == "book" for e in inputs.provenance.experiments),
        claims=len(inputs.claims),
        held=held,
        failed=len(inputs.claims) - held,
        example_claim=example.id if example else None,
        example_claim_page=next((e for e in entries if example and e.source == f"{example.page}.md"), None),
        overfitting_images=settings(inputs.results["overfitting"]).n_train if "overfitting" in inputs.results else None,
        cite=cite_facts(inputs.provenance.source),
    )
