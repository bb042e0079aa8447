"""Facts of the home page: the table of pages, and what this build ran."""

from dataclasses import dataclass

from generator.pages import PAGES
from generator.site.facts import SiteInputs, Text

EXPERIMENTS = ()


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
    )
