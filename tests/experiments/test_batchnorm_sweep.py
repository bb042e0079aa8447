import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import batchnorm_sweep
from generator.experiments.base import validate
from generator.experiments.batchnorm_sweep import VARIANTS, figures
from generator.experiments.batchnorm_sweep.train import run, train_members
from tests.support import SEEDS, figure_text, load, quick_results, with_metrics

EXPERIMENT = batchnorm_sweep.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "batchnorm-sweep")


def with_plain_diverged(result, scale=0, seed=1, iteration=None):
    """The result with one plain network diverged at ``iteration`` (default: in epoch 2)."""
    per_epoch = result.config["n_train"] // result.config["batch_size"]
    iteration = per_epoch + 1 if iteration is None else iteration
    m = result.metrics
    plain = result.axes["variant"].index("plain")
    acc = np.array(m.train_acc, dtype=np.float64)
    acc[seed, scale, plain, -(-iteration // per_epoch):] = np.nan
    test = np.array(m.test_acc, dtype=np.float64)
    test[seed, scale, plain] = np.nan
    diverged_at = np.array(m.diverged_at)
    diverged_at[seed, scale, plain] = iteration
    return with_metrics(result, train_acc=acc, diverged_at=diverged_at, test_acc=test)


def test_batchnorm_sweep_quick_metrics_have_seed_scale_and_variant_axes():
    config = make_config()
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, K, V = 2, config.n_scales, len(VARIANTS)
    assert metrics["train_acc"].shape == (S, K, V, config.epochs + 1)
    assert metrics["test_acc"].shape == metrics["diverged_at"].shape == (S, K, V)
    np.testing.assert_array_equal(metrics["scales"], np.tile(config.scales, (S, 1)))
    assert np.isfinite(metrics["train_acc"]).all() and (metrics["diverged_at"] == -1).all()


def test_batchnorm_sweep_book_scales_are_the_books_logspace():
    np.testing.assert_allclose(batchnorm_sweep.Config().scales, np.logspace(0, -4, num=16))


def test_batchnorm_sweep_stacked_member_matches_member_trained_alone():
    config, data = make_config(), load_dataset("mnist-10k")
    stacked = run(config, data, seeds=(0, 1))
    for variant, batch_norm in enumerate((True, False)):
        alone = train_members(config, data, [(1, 2, batch_norm)])
        np.testing.assert_array_equal(alone["train_acc"][0], stacked["train_acc"][1, 2, variant])
        np.testing.assert_array_equal(alone["test_acc"][0], stacked["test_acc"][1, 2, variant])


def test_batchnorm_sweep_divergence_is_recorded_and_counts_as_zero():
    # Weights with std 10 in 100-unit layers overflow without batch norm within a few iterations.
    config = make_config(hidden_sizes=(100,) * 3, n_scales=2, log10_scale_max=1.0, log10_scale_min=0.0)
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0,))
    plain = VARIANTS.index("plain")
    assert metrics["diverged_at"][0, 0, plain] > 0
    assert np.isnan(metrics["train_acc"][0, 0, plain, -1]) and np.isnan(metrics["test_acc"][0, 0, plain])
    assert batchnorm_sweep.accuracy_at(metrics, "plain")[0, 0] == 0.0
    for claim in EXPERIMENT.claims:
        assert np.isfinite(claim.evaluate(metrics)["value"])


def test_batchnorm_sweep_share_higher_counts_ties_as_not_higher():
    acc = np.array([[0.9, 0.5], [0.5, 0.5], [0.4, np.nan]])  # (scales, variants): ahead, tie, plain diverged
    metrics = {"train_acc": np.repeat(acc[None, ..., None], 2, axis=-1)}  # (S, scales, V, epochs)
    np.testing.assert_allclose(batchnorm_sweep.share_higher_with_batch_norm(metrics), [2 / 3])


def test_batchnorm_sweep_spread_covers_scales_down_to_the_wide_minimum():
    scales = np.logspace(0, -4, num=5)  # 1, 0.1, 0.01, 0.001, 0.0001
    assert batchnorm_sweep.wide_scales(scales).tolist() == [True, True, True, False, False]
    final = np.array([[0.5, 0.9], [0.7, 0.1], [0.6, 0.1], [0.0, 0.1], [1.0, 0.1]])  # (scales, V)
    metrics = {"train_acc": final[None, ..., None], "scales": scales[None]}
    assert batchnorm_sweep.spread_over_wide_scales(metrics, "batch-norm") == pytest.approx([0.2])
    assert batchnorm_sweep.spread_over_wide_scales(metrics, "plain") == pytest.approx([0.8])


def test_batchnorm_sweep_config_rejects_inverted_scale_range():
    with pytest.raises(UserError, match="log10_scale_min"):
        validate(make_config(log10_scale_min=0.0, log10_scale_max=-1.0), "batchnorm-sweep")


def test_batchnorm_sweep_result_records_scale_and_variant_axes(result):
    scales = result.axes["scale"]
    assert scales.values == tuple(result.metrics.scales[0])
    assert scales.label(scales.values[0], "en") == "1"
    assert result.axes["variant"].values == VARIANTS
    assert result.axes["variant"].label("plain", "en") == "without batch normalization"
    assert result.axes["variant"].label("batch-norm", "ko") == "배치 정규화 사용"


def test_batchnorm_sweep_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["batchnorm-higher-final-accuracy"] == "book 6.3.2"
    assert sources["batchnorm-less-dependent-on-init"] == "book 6.3.1"
    assert sources["plain-fails-at-most-scales"] == "site"


def test_batchnorm_sweep_most_scales_claim_is_stricter_than_some_scales():
    claims = {c.id: c for c in EXPERIMENT.claims}
    some, most = claims["plain-fails-at-some-scales"], claims["plain-fails-at-most-scales"]
    assert some.statistic is most.statistic and most.threshold > some.threshold


def test_sweep_curves_has_a_panel_per_scale_titled_with_its_std(result):
    fig = figures.draw_sweep_curves(result, "en")
    titles = [ax.title.get_text() for ax in fig.axes if ax.get_visible()]
    assert titles == [f"W std = {s:.2g}" for s in result.metrics.scales[0]]


def test_sweep_curves_regenerates_the_books_figure():
    assert {spec.id: spec.book for spec in figures.FIGURES} == {
        "fig-batchnorm-sweep-curves": "6-19", "fig-batchnorm-sweep-final": None}


def test_sweep_curves_data_has_a_row_per_scale_variant_seed_and_epoch(result):
    header, rows = figures.data_sweep_curves(result)
    assert header == ["weight_std", "variant", "seed", "epoch", "train_acc", "diverged_at_epoch"]
    config = result.config
    assert len(rows) == config["n_scales"] * len(VARIANTS) * len(SEEDS) * (config["epochs"] + 1)
    assert rows[0][:4] == [1.0, "batch-norm", 0, 0]
    assert rows[0][4] == pytest.approx(result.metrics.train_acc[0, 0, 0, 0])


def test_diverged_epoch_counts_the_epoch_the_iteration_falls_in(result):
    per_epoch = result.config["n_train"] // result.config["batch_size"]
    for iteration, epoch in ((1, 1), (per_epoch, 1), (per_epoch + 1, 2)):
        fake = with_plain_diverged(result, iteration=iteration)
        assert figures.diverged_epoch(fake)[1, 0, 1] == epoch
        assert figures.diverged_epoch(fake)[0, 0, 1] == 0


def test_sweep_curves_marks_divergence_and_never_draws_it_as_a_number(result):
    fig = figures.draw_sweep_curves(with_plain_diverged(result), "en")
    first = fig.axes[0]
    assert any("no BN: diverged at epoch 2" in t.get_text() and "1/2 seeds" in t.get_text() for t in first.texts)
    crosses = [line for line in first.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == 2
    dashed = next(line for line in first.lines if line.get_linestyle() == "--" and len(line.get_xdata()) > 2)
    y = np.asarray(dashed.get_ydata(), dtype=np.float64)
    assert np.isfinite(y[:2]).all() and np.isnan(y[2:]).all()  # the mean breaks where a seed diverged


def test_sweep_final_puts_diverged_networks_in_their_own_strip(result):
    fake = with_plain_diverged(result)
    ax = figures.draw_sweep_final(fake, "en").axes[0]
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_ydata()[0] < 0
    assert any(t.get_text() == "1/2" for t in ax.texts)
    header, rows = figures.data_sweep_final(fake)
    row = next(r for r in rows if r[1] == "plain" and r[2] == 1 and r[0] == 1.0)
    assert np.isnan(row[3]) and row[5] == 2


def test_sweep_final_labels_the_variants_from_the_result_axis(result):
    text = figure_text(figures.draw_sweep_final(result, "ko"))
    assert "배치 정규화 사용" in text and "배치 정규화 없음" in text
