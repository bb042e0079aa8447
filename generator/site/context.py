"""What a page template sees: the page, its facts, its figures, and the helpers that format.

Templates receive a ``PageContext`` and nothing else (Jinja runs with ``StrictUndefined``, so a
name not here is an error, never an empty string in a published page). Every number, list and
choice a page's prose shows is in ``facts``, computed in Python by the page's facts module;
the helpers only format and place.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

from generator.pages import LANGUAGES as LANGUAGE_CODES
from generator.pages import PAGES
from generator.results import Claims, DatasetRef


@dataclass(frozen=True)
class Language:
    code: str
    root: str
    """Path of this language's pages below the site root: ``""`` or ``"en/"``."""
    name: str
    figure_word: str


LANGUAGES = tuple(Language(code, *{"ko": ("", "한국어", "그림"), "en": ("en/", "English", "Figure")}[code]) for code in LANGUAGE_CODES)

DOWNLOADS = "downloads"
"""Language-neutral files (CSV, result JSON), written once below ``site_src``."""


def page_url(site_url: str, lang: Language, slug: str) -> str:
    return f"{site_url}{lang.root}{'' if slug == 'index' else slug + '/'}"


@dataclass(frozen=True)
class PageView:
    """A page as a template of one language sees it."""

    slug: str
    number: int
    title: str
    source: str
    """Markdown file of the page, relative to its language folder: ``"optimizers.md"``."""
    permalink: str
    article: str | None
    book: str | None


def page_views(lang: Language, site_url: str) -> tuple[PageView, ...]:
    return tuple(
        PageView(p.slug, n, p.title(lang.code), p.source, page_url(site_url, lang, p.slug), p.article, p.book)
        for n, p in enumerate(PAGES)
    )


@dataclass(frozen=True)
class FigureView:
    """A figure numbered, captioned and located for one language."""

    id: str
    experiment: str
    page: str
    number: str
    label: str
    """``"그림 4.2"`` or ``"Figure 4.2"``."""
    caption: str
    short_title: str
    """A few words for citations: the spec's ``short_title``, else the caption's first sentence."""
    alt: str
    """What the image shows, for a reader who cannot see it: the spec's ``alt``, else derived from
    what the figure plots (``generator.site.render.derived_alt``); never the caption again."""
    book: str | None
    """The book's figure it regenerates ("6-21"), if any."""
    svg: str
    """Paths relative to a page of the same language."""
    png: str
    csv: str
    json: str
    href: str
    """Markdown link target from any page of the language: ``"regularization.md#fig-..."``."""
    permalink: str
    png_url: str
    """The PNG's absolute address (``og:image``)."""
    result: object


@dataclass(frozen=True)
class ExperimentProvenance:
    experiment: str
    preset: str
    seeds: tuple[int, ...]
    dataset: DatasetRef | None
    code_version: str
    cache_keys: tuple[str, ...]
    json: str


@dataclass(frozen=True)
class SiteSource:
    """Where the site is published and what it was built from (``generator.site.render.site_source``)."""

    site_url: str
    repo_url: str
    commit: str | None
    """``git rev-parse HEAD`` of the project when the pages were rendered; None outside a git checkout."""
    dirty: bool
    """True when the checkout had changes not in ``commit``."""
    commit_url: str | None
    """The commit in the repository, e.g. ``https://github.com/o/r/commit/<sha>``."""
    date: str | None
    """``YYYY-MM-DD`` of ``SOURCE_DATE_EPOCH`` or the last commit: the access date citations give
    (never the build's clock, so two builds of one commit are identical); None when unknown."""
    year: str | None
    preview: bool
    """True when ``site_url`` is the placeholder: a local preview, not the published site."""


@dataclass(frozen=True)
class Provenance:
    """Where the numbers on the site come from, and what built the site."""

    python: str
    numpy: str
    matplotlib: str
    datasets: tuple[DatasetRef, ...]
    experiments: tuple[ExperimentProvenance, ...]
    environments: tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...]
    """What the runs recorded about their machine: (experiment ids, or () for every experiment,
    and (key, text) pairs), from ``environment.json`` and any result's own ``environment``."""
    source: SiteSource
    """The site's address, repository and git commit."""


@dataclass(frozen=True)
class PageData:
    """The data a page's experiments trained on, as its data note says it (``m.data_note()``)."""

    name: str
    n_train: int
    """Images in the training pool the experiments draw their training sets from."""
    n_test: int
    """Images held out for testing."""
    embedded: bool
    """True for ``mnist-10k``: the 10,000-image MNIST test file shipped with the project, split
    into a training pool and a test set (the book trains on 60,000 and tests on 10,000)."""

    @property
    def n_images(self) -> int:
        return self.n_train + self.n_test


def page_data(datasets) -> PageData | None:
    """The one dataset of a page's results (None where the page trains on no data); a page whose
    experiments ran on different data sets would need a note per experiment, and says so by error."""
    named = {(d.name, d.n_train, d.n_test) for d in datasets if d is not None and d.n_train}
    if not named:
        return None
    if len(named) > 1:
        raise ValueError(f"a page's experiments ran on different data sets: {sorted(named)}")
    name, n_train, n_test = named.pop()
    return PageData(name, n_train, n_test, name == "mnist-10k")


@dataclass(frozen=True)
class PageContext:
    """Everything a page template may use."""

    lang: str
    ko: bool
    """True on Korean pages: shared macros choose their wording by it."""
    page: PageView
    pages: tuple[PageView, ...]
    facts: object
    """The page's facts: a frozen dataclass from ``generator.site.facts.<page>``."""
    page_claims: Claims
    """The claims of this page's experiments, in order."""
    figures: tuple[FigureView, ...]
    """This page's figures in number order."""
    data: PageData | None
    """What the page's experiments trained on; None where they train on no data."""
    provenance: Provenance
    site_url: str
    claim: Callable
    """``claim("id")``: one claim of the build by id."""
    figure: Callable[[str], str]
    """``figure("fig-...")``: the figure's block (image, caption, downloads, citation), placed here."""
    fig: Callable[[str], str]
    """``fig("fig-...")``: a link to a figure by its label, on this page or another."""
    term: Callable[[str], str]
    num: Callable
    pct: Callable
    pp: Callable
    sci: Callable
    amount: Callable
    """``amount(claim)``: a claim's value in its unit, e.g. "3.6%p"."""
    threshold: Callable
    """``threshold(claim)``: a claim's threshold in its unit, with the comparison: "> 0.0%p"."""
    spread: Callable
    """``spread(claim)``: the least and the greatest value over seeds, "2.1–4.0%p"."""
    code: Callable[[str, str], str]
    """``code("generator/engine/optimizers.py", "Adam")``: those lines of the engine, as a code block
    linked to the file at the built commit (``generator.site.excerpts``)."""
    evidence_claims: Callable
    """``evidence_claims("id", ...)``: the claims of one evidence box (``m.evidence``); each claim of
    a page must stand in exactly one box."""
    tr: Callable[[str, str], str]

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


HELPERS = ("claim", "figure", "fig", "term", "num", "pct", "pp", "sci", "amount", "threshold", "spread", "code",
           "evidence_claims", "tr")
"""The functions a template may call (besides macros); the template lint enforces it."""
