import dataclasses

import numpy as np
import pytest

from generator.experiments import dropout_ratio, hyperparameter_search
from generator.results import Claims
from generator.site.facts import SiteInputs
from generator.site.facts.hyperparameters import facts
from generator.site.korean import particle_problems
from tests.support import anchors, load, make_result, quick_results, render_page

AXES = [
    ("round", (1, 2), ("1차", "2차"), ("round 1", "round 2")),
    ("hyperparameter", ("lr", "weight_decay"), ("학습률", "λ"), ("learning rate", "λ")),
    ("bound", ("low", "high"), ("하한", "상한"), ("low", "high")),
]
CONFIG = {"n_samples": 500, "validation_fraction": 0.2, "hidden_sizes": [100] * 6, "batch_size": 100, "epochs": 1,
          "trials": 4, "round2_trials": 4, "top_k": 2, "log10_lr_min": -6.0, "log10_lr_max": -2.0,
          "log10_wd_min": -8.0, "log10_wd_max": -4.0, "grid_size": 1}
DROPOUT_CONFIG = {"n_train": 300, "hidden_sizes": [100] * 6, "lr": 0.01, "batch_size": 100, "epochs": 3,
                  "ratios": [0.0, 0.1, 0.5], "test_window": 2}
RATIO_AXIS = ("ratio", (0.0, 0.1, 0.5), ("0", "0.1", "0.5"), ("0", "0.1", "0.5"))
NAN = np.nan


def make_dropout_metrics(**changed):
    """Two seeds, ratios 0, 0.1 and 0.5, a test window of two: train 1.0 / 0.95 / 0.7, test 0.7 / 0.72 / 0.66 on average."""
    train = np.zeros((2, 3, 4))
    train[:, :, -2:] = np.array([[1.0, 0.96, 0.72], [1.0, 0.94, 0.68]])[:, :, None]
    test = np.array([[0.71, 0.73, 0.66], [0.69, 0.71, 0.66]])[:, :, None].repeat(2, axis=-1)
    metrics = {"train_acc": train, "test_acc": test, "diverged_at": np.full((2, 3), -1)}
    metrics.update(changed)
    return metrics


def make_metrics(**changed):
    """Two seeds, four trials a round, two evaluations (epochs 0 and 1); round 1's best is trial 1."""
    final1 = np.array([[0.5, 0.8, 0.3, 0.6], [0.4, 0.7, 0.2, 0.6]])
    final2 = np.array([[0.79, 0.7, 0.6, 0.5], [0.75, 0.6, 0.5, 0.4]])
    metrics = {
        "lr": np.array([[1e-4, 5e-3, 1e-6, 2e-3], [1e-4, 8e-3, 1e-6, 1e-3]]),
        "weight_decay": np.array([[1e-5, 1e-7, 1e-6 * 0.5, 1e-5], [1e-7, 1e-5, 1e-5, 1e-7]]),
        "val_acc": np.stack([np.full_like(final1, 0.1), final1], axis=-1),
        "round2_val_acc": np.stack([np.full_like(final2, 0.1), final2], axis=-1),
        "top_trials": np.array([[1, 3], [1, 3]]),
        "round2_log10_range": np.array([[[-2.7, -2.3], [-7.0, -5.0]], [[-3.0, -2.1], [-7.0, -5.0]]]),
        "best_round": np.array([1, 2]),
        "best_lr": np.array([5e-3, 4e-3]),
        "best_weight_decay": np.array([1e-7, 2e-6]),
        "best_val_acc": np.array([0.8, 0.75]),
        "test_acc": np.array([0.7, 0.66]),
        "diverged_at": np.full((2, 4), -1),
        "round2_diverged_at": np.full((2, 4), -1),
        "final_diverged_at": np.full(2, -1),
        "grid_lr": np.array([[1e-3], [1e-3]]),
        "grid_weight_decay": np.array([[1e-6], [1e-6]]),
        "grid_val_acc": np.array([[[0.1, 0.5]], [[0.1, 0.6]]]),
        "grid_diverged_at": np.full((2, 1), -1),
        "log10_range": np.array([[[-6.0, -2.0], [-8.0, -4.0]]] * 2),
    }
    metrics.update(changed)
    return metrics


VARIANTS = ("baseline", "weight-decay", "dropout", "inverted-dropout")


def make_overfitting(ratio=0.1, dropout_epochs=4, baseline=(0.71, 0.69)):
    """The regularization page's result: baseline for 3 epochs, dropout (at ``ratio``) for ``dropout_epochs``;
    test accuracy 0.6 for dropout everywhere, ``baseline`` per seed for the runs without it."""
    test = np.zeros((2, 4, 5))
    test[:, 0] = np.array(baseline)[:, None]
    test[:, 2] = 0.6
    epochs = np.array([[3, 3, dropout_epochs, dropout_epochs]] * 2)
    axis = ("variant", VARIANTS, VARIANTS, VARIANTS)
    return make_result("overfitting", {"dropout_ratio": ratio}, {"test_acc": test, "epochs": epochs}, axes=[axis])


def inputs(metrics=None, preset="test", dropout=None, overfitting=None, **config):
    result = make_result("hyperparameter-search", {**CONFIG, **config}, metrics or make_metrics(), axes=AXES)
    result = dataclasses.replace(result, preset=preset)
    sweep = make_result("dropout-ratio", DROPOUT_CONFIG, dropout or make_dropout_metrics(), axes=[RATIO_AXIS])
    sweep = dataclasses.replace(sweep, preset=preset)
    results = {"hyperparameter-search": result, "dropout-ratio": sweep}
    if overfitting is not None:
        results["overfitting"] = overfitting
    return SiteInputs(results, Claims(), provenance=None)


def test_hyperparameters_facts_describe_the_split_and_the_search():
    f = facts(inputs())
    assert (f.n_validation, f.n_train, f.hidden_layers, f.hidden_widths) == (100, 400, 6, (100,))
    assert (f.grid_values, f.trials_per_seed, f.lr_decades, f.wd_decades) == (2, 8, 4.0, 4.0)
    assert f.lr_max == pytest.approx(1e-2)
    assert not f.book_preset and facts(inputs(preset="book")).book_preset


def test_hyperparameters_facts_table_row_per_seed():
    metrics = make_metrics(best_round=np.array([1, 0]), best_lr=np.array([5e-3, NAN]),
                           test_acc=np.array([0.7, NAN]))
    first, second = facts(inputs(metrics)).rows
    assert (first.lr_low, first.lr_high) == pytest.approx((10**-2.7, 10**-2.3))
    assert (first.best_val_round1, first.best_val_round2) == (0.8, 0.79)
    assert first.chosen.en == "round 1" and first.chosen_lr == 5e-3 and first.test_acc == 0.7
    assert second.chosen is None and second.test_acc is None


def test_hyperparameters_facts_first_seed_top_trials_skip_padding():
    f = facts(inputs(make_metrics(top_trials=np.array([[1, -1], [1, 3]]))))
    assert (f.first_seed_best_val, f.first_seed_last_top_val, f.first_seed_top_count) == (0.8, 0.8, 1)
    f = facts(inputs(make_metrics(top_trials=np.array([[-1, -1], [1, 3]]))))
    assert f.first_seed_best_val is None and f.first_seed_top_count == 0


def test_hyperparameters_facts_learning_rates_span_every_seed():
    f = facts(inputs())
    assert (f.top_lr_low, f.top_lr_high) == pytest.approx((1e-3, 10**-2.1))
    assert f.lr_at_ceiling  # 0.1 decades below the largest sampled rate
    assert not facts(inputs(log10_lr_max=-1.0)).lr_at_ceiling
    assert f.top_wd_span == pytest.approx(2.0)


def test_hyperparameters_facts_weight_decay_counts_pool_the_top_trials():
    # Top trials 1 and 3 of each seed: λ 1e-7 and 1e-5, then 1e-5 and 1e-7; the padding is not counted.
    f = facts(inputs(make_metrics(top_trials=np.array([[1, 3], [1, -1]]))))
    assert (f.top_count, f.top_below_count, f.top_below_share) == (3, 1, pytest.approx(1 / 3))
    assert f.all_below_share == pytest.approx(0.5)
    assert f.chance_below == pytest.approx(0.5)


def test_hyperparameters_facts_round2_gain_is_signed_and_judged_in_images():
    f = facts(inputs())
    # Round 2's best minus round 1's: -0.01 and +0.05, a mean of +2 points, two validation images.
    assert f.round2_best_gain == pytest.approx(0.02)
    assert not f.round2_marked_gain and f.one_image == pytest.approx(0.01)
    worse = make_metrics(round2_val_acc=np.stack([np.full((2, 4), 0.1), np.full((2, 4), 0.4)], axis=-1))
    f = facts(inputs(worse))
    assert f.round2_best_gain == pytest.approx(-0.35) and not f.round2_mean_higher


def test_hyperparameters_facts_compare_rounds_and_test_with_validation():
    f = facts(inputs())
    assert f.round1_mean_val == pytest.approx(np.mean([0.5, 0.8, 0.3, 0.6, 0.4, 0.7, 0.2, 0.6]))
    assert f.round2_mean_higher
    assert f.test_mean == pytest.approx(0.68) and f.best_val_mean == pytest.approx(0.775)
    assert f.test_below_validation and f.validation_minus_test == pytest.approx(0.095)
    assert f.test_accs == (0.7, 0.66)


def test_hyperparameters_facts_count_diverged_trials():
    assert facts(inputs()).none_diverged
    diverged = np.full((2, 4), -1)
    diverged[1, 2] = 5
    val_acc = make_metrics()["val_acc"].copy()
    val_acc[1, 2, -1] = NAN
    f = facts(inputs(make_metrics(diverged_at=diverged, val_acc=val_acc)))
    assert (f.diverged_round1, f.diverged_round2, f.diverged_final, f.none_diverged) == (1, 0, 0, False)
    assert (f.trials_round1_total, f.trials_round2_total) == (8, 8)
    assert f.round1_mean_val == pytest.approx(np.mean([0.5, 0.8, 0.3, 0.6, 0.4, 0.7, 0.6]))


def test_hyperparameters_facts_dropout_rows_average_the_window_over_seeds():
    d = facts(inputs()).dropout
    assert [r.ratio for r in d.rows] == [0.0, 0.1, 0.5]
    assert d.baseline.train == pytest.approx(1.0) and d.baseline.test == pytest.approx(0.7)
    assert d.smallest.gap == pytest.approx(0.95 - 0.72) and d.largest.train == pytest.approx(0.7)
    assert d.best_test.ratio == 0.1 and not d.best_is_no_dropout
    assert (d.window, d.epochs, d.hidden_layers, d.diverged, d.first_window_epoch) == (2, 3, 6, 0, 2)
    assert not d.book_preset and d.stalled_from is None and d.stalled_signal is None


def test_hyperparameters_facts_dropout_names_the_first_ratio_that_does_not_learn():
    metrics = make_dropout_metrics()
    metrics["train_acc"][:, 2, -2:] = 0.13
    metrics["train_acc"][:, 0, -2:] = 0.15  # no dropout failing to learn says nothing about dropout
    d = facts(inputs(dropout=metrics)).dropout
    assert d.stalled_from == 0.5 and d.stalled_signal == pytest.approx(0.5**6)


def test_hyperparameters_facts_dropout_row_is_empty_where_a_seed_diverged():
    metrics = make_dropout_metrics(diverged_at=np.array([[-1, -1, 2], [-1, -1, -1]]))
    metrics["test_acc"][0, 2] = NAN
    d = facts(inputs(dropout=metrics)).dropout
    assert d.largest.test is None and d.largest.gap is None
    assert d.best_test.ratio == 0.1 and d.diverged == 1


def test_hyperparameters_facts_dropout_same_setting_as_the_regularization_page():
    # The regularization page drops 0.1 here: this sweep's 0.72 over epochs 2-3 (0.73 and 0.71 by seed)
    # against that run's 0.6 over the same epochs; no dropout is the same run on both pages.
    same = facts(inputs(overfitting=make_overfitting())).dropout.same_setting
    assert (same.ratio, same.first_epoch, same.last_epoch, same.there_epochs) == (0.1, 2, 3, 4)
    assert same.here == pytest.approx(0.72) and (same.here_low, same.here_high) == pytest.approx((0.71, 0.73))
    assert same.there == pytest.approx(0.6) and same.baseline_same


def test_hyperparameters_facts_dropout_same_setting_without_that_run():
    assert not facts(inputs(overfitting=make_overfitting(baseline=(0.5, 0.5)))).dropout.same_setting.baseline_same
    assert facts(inputs(overfitting=make_overfitting(ratio=0.3))).dropout.same_setting is None  # not a ratio of the sweep
    assert facts(inputs(overfitting=make_overfitting(dropout_epochs=2))).dropout.same_setting is None  # stops before the window
    assert facts(inputs()).dropout.same_setting is None  # no regularization result in this build


def test_hyperparameters_facts_grid_against_random_search():
    # A one-point grid: the random search of the same budget is one round-1 trial, so its expected best is
    # the mean of the round's final accuracies (0.55 and 0.475); the grids reach 0.5 and 0.6.
    g = facts(inputs()).grid
    assert (g.size, g.trials) == (1, 1)
    assert g.grid_best == pytest.approx(0.55) and g.random_best == pytest.approx((0.55 + 0.475) / 2)
    assert g.random_ahead_chance == pytest.approx((0.5 + 0.25) / 2)
    assert (g.seeds_random_ahead, g.seeds_grid_best_at_top_lr, g.diverged) == (1, 2, 0)


def test_hyperparameters_facts_early_ranking_and_halving():
    e = facts(inputs()).early
    assert e.epoch == 1 and e.agreement == ((1, pytest.approx(1.0)),)
    assert e.rungs == ((1, 4),)  # one epoch leaves nothing to halve
    assert e.halving_share == pytest.approx(1.0) and e.full_epochs == 4
    assert e.same_pick == 2
    assert (e.as_good, e.best_dropped_first, e.worst_behind, e.first_rung_epoch) == (2, 0, 0.0, 1)
    assert (e.strong_from, e.updates_per_epoch, e.early_updates) == (1, 4, 4)


def test_hyperparameters_facts_halving_that_drops_the_best_at_the_first_rung():
    # Three epochs: every trial runs to epoch 1, then only the best one to epoch 3. Trial 0 starts worst
    # and ends best in seed 0, so halving keeps trial 1 there and ends 0.2 behind.
    curves = np.array([[0.1, 0.05, 0.5, 0.9], [0.1, 0.3, 0.5, 0.7], [0.1, 0.2, 0.3, 0.4], [0.1, 0.1, 0.2, 0.3]])
    second = curves.copy()
    second[0, 1] = 0.35  # seed 1: the trial that ends best also leads at epoch 1
    e = facts(inputs(make_metrics(val_acc=np.stack([curves, second])), epochs=3)).early
    assert e.rungs == ((1, 4), (3, 1)) and e.first_rung_epoch == 1
    assert (e.best_dropped_first, e.as_good, e.same_pick) == (1, 1, 1)
    assert e.worst_behind == pytest.approx(0.2)
    assert e.halving_share == pytest.approx((4 * 1 + 2) / 12)


def test_hyperparameters_facts_scale_shares_of_the_good_region():
    sc = facts(inputs()).scale
    # regions [-2.7, -2.3] and [-3.0, -2.1] of a four-decade range
    assert sc.log_good == pytest.approx((0.4 / 4 + 0.9 / 4) / 2)
    assert sc.region_low == pytest.approx(1e-3) and sc.region_high == pytest.approx(10**-2.1)
    assert sc.region_decades == pytest.approx(0.65) and sc.region_in_top_decade
    assert sc.log_lower == pytest.approx(sc.log_good) and sc.linear_lower < sc.log_lower < sc.linear_good
    assert sc.lower2_ratio > sc.lower_ratio > 1
    assert sc.linear_top_decade == pytest.approx(0.9 / 0.9999)
    assert sc.crossover == pytest.approx(0.009999 / (np.log(10) * 4))


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (dropout_ratio.EXPERIMENT, hyperparameter_search.EXPERIMENT))


def test_hyperparameters_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "hyperparameters")
    experiments = (dropout_ratio.EXPERIMENT, hyperparameter_search.EXPERIMENT)
    figure_ids = [spec.id for experiment in experiments for spec in experiment.figure_specs()]
    for page in pages.values():
        positions = [page.index(f'id="{figure_id}"') for figure_id in figure_ids]
        assert positions == sorted(positions) and all(page.count(f'id="{i}"') == 1 for i in figure_ids)
        assert "{{" not in page.split("??? quote")[0]
        for claim in (claim for experiment in experiments for claim in experiment.claims):
            assert page.count(f'data-claim="{claim.id}"') == 1  # in one evidence box, linked to the claims page
        for name in ("sample", "validation_split", "narrowed_range", "grid", "successive_halving"):
            assert f' · {name}"' in page  # the code that ran, beside the idea
        assert "**quick**" in page  # the warning that these are not the book's settings
        assert "claims.md#claim-search-good-weight-decay-below-1e-6" in page  # the book's λ band, judged by its claim
        assert "claims-hyperparameters" not in anchors(page)  # verdicts stand in the sections' boxes, not in a list at the end
    assert anchors(pages["ko"]) == anchors(pages["en"])


def test_hyperparameters_page_shows_each_seeds_test_accuracy_and_their_mean(results_dir):
    test_acc = load(results_dir, "hyperparameter-search").metrics.test_acc
    page = render_page(results_dir, "hyperparameters")["en"]
    assert f"{100 * test_acc[0]:.1f}%" in page
    assert f"{100 * np.mean(test_acc):.1f}%" in page


def test_hyperparameters_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "hyperparameters", mark_insertions=True)["ko"]) == []
