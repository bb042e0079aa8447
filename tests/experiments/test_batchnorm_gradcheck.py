import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import batchnorm_gradcheck
from generator.experiments.batchnorm_gradcheck import figures
from generator.experiments.batchnorm_gradcheck.config import biases_before_norm, checked_indices, param_names
from generator.experiments.batchnorm_gradcheck.train import run
from tests.support import SEEDS, figure_text, load, quick_results, with_metrics

EXPERIMENT = batchnorm_gradcheck.EXPERIMENT


@pytest.fixture(scope="module")
def quick_metrics():
    config = EXPERIMENT.preset("quick")
    return config, run(config, load_dataset("mnist-10k"), seeds=(0, 1))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "batchnorm-gradcheck")


def test_batchnorm_gradcheck_param_names_follow_the_network_order():
    assert param_names(2) == ("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3")
    assert biases_before_norm(2) == ("b1", "b2")
    assert checked_indices(2) == [0, 2, 3, 4, 6, 7, 8, 9]


def test_batchnorm_gradcheck_quick_metrics_are_seeds_by_parameters(quick_metrics):
    config, metrics = quick_metrics
    P = len(config.param_names)
    assert all(value.shape == (2, P) for value in metrics.values())
    assert metrics["entries"][0].tolist() == [784 * 8, 8, 8, 8, 8 * 8, 8, 8, 8, 8 * 10, 10]


def test_batchnorm_gradcheck_quick_gradients_agree_and_bias_before_norm_is_zero(quick_metrics):
    _, metrics = quick_metrics
    assert (batchnorm_gradcheck.worst_error(metrics) < batchnorm_gradcheck.AGREE).all()
    assert (batchnorm_gradcheck.worst_error(metrics, "max_rel_error_smooth_small_h") < batchnorm_gradcheck.AGREE).all()
    assert (batchnorm_gradcheck.bias_before_norm(metrics) < batchnorm_gradcheck.BIAS_ZERO).all()


def test_batchnorm_gradcheck_error_off_the_kinks_is_at_most_the_error_of_all_entries(quick_metrics):
    _, metrics = quick_metrics
    for suffix in ("", "_small_h"):
        smooth, every = metrics[f"max_rel_error_smooth{suffix}"], metrics[f"max_rel_error{suffix}"]
        assert (smooth <= every).all()
        no_kink = metrics[f"kink_entries{suffix}"] == 0
        np.testing.assert_array_equal(smooth[no_kink], every[no_kink])


def test_batchnorm_gradcheck_agreement_is_judged_off_the_kinks():
    names = param_names(2)
    metrics = {name: np.full((1, len(names)), 1e-9) for name in ("max_rel_error", "max_rel_error_smooth")}
    metrics["entries"] = np.ones((1, len(names)), dtype=int)
    metrics["max_rel_error"][0, names.index("W2")] = 4e-3  # one entry's step crossed a kink
    agree = next(c for c in EXPERIMENT.claims if c.id == "batchnorm-gradcheck-agree")
    assert agree.evaluate(metrics)["holds"]
    metrics["max_rel_error_smooth"][0, names.index("gamma1")] = 2e-2  # a wrong formula errs off the kinks too
    assert not agree.evaluate(metrics)["holds"]


def test_batchnorm_gradcheck_kink_share_counts_all_entries():
    metrics = {"kink_entries": np.array([[3, 0, 1], [0, 0, 0]]), "entries": np.array([[100, 50, 50], [100, 50, 50]])}
    np.testing.assert_allclose(batchnorm_gradcheck.kink_share(metrics), [0.02, 0.0])


def test_batchnorm_gradcheck_batch_of_one_leaves_only_the_last_bias(quick_metrics):
    config, metrics = quick_metrics
    expected = [1.0 if name == config.param_names[-1] else 0.0 for name in config.param_names]
    assert (metrics["nonzero_frac_batch1"] == expected).all()


def test_batchnorm_gradcheck_run_is_deterministic(quick_metrics):
    config, metrics = quick_metrics
    again = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    for name in metrics:
        assert np.array_equal(metrics[name], again[name]), name


def test_batchnorm_gradcheck_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["batchnorm-gradcheck-agree"] == "book 5.7.3"
    assert {sources[i] for i in sources if i != "batchnorm-gradcheck-agree"} == {"site"}


def test_batchnorm_gradcheck_result_records_the_parameter_axis(result):
    axis = result.axes["parameter"]
    assert axis.values == param_names(len(result.config["hidden_sizes"]))
    assert axis.label("gamma1", "en") == "γ1" and axis.label("beta2", "ko") == "β2"


def test_gradcheck_errors_draws_the_claims_thresholds(result):
    text = figure_text(figures.draw_gradcheck_errors(result, "en"))
    assert "claim threshold 10⁻⁶" in text and "threshold 10⁻⁸" in text
    assert "γ1" in text and "b1" in text


def test_gradcheck_errors_shows_every_point_and_counts_the_kinks(result):
    names = result.axes["parameter"].values
    every = np.array(result.metrics.max_rel_error, dtype=np.float64)
    kinks = np.array(result.metrics.kink_entries)
    w2 = names.index("W2")
    every[1, w2] = 4.1e-3  # seed 1's W2: one step across a kink, far above the old axis limit of 1e-3
    kinks[1, w2] = 1
    fig = figures.draw_gradcheck_errors(with_metrics(result, max_rel_error=every, kink_entries=kinks), "en")
    low, high = fig.axes[0].get_ylim()
    assert low < np.min(result.metrics.max_rel_error_smooth) and high > 4.1e-3
    text = figure_text(fig)
    assert "kink-crossing entries (all seeds):" in text and "all entries (kinks included): worst case" in text


def test_gradcheck_data_marks_the_biases_before_batch_norm(result):
    header, rows = figures.data_gradcheck_errors(result)
    assert header[:7] == ["seed", "parameter", "entries", "zero_by_design", "kink_entries", "max_rel_error_no_kink",
                          "max_rel_error_all"]
    names = param_names(len(result.config["hidden_sizes"]))
    assert len(rows) == len(SEEDS) * len(names)
    assert [r[1] for r in rows[: len(names)]] == list(names)
    assert {r[1] for r in rows if r[3]} == {"b1", "b2"}
    assert rows[0][5] == pytest.approx(result.metrics.max_rel_error_smooth[0, 0])
    assert rows[0][6] == pytest.approx(result.metrics.max_rel_error[0, 0])


def test_gradcheck_nonzero_data_has_both_batch_sizes(result):
    header, rows = figures.data_gradcheck_nonzero(result)
    assert header == ["seed", "parameter", "entries", "zero_by_design", "batch_size", "nonzero_frac"]
    names = param_names(len(result.config["hidden_sizes"]))
    assert len(rows) == len(SEEDS) * 2 * len(names)
    assert {r[4] for r in rows} == {result.config["batch_size"], 1}
    single = [r for r in rows if r[4] == 1 and r[0] == 0]
    assert [r[5] for r in single] == list(result.metrics.nonzero_frac_batch1[0])


def test_gradcheck_nonzero_legend_states_the_share_of_non_zero_entries(result):
    share = batchnorm_gradcheck.overall_nonzero(result.metrics, "nonzero_frac_batch1").mean()
    assert f"batch of 1: {share:.2%} of all entries non-zero" in figure_text(figures.draw_gradcheck_nonzero(result, "en"))
