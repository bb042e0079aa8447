import numpy as np
import pytest

from generator.experiments import hyperparameter_search
from generator.figures import hyperparameters
from generator.render import PAGES
from generator.results import load_results
from tests.figures.common import SEEDS, check_section_page, figure_text, quick_results, render_pages, with_metrics

EXPERIMENT = hyperparameter_search.EXPERIMENT


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (EXPERIMENT,))


@pytest.fixture(scope="module")
def result(results_dir):
    return load_results(results_dir)[EXPERIMENT.id]


def with_diverged_trial(result, seed_index=1, trial=2, epoch=1):
    """The result with one round-1 trial of one seed diverged from ``epoch`` on, as the trainer records it."""
    m = {name: np.array(result.metrics[name]) for name in ("val_acc", "train_acc", "diverged_at", "top_trials")}
    for name in ("val_acc", "train_acc"):
        m[name] = m[name].astype(np.float64)
        m[name][seed_index, trial, epoch:] = np.nan
    m["diverged_at"][seed_index, trial] = 3
    m["top_trials"][seed_index] = [i for i in m["top_trials"][seed_index] if i != trial] + [-1]
    return with_metrics(result, **m)


def test_every_figure_draws_the_search():
    assert all(f.experiment == EXPERIMENT.id for f in hyperparameters.FIGURES)


def test_claims_point_at_the_scatter_and_rounds_figures():
    referenced = {claim.figure for claim in EXPERIMENT.claims}
    assert referenced == {"fig-hyperparameter-search-scatter", "fig-hyperparameter-search-rounds"}


def test_top_panels_are_titled_by_rank_with_lr_and_weight_decay(result):
    fig = hyperparameters.draw_top(result, "en")
    k = result.config["top_k"]
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == k
    best = int(result.metrics.top_trials[0, 0])
    lr = hyperparameters.sci(result.metrics.lr[0, best])
    assert titles[0].startswith(f"Best-1: lr = {lr}")
    assert "wd = " in titles[0]


def test_sci_is_short_and_signed():
    assert hyperparameters.sci(0.0052) == "5.2e-3"
    assert hyperparameters.sci(3.1e-07) == "3.1e-7"
    assert hyperparameters.sci(12.0) == "1.2e1"


def test_top_data_is_the_first_seeds_top_trials_per_epoch(result):
    header, rows = hyperparameters.data_top(result)
    assert header == ["seed", "rank", "trial", "lr", "weight_decay", "epoch", "val_acc", "train_acc"]
    c, m = result.config, result.metrics
    assert len(rows) == c["top_k"] * (c["epochs"] + 1)
    assert {r[0] for r in rows} == {SEEDS[0]}
    best = int(m.top_trials[0, 0])
    last = rows[c["epochs"]]
    assert last[1:3] == [1, best] and last[5] == c["epochs"]
    assert last[6] == pytest.approx(m.val_acc[0, best, -1]) and last[7] == pytest.approx(m.train_acc[0, best, -1])


def test_top_seeds_data_has_every_trial_of_every_seed(result):
    header, rows = hyperparameters.data_top_seeds(result)
    assert header == ["seed", "trial", "rank", "lr", "weight_decay", "diverged_at", "epoch", "val_acc"]
    c = result.config
    assert len(rows) == len(SEEDS) * c["trials"] * (c["epochs"] + 1)
    ranked = {(r[0], r[1]) for r in rows if r[2] is not None}
    assert len(ranked) == len(SEEDS) * c["top_k"]


def test_scatter_data_has_both_rounds_and_their_ranges(result):
    header, rows = hyperparameters.data_scatter(result)
    assert header[:8] == ["seed", "round", "trial", "lr", "weight_decay", "final_val_acc", "diverged_at", "rank"]
    c, m = result.config, result.metrics
    assert len(rows) == len(SEEDS) * (c["trials"] + c["round2_trials"])
    first = rows[0]
    assert first[8:] == pytest.approx([10.0 ** c["log10_lr_min"], 10.0 ** c["log10_lr_max"],
                                       10.0 ** c["log10_wd_min"], 10.0 ** c["log10_wd_max"]])
    round2 = next(r for r in rows if r[1] == 2 and r[0] == SEEDS[1])
    assert round2[8:] == pytest.approx(list(10.0 ** np.asarray(m.round2_log10_range[1]).ravel()))


def test_rounds_data_has_every_trial_and_one_test_row_per_seed(result):
    header, rows = hyperparameters.data_rounds(result)
    assert header == ["seed", "stage", "rank", "trial", "lr", "weight_decay", "data", "accuracy", "diverged_at"]
    c, m = result.config, result.metrics
    assert len(rows) == len(SEEDS) * (c["trials"] + c["round2_trials"] + 1)
    tests = [r for r in rows if r[1] == "retrained"]
    assert [r[0] for r in tests] == list(SEEDS)
    assert [r[7] for r in tests] == pytest.approx(list(m.test_acc))
    assert all(r[6] == "test" for r in tests)
    first = next(r for r in rows if r[1] == "round1" and r[2] == 1)
    assert first[3] == int(m.top_trials[0, 0])


def test_diverged_trial_is_marked_and_never_ranked(result):
    broken = with_diverged_trial(result)
    header, rows = hyperparameters.data_scatter(broken)
    row = next(r for r in rows if r[0] == SEEDS[1] and r[1] == 1 and r[2] == 2)
    assert np.isnan(row[5]) and row[6] == 3 and row[7] is None
    fig = hyperparameters.draw_scatter(broken, "en")
    marked = [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() == "X" and len(line.get_xdata())]
    assert len(marked) == 1
    assert "diverged (1)" in figure_text(fig)
    _, ranked = hyperparameters.data_rounds(broken)
    last = [r for r in ranked if r[0] == SEEDS[1] and r[1] == "round1"][-1]
    assert last[3] == 2 and last[2] is None and np.isnan(last[7])
    assert "1 diverged" in figure_text(hyperparameters.draw_top_seeds(broken, "en"))


def test_pages_render_numbers_from_results_in_both_languages(results_dir, result, tmp_path):
    pages = render_pages(results_dir, tmp_path, ("hyperparameters", "index"), hyperparameters.FIGURES)
    check_section_page(pages["hyperparameters"], "hyperparameters", hyperparameters.FIGURES)
    m = result.metrics
    for page in pages["hyperparameters"].values():
        for claim in EXPERIMENT.claims:
            assert f'id="claim-{claim.id}"' in page
        assert f"{100 * m.test_acc[0]:.1f}%" in page  # the first seed's test accuracy, in the table
        assert f"{100 * np.mean(m.test_acc):.1f}%" in page  # their mean
        assert "**quick**" in page  # the warning that these are not the book's settings
    for home in pages["index"].values():
        assert "make site" in home and "make test" in home
        assert ", ".join(str(s) for s in SEEDS) in home
        for slug in PAGES[1:]:
            assert f"]({slug}.md)" in home
