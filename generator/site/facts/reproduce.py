"""Facts of the reproduce page: versions, data, each experiment's provenance and compute time, the
machine, and which figures regenerate figures of the book."""

from dataclasses import dataclass

from generator.site.facts import SiteInputs, Text



@dataclass(frozen=True)
class BookFigure:
    book: str
    """The book's figure number, "6-20"."""
    number: str
    """This site's figure number, "4.1"."""
    figure: str
    """The figure's id, for a link."""
    page: Text


@dataclass(frozen=True)
class Timing:
    experiment: str
    seeds: int
    total: float
    """Compute seconds summed over seeds, as measured when each seed was computed."""
    per_seed: float


@dataclass(frozen=True)
class DataFacts:
    name: str
    sha256: str
    n_train: int | None
    n_test: int | None
    embedded: bool
    """True for the 10,000-image set that ships with the project."""


@dataclass(frozen=True)
class ReproduceFacts:
    provenance: object
    data: tuple[DataFacts, ...]
    book_figures: tuple[BookFigure, ...]
    """Every figure that regenerates one of the book's, in the book's order."""
    timings: tuple[Timing, ...]
    """Per experiment, when the results recorded it; empty otherwise."""
    compute_total: float
    machine: tuple[tuple[Text, str], ...]
    """The machine the runs recorded, as (what, value) rows."""


MACHINE = {
    "cpu": Text("프로세서", "Processor"),
    "cores": Text("코어 수", "Cores"),
    "blas": Text("BLAS 라이브러리", "BLAS library"),
    "python": Text("Python", "Python"),
    "numpy": Text("NumPy", "NumPy"),
    "matplotlib": Text("matplotlib", "matplotlib"),
}
"""How each recorded property of the machine is named on the page; others keep their key."""


def _book_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("-"))


def facts(inputs: SiteInputs) -> ReproduceFacts:
    from generator.pages import page

    book = []
    for ref in inputs.figures.values():
        for number in filter(None, (ref.spec.book or "").split(",")):
            p = page(ref.page)
            book.append(BookFigure(number.strip(), ref.number, ref.id, Text(p.title_ko, p.title_en)))
    timings = tuple(
        Timing(experiment, len(entry["seconds"]), sum(entry["seconds"]), sum(entry["seconds"]) / len(entry["seconds"]))
        for experiment, entry in (inputs.timings or {}).items()
        if entry["seconds"] and all(s is not None for s in entry["seconds"])
    )
    environments = inputs.provenance.environments
    recorded = environments[0][1] if environments else ()
    machine = tuple((MACHINE.get(key, Text(key, key)), value) for key, value in recorded)
    return ReproduceFacts(
        provenance=inputs.provenance,
        data=tuple(DataFacts(d.name, d.sha256, d.n_train, d.n_test, d.name == "mnist-10k") for d in inputs.provenance.datasets),
        book_figures=tuple(sorted(book, key=lambda b: _book_order(b.book))),
        timings=timings,
        compute_total=sum(t.total for t in timings),
        machine=machine,
    )
