"""Page facts: for each page, every number, list and choice its prose shows, computed in Python.

One module per page, ``generator/site/facts/<page>.py`` (hyphens as underscores), with
``facts(inputs: SiteInputs) -> <Page>Facts``: a frozen dataclass of what the page says. The
experiments a page shows are those declared on it (``Experiment.page``), in the order its
template places their figures (``page_experiments``).

Both language templates read the same facts object, so a statistic is written once and unit-
tested once (``tests/site/facts``). Templates only place and format: no arithmetic, no array
methods, no loops that compute (``tests/site/test_templates.py`` walks every template).
"""

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

import jinja2
from jinja2 import nodes

from generator.errors import UserError
from generator.pages import SLUGS
from generator.results import Claims, Result


@dataclass(frozen=True)
class SiteInputs:
    """What page facts are computed from."""

    results: Mapping[str, Result]
    claims: Claims
    provenance: object
    """``generator.site.context.Provenance``."""
    figures: Mapping[str, object] = field(default_factory=dict)
    """Every drawn figure by id (``generator.site.figures.FigureRef``: page, number, the book's figure)."""
    timings: Mapping[str, dict] | None = None
    """Compute seconds per experiment and seed of the run that made the results, if recorded."""


@dataclass(frozen=True)
class Network:
    """The network a training run taught and how: what every page that describes a run states
    first. The facts of such a run extend it; :func:`network` fills these fields from the result."""

    hidden_layers: int
    hidden_units: int
    """Units of each hidden layer (every experiment's hidden layers have one width)."""
    lr: float
    batch_size: int


def network(result: Result) -> dict:
    """The :class:`Network` fields of ``result``'s run, to pass on as keywords."""
    c = settings(result)
    return {"hidden_layers": len(c.hidden_sizes), "hidden_units": c.hidden_sizes[0], "lr": c.lr,
            "batch_size": c.batch_size}


@dataclass(frozen=True)
class Run:
    """One training run of a page: its accuracies averaged over its last evaluations and the seeds."""

    key: str
    label: "Text"
    train: float
    test: float
    gap: float
    """train - test."""


@dataclass(frozen=True)
class Text:
    """A short text in both languages, chosen by the template of each (``x.ko`` / ``x.en``)."""

    ko: str
    en: str


def module(slug: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{slug.replace('-', '_')}")


def placed_figures(template: str) -> tuple[str, ...]:
    """The figure ids a template places, ``figure("fig-...")``, in the order it places them."""
    tree = jinja2.Environment().parse(template)
    return tuple(
        call.args[0].value
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "figure"
        and call.args and isinstance(call.args[0], nodes.Const)
    )


def page_experiments(experiments, templates: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """Each page's experiments (those whose ``page`` it is), by slug, in the order the page's
    template ``templates(slug)`` first places one of their figures; experiments without a placed
    figure last, in registry order."""
    by_page: dict[str, tuple[str, ...]] = {}
    for slug in SLUGS:
        mine = [e for e in experiments if e.page == slug]
        if not mine:
            by_page[slug] = ()
            continue
        placed = placed_figures(templates(slug))
        def first(e):
            positions = [placed.index(s.id) for s in e.figure_specs() if s.id in placed]
            return min(positions, default=len(placed))
        by_page[slug] = tuple(e.id for e in sorted(mine, key=first))
    return by_page


def settings(result: Result):
    """A result's config as its experiment's frozen ``Config``: typed fields and derived
    properties (``settings(r).n_train``), read the same way on every page instead of
    ``r.config["n_train"]``. Fields a newer config added and the result lacks keep their default."""
    from generator.experiments import by_id

    config_type = by_id(result.experiment).config
    names = {f.name for f in dataclasses.fields(config_type)}
    return config_type(**{k: _frozen(v) for k, v in result.config.items() if k in names})


def _frozen(value):
    """JSON lists back to the tuples a frozen config holds."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def require(inputs: SiteInputs, experiment_id: str) -> Result:
    """The result of ``experiment_id``, or a UserError saying how to produce it."""
    try:
        return inputs.results[experiment_id]
    except KeyError:
        raise UserError(
            f"build/results/{experiment_id}.json: missing; run `python -m generator run` (without --only) first"
        ) from None
