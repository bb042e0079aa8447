import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import init_compare
from generator.experiments.activation_histograms.figures import INIT_COLOURS
from generator.experiments.init_compare import INITS, TAIL, figures, mean_loss
from generator.experiments.init_compare.train import run, train_members
from tests.support import SEEDS, Metrics, figure_spec, load, quick_results, with_metrics

EXPERIMENT = init_compare.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "init-compare")


def test_init_compare_quick_metrics_have_seed_and_init_axes():
    config = make_config()
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, I = 2, len(INITS)
    assert metrics["loss"].shape == (S, I, config.iterations)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, I)
    assert np.isfinite(metrics["loss"]).all() and np.isfinite(metrics["test_acc"]).all()
    assert (metrics["diverged_at"] == -1).all()


def test_init_compare_member_alone_equals_member_in_stack():
    data = load_dataset("mnist-10k")
    config = make_config(precision="float64")
    stacked = run(config, data, seeds=(0, 1))
    loss, test_acc, _ = train_members(config, data, [(1, INITS.index("He"))])
    assert np.allclose(stacked["loss"][1, 2], loss[0], rtol=1e-10, atol=1e-12)
    assert np.isclose(stacked["test_acc"][1, 2], test_acc[0])


def test_init_compare_small_std_starts_at_chance_loss():
    # tiny weights make every logit almost 0, so the first loss is ln 10
    metrics = run(make_config(iterations=1), load_dataset("mnist-10k"), seeds=(0,))
    assert np.isclose(metrics["loss"][0, INITS.index("std=0.01"), 0], np.log(10), atol=1e-3)


def test_init_compare_mean_loss_takes_the_last_iterations_per_seed():
    loss = np.zeros((2, len(INITS), 4))
    loss[:, INITS.index("He")] = [[4.0, 3.0, 2.0, 1.0], [8.0, 6.0, 4.0, 2.0]]
    metrics = Metrics(loss=loss)
    assert mean_loss(metrics, "He", 2).tolist() == [1.5, 3.0]
    assert mean_loss(metrics, "He").tolist() == [2.5, 5.0]


def test_init_compare_barely_learns_claim_reads_only_the_last_iterations():
    loss = np.zeros((1, len(INITS), TAIL + 50))
    loss[0, INITS.index("std=0.01"), -TAIL:] = 2.3  # a run that learned early and then collapsed to chance
    claim = next(c for c in EXPERIMENT.claims if c.id == "init-compare-small-barely-learns")
    row = claim.evaluate(Metrics(loss=loss))
    assert row["value"] == pytest.approx(2.3) and row["holds"]


def test_init_compare_claims_are_the_books():
    assert {c.source for c in EXPERIMENT.claims} == {"book 6.2.4"}


def test_init_compare_result_records_the_init_axis_with_labels(result):
    axis = result.axes["init"]
    assert axis.values == INITS
    assert axis.label("std=0.01", "ko") == f"표준편차 {result.config['small_std']:g}"
    assert axis.label("He", "en") == "He initialization"


def test_init_compare_colours_match_the_histograms_of_the_same_scales():
    assert [figures.INIT_STYLES[init]["color"] for init in INITS] == [INIT_COLOURS[k] for k in ("small", "xavier", "he")]


def test_loss_data_has_raw_and_smoothed_loss_per_iteration(result):
    header, rows = figure_spec(EXPERIMENT, "fig-init-compare-loss").data(result)
    assert header == ["init", "seed", "iteration", "loss", "smoothed_loss", "final_test_acc"]
    iterations = result.config["iterations"]
    assert len(rows) == len(INITS) * len(SEEDS) * iterations
    assert rows[0][:3] == ["std=0.01", 0, 1] and rows[iterations - 1][2] == iterations
    assert rows[0][3] == pytest.approx(result.metrics.loss[0, 0, 0])
    assert rows[-1][5] == pytest.approx(result.metrics.test_acc[-1, -1])


def test_loss_figure_marks_diverged_seed_and_leaves_it_out_of_the_mean(result):
    loss = np.array(result.metrics.loss, dtype=np.float64)
    diverged_at = np.array(result.metrics.diverged_at)
    loss[1, 2, 5:] = np.nan
    diverged_at[1, 2] = 6
    fig = figures.draw_loss(with_metrics(result, loss=loss, diverged_at=diverged_at), "en")
    ax = fig.axes[0]
    assert any("1 of 2 seeds diverged" in t.get_text() for t in ax.texts)
    he = next(line for line in ax.lines if line.get_label().startswith("He"))
    assert np.isfinite(he.get_ydata()).all()
