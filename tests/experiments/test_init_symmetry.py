import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import init_symmetry
from generator.experiments.init_symmetry import DIFFER, SAME_TOL, VARIANTS, figures
from generator.experiments.init_symmetry.train import distinct_units, run, unit_spread
from tests.support import SEEDS, figure_spec, figure_text, load, quick_results

EXPERIMENT = init_symmetry.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist-10k")


@pytest.fixture(scope="module")
def quick_metrics(data):
    return run(make_config(), data, seeds=(0, 1))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "init-symmetry")


def test_init_symmetry_quick_metrics_have_seed_and_variant_axes(quick_metrics):
    config = make_config()
    S, V, C = 2, len(VARIANTS), len(config.trace_iterations)
    for name in ("unit_spread", "distinct_units", "w1_change", "test_acc", "diverged_at"):
        assert quick_metrics[name].shape == (S, V), name
    assert quick_metrics["unit_spread_trace"].shape == (S, V, C)
    assert quick_metrics["train_loss"].shape == (S, V, config.iterations)
    assert (quick_metrics["trace_iteration"] == config.trace_iterations).all()
    assert (quick_metrics["diverged_at"] == -1).all() and np.isfinite(quick_metrics["train_loss"]).all()


def test_init_symmetry_equal_starts_stay_identical_and_random_differs(quick_metrics):
    spread = quick_metrics["unit_spread_trace"]
    equal = [VARIANTS.index("zero"), VARIANTS.index("constant")]
    assert (spread[:, equal] < 1e-12).all()
    assert (quick_metrics["distinct_units"][:, equal] == 1).all()
    assert (spread[:, VARIANTS.index("random")] > DIFFER).all()
    assert (quick_metrics["distinct_units"][:, VARIANTS.index("random")] == make_config().hidden_size).all()


def test_init_symmetry_float32_equal_starts_stay_identical(data):
    metrics = run(make_config(precision="float32"), data, seeds=(0,))
    assert (metrics["unit_spread"][:, [VARIANTS.index("zero"), VARIANTS.index("constant")]] < SAME_TOL).all()


def test_init_symmetry_seed_does_not_depend_on_stack_neighbours(data, quick_metrics):
    alone = run(make_config(), data, seeds=(1,))
    for name, value in alone.items():
        assert np.allclose(value[0], quick_metrics[name][1], rtol=1e-12, atol=0), name


def test_init_symmetry_trace_iterations_end_at_the_last_iteration():
    assert make_config(iterations=25, trace_every=10).trace_iterations.tolist() == [0, 10, 20, 25]
    assert make_config(iterations=20, trace_every=10).trace_iterations.tolist() == [0, 10, 20]


def test_init_symmetry_spread_and_distinct_units_on_known_units():
    units = np.array([[[1.0, 2.0], [1.0, 2.0], [1.0, 2.5]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]])  # (T, H, F)
    assert unit_spread(units).tolist() == [0.5 / 2.5, 0.0]
    assert distinct_units(units).tolist() == [2, 1]


def test_init_symmetry_result_records_the_start_axis_with_labels(result):
    axis = result.axes["start"]
    assert axis.values == VARIANTS
    assert axis.label("constant", "en") == f"all {result.config['constant']:g}"
    assert axis.label("random", "ko") == f"무작위 (표준편차 {result.config['random_std']:g})"


def test_init_symmetry_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["init-symmetry-zero-identical"] == "book 6.2.1"
    assert sources["init-symmetry-zero-still-updates"] == "site"
    assert {c.figure for c in EXPERIMENT.claims} == {"fig-init-symmetry-spread", "fig-init-symmetry-accuracy"}


def test_init_symmetry_random_differ_claim_uses_the_figures_level():
    claim = next(c for c in EXPERIMENT.claims if c.id == "init-symmetry-random-differ")
    assert claim.threshold == DIFFER


def test_spread_data_has_a_row_per_start_seed_and_checkpoint(result):
    header, rows = figure_spec(EXPERIMENT, "fig-init-symmetry-spread").data(result)
    assert header == ["start", "seed", "iteration", "unit_spread", "distinct_units_at_end", "w1_max_change"]
    points = result.metrics.trace_iteration.shape[1]
    assert len(rows) == len(VARIANTS) * len(SEEDS) * points
    assert rows[0][:3] == ["zero", 0, 0]
    assert all(r[3] == 0 for r in rows if r[0] in ("zero", "constant"))


def test_spread_figure_says_the_equal_starts_sit_at_exactly_zero(result):
    fig = figure_spec(EXPERIMENT, "fig-init-symmetry-spread").draw(result, "en")
    assert "exactly 0" in " ".join(t.get_text() for t in fig.axes[0].texts)
    assert fig.axes[0].get_yscale() == "symlog"
    text = figure_text(fig)
    assert f"all {result.config['constant']:g}: 1 of {result.config['hidden_size']} units distinct" in text


def test_accuracy_data_has_loss_per_iteration_and_one_accuracy_per_run(result):
    header, rows = figure_spec(EXPERIMENT, "fig-init-symmetry-accuracy").data(result)
    assert header == ["start", "seed", "quantity", "iteration", "value", "smoothed_value"]
    runs = len(VARIANTS) * len(SEEDS)
    assert sum(r[2] == "train_loss" for r in rows) == runs * result.config["iterations"]
    accuracy = [r for r in rows if r[2] == "test_acc"]
    assert len(accuracy) == runs
    assert accuracy[-1][4] == pytest.approx(result.metrics.test_acc[-1, -1])


def test_accuracy_figure_labels_the_starts_in_korean(result):
    fig = figures.draw_accuracy(result, "ko")
    labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert labels == [result.axes["start"].label(v, "ko") for v in reversed(VARIANTS)]
    assert "우연 수준 10%" in figure_text(fig)
