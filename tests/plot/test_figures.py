"""Every declared figure: drawn in both languages, a table behind it, evidence for its claims."""

import matplotlib.figure
import pytest

from generator.experiments import EXPERIMENTS
from generator.plot import FigureSpec
from generator.results import load_results
from tests.support import HANGUL, figure_text

FIGURES = tuple((e, spec) for e in EXPERIMENTS for spec in e.figure_specs())


def label(item):
    return item[1].id if isinstance(item, tuple) else str(item)


@pytest.fixture(scope="module")
def results(all_quick_results):
    return load_results(all_quick_results)


@pytest.mark.parametrize("lang", ("ko", "en"))
@pytest.mark.parametrize("item", FIGURES, ids=label)
def test_figure_draws_from_quick_result_in_each_language(item, lang, results):
    experiment, spec = item
    fig = spec.draw(results[experiment.id], lang)
    assert isinstance(fig, matplotlib.figure.Figure)
    text = figure_text(fig)
    if lang == "ko":
        assert HANGUL.search(text), spec.id
    else:
        assert not HANGUL.search(text), spec.id


@pytest.mark.parametrize("item", FIGURES, ids=label)
def test_figure_data_is_a_header_and_rows_of_its_width(item, results):
    experiment, spec = item
    header, rows = spec.data(results[experiment.id])
    assert header and all(isinstance(name, str) and name for name in header)
    assert len(set(header)) == len(header)
    assert rows and all(len(row) == len(header) for row in rows)


def test_figure_ids_are_unique_and_declared_as_specs():
    ids = [spec.id for _, spec in FIGURES]
    assert len(ids) == len(set(ids))
    assert all(isinstance(spec, FigureSpec) for _, spec in FIGURES)


def test_claim_figures_are_figures_of_their_own_experiment():
    for experiment in EXPERIMENTS:
        own = {spec.id for spec in experiment.figure_specs()}
        for claim in experiment.claims:
            assert claim.figure is None or claim.figure in own, claim.id
