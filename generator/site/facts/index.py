"""Facts of the home page: the table of pages, what this build ran, and how to cite it."""

from dataclasses import dataclass

from generator.pages import PAGES
from generator.site import citation
from generator.site.context import LANGUAGES
from generator.site.facts import SiteInputs, Text



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
    """The Korean edition."""
    book_bibtex: str
    """BibTeX entries of both editions."""
    article: Text
    """The article the pages follow, as far as it is known."""
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
        book_bibtex=citation.book_bibtex(citation.BOOK) + "\n" + citation.book_bibtex(citation.BOOK_KO),
        article=both(lambda lang: citation.article_plain(citation.ARTICLE, lang)),
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
    cite: CiteFacts


EXAMPLE_PAGE = 3


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
        cite=cite_facts(inputs.provenance.source),
    )
