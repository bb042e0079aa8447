"""Page facts: for each page, every number, list and choice its prose shows, computed in Python.

One module per page, ``generator/site/facts/<page>.py`` (hyphens as underscores), with:

- ``EXPERIMENTS``: the experiments whose results the page reads, in the order their figures are
  numbered on the page;
- ``facts(inputs: SiteInputs) -> <Page>Facts``: a frozen dataclass of what the page says.

Both language templates read the same facts object, so a statistic is written once and unit-
tested once (``tests/site/facts``). Templates only place and format: no arithmetic, no array
methods, no loops that compute (``tests/site/test_templates.py`` walks every template).
"""

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType

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
class Text:
    """A short text in both languages, chosen by the template of each (``x.ko`` / ``x.en``)."""

    ko: str
    en: str


def module(slug: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{slug.replace('-', '_')}")


def page_experiments() -> dict[str, tuple[str, ...]]:
    """The experiments each page reads, in figure order, by page slug."""
    return {slug: tuple(module(slug).EXPERIMENTS) for slug in SLUGS}


def require(inputs: SiteInputs, experiment_id: str) -> Result:
    """The result of ``experiment_id``, or a UserError saying how to produce it."""
    try:
        return inputs.results[experiment_id]
    except KeyError:
        raise UserError(
            f"build/results/{experiment_id}.json: missing; run `python -m generator run` (without --only) first"
        ) from None
