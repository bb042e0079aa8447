"""Every registered figure: drawn in both languages, a table behind it, on the page of its experiment."""

import sys

import matplotlib.figure
import pytest

from generator.experiments import EXPERIMENTS, by_id
from generator.figures import FIGURES
from generator.render import PAGES
from generator.results import load_results
from tests.figures.common import HANGUL, figure_text, quick_results

MODULES = tuple(dict.fromkeys(sys.modules[spec.draw.__module__] for spec in FIGURES))
"""The figure modules, in the order FIGURES joins them."""


@pytest.fixture(scope="session")
def results(tmp_path_factory):
    return load_results(quick_results(tmp_path_factory, EXPERIMENTS))


@pytest.mark.parametrize("lang", ("ko", "en"))
@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.id)
def test_figure_draws_from_quick_result_in_each_language(spec, lang, results):
    fig = spec.draw(results[spec.experiment], lang)
    assert isinstance(fig, matplotlib.figure.Figure)
    text = figure_text(fig)
    if lang == "ko":
        assert HANGUL.search(text), spec.id
    else:
        assert not HANGUL.search(text), spec.id


@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.id)
def test_figure_data_is_a_header_and_rows_of_its_width(spec, results):
    header, rows = spec.data(results[spec.experiment])
    assert header and all(isinstance(name, str) and name for name in header)
    assert len(set(header)) == len(header)
    assert rows and all(len(row) == len(header) for row in rows)


def test_claim_figures_are_figures_of_their_experiment_on_its_page():
    by_id = {spec.id: spec for spec in FIGURES}
    for experiment in EXPERIMENTS:
        for claim in experiment.claims:
            assert claim.figure in by_id, claim.id
            assert by_id[claim.figure].experiment == experiment.id, claim.id
            assert by_id[claim.figure].page == experiment.section, claim.id


def test_figures_are_grouped_in_page_order():
    pages = [spec.page for spec in FIGURES]
    assert all(page in PAGES for page in pages)
    assert pages == sorted(pages, key=PAGES.index)


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_figure_module_draws_one_page_in_its_own_order(module):
    (page,) = {spec.page for spec in module.FIGURES}
    assert [spec.id for spec in FIGURES if spec.page == page] == [spec.id for spec in module.FIGURES]
    assert all(by_id(spec.experiment).section == page for spec in module.FIGURES)
