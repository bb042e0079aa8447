import dataclasses

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import batchnorm_overfitting
from generator.experiments.batchnorm_overfitting import VARIANTS, final, figures, gap
from generator.experiments.batchnorm_overfitting.config import DENSE_END
from generator.experiments.batchnorm_overfitting.train import run
from tests.support import SEEDS, figure_text, load, quick_results, with_metrics

EXPERIMENT = batchnorm_overfitting.EXPERIMENT


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
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "batchnorm-overfitting")


def test_batchnorm_overfitting_quick_metrics_are_seeds_by_variants(quick_metrics):
    config = make_config()
    S, V, E = 2, len(VARIANTS), len(config.eval_epochs)
    assert quick_metrics["train_acc"].shape == quick_metrics["test_acc"].shape == (S, V, E)
    assert quick_metrics["loss"].shape == (S, V, config.epochs * (config.n_train // config.batch_size))
    assert quick_metrics["diverged_at"].shape == (S, V) and (quick_metrics["diverged_at"] == -1).all()
    assert quick_metrics["eval_epochs"].tolist() == [list(config.eval_epochs)] * S
    assert np.isfinite(quick_metrics["train_acc"]).all()


def test_batchnorm_overfitting_run_is_deterministic(quick_metrics, data):
    again = run(make_config(), data, seeds=(0, 1))
    for name in quick_metrics:
        assert np.array_equal(quick_metrics[name], again[name]), name


def test_batchnorm_overfitting_variants_of_a_seed_start_from_the_same_weights(quick_metrics):
    # Biases and β start at 0, so a ReLU network's untrained predictions do not change when dropout (×0.8) or
    # batch norm's untrained running statistics rescale each layer: equal weights give equal first accuracies.
    first = quick_metrics["train_acc"][:, :, 0]  # (S, V)
    assert (first == first[:, :1]).all()
    assert first[0, 0] != first[1, 0]


def test_batchnorm_overfitting_variants_switch_batch_norm_and_dropout():
    config = make_config()
    assert config.variant_settings() == ((False, 0.0), (True, 0.0), (False, config.dropout_ratio), (True, config.dropout_ratio))


def test_batchnorm_overfitting_measures_sparsely_then_every_epoch_at_the_end():
    epochs = EXPERIMENT.preset("book").eval_epochs
    assert epochs[:3] == (0, 5, 10) and epochs[-DENSE_END - 1 :] == tuple(range(190, 201))
    assert make_config(epochs=4).eval_epochs == (0, 1, 2, 3, 4)


def test_batchnorm_overfitting_measuring_less_often_changes_nothing_learnt(data):
    dense = run(make_config(epochs=14, eval_every=1), data, seeds=(0,))
    sparse = run(make_config(epochs=14, eval_every=3), data, seeds=(0,))
    kept = [list(range(15)).index(e) for e in sparse["eval_epochs"][0]]
    assert sparse["eval_epochs"][0].tolist() == [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert np.array_equal(dense["loss"], sparse["loss"])
    for name in ("train_acc", "test_acc"):
        assert np.array_equal(dense[name][..., kept], sparse[name]), name


def test_batchnorm_overfitting_claims_are_computed(quick_metrics):
    for claim in EXPERIMENT.claims:
        row = claim.evaluate(quick_metrics)
        assert row["seeds_total"] == 2 and isinstance(row["holds"], bool)
    narrows = next(c for c in EXPERIMENT.claims if c.id == "batchnorm-narrows-gap")
    np.testing.assert_allclose(narrows.statistic(quick_metrics), gap(quick_metrics, "plain") - gap(quick_metrics, "batch-norm"))


def test_batchnorm_overfitting_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources == {"batchnorm-narrows-gap": "article §2", "batchnorm-raises-test-accuracy": "site",
                       "batchnorm-less-need-for-dropout": "article §2"}


def test_batchnorm_overfitting_result_records_the_variant_axis(result):
    axis = result.axes["variant"]
    assert axis.values == VARIANTS
    assert axis.label("batch-norm-dropout", "en") == "batch normalization + dropout"
    assert axis.label("plain", "ko") == "둘 다 없음"


def test_curves_figure_states_the_claims_statistic(result):
    text = figure_text(figures.draw_curves(result, "en"))
    for variant in VARIANTS:
        train = final(result.metrics, "train_acc", variant).mean()
        test = final(result.metrics, "test_acc", variant).mean()
        assert f"train {train:.1%}, test {test:.1%}" in text


def test_curves_data_has_a_row_per_variant_seed_and_measurement(result):
    header, rows = figures.data_curves(result)
    assert header == ["variant", "seed", "epoch", "train_acc", "test_acc"]
    E = len(result.metrics.eval_epochs[0])
    assert len(rows) == len(VARIANTS) * len(SEEDS) * E
    assert rows[-1][2] == result.config["epochs"]


def test_compare_data_is_the_claims_statistic(result):
    header, rows = figures.data_compare(result)
    assert header == ["variant", "seed", "final_test_acc", "final_train_minus_test_acc"]
    assert len(rows) == len(VARIANTS) * len(SEEDS)
    assert rows[0][2] == pytest.approx(final(result.metrics, "test_acc", "plain")[0])
    assert rows[0][3] == pytest.approx(gap(result.metrics, "plain")[0])


def test_diverged_seed_is_named_on_the_curves(result):
    train = np.array(result.metrics.train_acc, dtype=np.float64)
    train[1, 1, 2:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, 1] = 3
    fake = with_metrics(result, train_acc=train, diverged_at=diverged_at)
    assert "1/2 seeds diverged" in figure_text(figures.draw_curves(fake, "en"))


def test_diverged_seed_is_named_on_the_comparison(result):
    test = np.array(result.metrics.test_acc, dtype=np.float64)
    test[0, 2, 2:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[0, 2] = 3
    fake = with_metrics(result, test_acc=test, diverged_at=diverged_at)
    assert "1 diverged" in figure_text(figures.draw_compare(fake, "en"))
