import dataclasses
import itertools

import numpy as np
import pytest

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments import hyperparameter_search as search
from generator.experiments.base import validate
from generator.experiments.hyperparameter_search import figures
from generator.experiments.hyperparameter_search.train import GRID_KEY, grid, run, search_round, train_settings, validation_split
from tests.support import SEEDS, figure_text, load, quick_results, with_metrics

EXPERIMENT = search.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), EXPERIMENT.id)


def with_diverged_trial(result, seed_index=1, trial=2, epoch=1):
    """The result with one round-1 trial of one seed diverged from ``epoch`` on, as the trainer records it."""
    m = {name: np.array(result.metrics[name]) for name in ("val_acc", "train_acc", "diverged_at", "top_trials")}
    for name in ("val_acc", "train_acc"):
        m[name] = m[name].astype(np.float64)
        m[name][seed_index, trial, epoch:] = np.nan
    m["diverged_at"][seed_index, trial] = 3
    m["top_trials"][seed_index] = [i for i in m["top_trials"][seed_index] if i != trial] + [-1]
    return with_metrics(result, **m)


def test_hyperparameter_search_quick_metrics_have_seed_and_trial_axes():
    config = make_config()
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    S, E = 2, config.epochs + 1
    for prefix, n in (("", config.trials), ("round2_", config.round2_trials)):
        assert metrics[f"{prefix}val_acc"].shape == metrics[f"{prefix}train_acc"].shape == (S, n, E)
        assert metrics[f"{prefix}lr"].shape == metrics[f"{prefix}weight_decay"].shape == (S, n)
        assert metrics[f"{prefix}diverged_at"].shape == (S, n)
        assert metrics[f"{prefix}top_trials"].shape == (S, config.top_k)
    assert metrics["round2_log10_range"].shape == (S, 2, 2)
    for name in ("best_lr", "best_weight_decay", "best_val_acc", "best_round", "best_trial", "test_acc", "final_diverged_at"):
        assert metrics[name].shape == (S,)
    assert np.isfinite(metrics["test_acc"]).all()
    G = config.grid_trials
    assert metrics["grid_lr"].shape == metrics["grid_weight_decay"].shape == metrics["grid_diverged_at"].shape == (S, G)
    assert metrics["grid_val_acc"].shape == (S, G, E)
    assert metrics["log10_range"].shape == (S, 2, 2)


def test_hyperparameter_search_samples_lie_in_their_ranges():
    config = make_config(trials=50, round2_trials=50, epochs=1)
    metrics = run(config, load_dataset("mnist-10k"), seeds=(3,))
    for name, (low, high) in zip(("lr", "weight_decay"), config.log10_range):
        logs = np.log10(metrics[name])
        assert (logs >= low).all() and (logs <= high).all()
        assert logs.max() - logs.min() > 0.8 * (high - low)
    for row, name in enumerate(("round2_lr", "round2_weight_decay")):
        low, high = metrics["round2_log10_range"][0, row]
        assert config.log10_range[row, 0] <= low < high <= config.log10_range[row, 1]
        logs = np.log10(metrics[name])
        assert (logs >= low).all() and (logs <= high).all()


def test_hyperparameter_search_narrowed_range_spans_the_top_trials():
    metrics = run(make_config(), load_dataset("mnist-10k"), seeds=(0,))
    top = metrics["top_trials"][0]
    expected = [[np.log10(metrics[name][0, top]).min(), np.log10(metrics[name][0, top]).max()] for name in ("lr", "weight_decay")]
    np.testing.assert_allclose(metrics["round2_log10_range"][0], expected)
    final = metrics["val_acc"][0, :, -1]
    assert final[top].min() >= np.delete(final, top).max()


def test_hyperparameter_search_stacked_trial_matches_trial_trained_alone():
    config, data = make_config(), load_dataset("mnist-10k")
    seed, trial = 1, 4
    stacked = search_round(config, data, seed, 1, config.log10_range)
    train_index, val_index = validation_split(config, seed)
    x, t = data.x_train[train_index], data.y_train[train_index]
    evaluate = {"val": (data.x_train[val_index], data.y_train[val_index]), "train": (x, t)}
    _, alone = train_settings(
        config, x, t, [(seed, 1, trial)], stacked["lr"][trial : trial + 1], stacked["weight_decay"][trial : trial + 1], evaluate
    )
    np.testing.assert_array_equal(alone.accuracy["val"][0], stacked["val_acc"][trial])
    np.testing.assert_array_equal(alone.accuracy["train"][0], stacked["train_acc"][trial])


def test_hyperparameter_search_diverged_trials_never_win():
    # Learning rates up to 10^3 overflow some of these networks within a few iterations.
    config = make_config(hidden_sizes=(32, 32, 32), log10_lr_min=-3.0, log10_lr_max=3.0)
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0,))
    diverged = np.concatenate([metrics["diverged_at"][0], metrics["round2_diverged_at"][0]]) > 0
    final = np.concatenate([metrics["val_acc"][0, :, -1], metrics["round2_val_acc"][0, :, -1]])
    lrs = np.concatenate([metrics["lr"][0], metrics["round2_lr"][0]])
    assert diverged.any() and not diverged.all()
    assert np.isnan(final[diverged]).all()
    assert metrics["best_val_acc"][0] == np.nanmax(final)
    assert metrics["best_lr"][0] in lrs[~diverged]
    assert not set(metrics["top_trials"][0].tolist()) & set(np.flatnonzero(metrics["diverged_at"][0] > 0).tolist())


def test_hyperparameter_search_config_rejects_top_k_above_trials():
    with pytest.raises(UserError, match="top_k"):
        validate(make_config(trials=4, top_k=5), "hyperparameter-search")


def test_ranking_leaves_out_nan_and_breaks_ties_by_index():
    np.testing.assert_array_equal(search.ranking([0.5, np.nan, 0.7, 0.5]), [2, 0, 3])


def test_spearman_averages_tied_ranks():
    assert search.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert search.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    np.testing.assert_allclose(search.average_ranks([0.2, 0.1, 0.2, 0.3]), [1.5, 0.0, 1.5, 3.0])
    assert np.isnan(search.spearman([1, 1, 1], [1, 2, 3]))


def test_top_log10_is_nan_where_fewer_trials_finished():
    metrics = {"lr": np.array([[1e-3, 1e-2, 1e-5]]), "top_trials": np.array([[1, 0, -1]])}
    np.testing.assert_allclose(search.top_log10(metrics, "lr"), [[-2.0, -3.0, np.nan]])
    assert search.top_lr_spread(metrics) == pytest.approx([1.0])
    assert search.share_of_top_above(metrics) == pytest.approx([0.5])


def test_weight_decay_excess_below_compares_the_top_with_every_draw():
    # Four draws, half of them below 10^-6; both top trials are below: an excess of 50 points.
    metrics = {"weight_decay": np.array([[1e-7, 1e-5, 1e-8, 1e-4]]), "top_trials": np.array([[0, 2]])}
    top, every = search.share_below(metrics)
    assert (top[0], every[0]) == (1.0, 0.5)
    assert search.weight_decay_excess_below(metrics) == pytest.approx([0.5])


def test_hyperparameter_search_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["search-good-weight-decay-below-1e-6"] == "book 6.5.3"
    assert sources["search-narrowing-keeps-best"] == "book 6.5.2"
    assert sources["search-weight-decay-matters-less"] == "site"
    units = {c.id: c.unit for c in EXPERIMENT.claims}
    assert units["search-top-lr-narrow-band"] == "decades" and units["search-narrowing-keeps-best"] == "pp"


def test_hyperparameter_search_claims_point_at_their_figures():
    referenced = {claim.figure for claim in EXPERIMENT.claims}
    assert referenced == {"fig-hyperparameter-search-scatter", "fig-hyperparameter-search-rounds",
                          "fig-hyperparameter-search-grid", "fig-hyperparameter-search-early",
                          "fig-hyperparameter-search-scale"}
    assert referenced <= {spec.id for spec in EXPERIMENT.figure_specs()}


def test_hyperparameter_search_result_records_rounds_and_hyperparameters(result):
    assert result.axes["round"].values == (1, 2)
    assert result.axes["round"].label(2, "ko") == "2차"
    assert result.axes["hyperparameter"].label("lr", "en") == "learning rate"
    assert result.axes["bound"].values == ("low", "high")


def test_top_figure_regenerates_the_books_figure():
    assert [spec.book for spec in EXPERIMENT.figure_specs()] == ["6-24"] + [None] * 6


def test_top_panels_are_titled_by_rank_with_lr_and_weight_decay(result):
    fig = figures.draw_top(result, "en")
    k = result.config["top_k"]
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == k
    best = int(result.metrics.top_trials[0, 0])
    lr = figures.sci(result.metrics.lr[0, best])
    assert titles[0].startswith(f"Best-1: lr = {lr}")
    assert "wd = " in titles[0]


def test_sci_is_short_and_signed():
    assert figures.sci(0.0052) == "5.2e-3"
    assert figures.sci(3.1e-07) == "3.1e-7"
    assert figures.sci(12.0) == "1.2e1"


def test_top_data_is_the_first_seeds_top_trials_per_epoch(result):
    header, rows = figures.data_top(result)
    assert header == ["seed", "rank", "trial", "lr", "weight_decay", "epoch", "val_acc", "train_acc"]
    c, m = result.config, result.metrics
    assert len(rows) == c["top_k"] * (c["epochs"] + 1)
    assert {r[0] for r in rows} == {SEEDS[0]}
    best = int(m.top_trials[0, 0])
    last = rows[c["epochs"]]
    assert last[1:3] == [1, best] and last[5] == c["epochs"]
    assert last[6] == pytest.approx(m.val_acc[0, best, -1]) and last[7] == pytest.approx(m.train_acc[0, best, -1])


def test_top_seeds_data_has_every_trial_of_every_seed(result):
    header, rows = figures.data_top_seeds(result)
    assert header == ["seed", "trial", "rank", "lr", "weight_decay", "diverged_at", "epoch", "val_acc"]
    c = result.config
    assert len(rows) == len(SEEDS) * c["trials"] * (c["epochs"] + 1)
    ranked = {(r[0], r[1]) for r in rows if r[2] is not None}
    assert len(ranked) == len(SEEDS) * c["top_k"]


def test_scatter_data_has_both_rounds_and_their_ranges(result):
    header, rows = figures.data_scatter(result)
    assert header[:8] == ["seed", "round", "trial", "lr", "weight_decay", "final_val_acc", "diverged_at", "rank"]
    c, m = result.config, result.metrics
    assert len(rows) == len(SEEDS) * (c["trials"] + c["round2_trials"])
    first = rows[0]
    assert first[8:] == pytest.approx([10.0 ** c["log10_lr_min"], 10.0 ** c["log10_lr_max"],
                                       10.0 ** c["log10_wd_min"], 10.0 ** c["log10_wd_max"]])
    round2 = next(r for r in rows if r[1] == 2 and r[0] == SEEDS[1])
    assert round2[8:] == pytest.approx(list(10.0 ** np.asarray(m.round2_log10_range[1]).ravel()))


def test_scatter_axes_are_labelled_from_the_result(result):
    text = figure_text(figures.draw_scatter(result, "ko"))
    assert "가중치 감소 계수 λ" in text and "2차 탐색 범위" in text


def test_rounds_data_has_every_trial_and_one_test_row_per_seed(result):
    header, rows = figures.data_rounds(result)
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
    header, rows = figures.data_scatter(broken)
    row = next(r for r in rows if r[0] == SEEDS[1] and r[1] == 1 and r[2] == 2)
    assert np.isnan(row[5]) and row[6] == 3 and row[7] is None
    fig = figures.draw_scatter(broken, "en")
    marked = [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() == "X" and len(line.get_xdata())]
    assert len(marked) == 1
    assert "diverged (1)" in figure_text(fig)
    _, ranked = figures.data_rounds(broken)
    last = [r for r in ranked if r[0] == SEEDS[1] and r[1] == "round1"][-1]
    assert last[3] == 2 and last[2] is None and np.isnan(last[7])
    assert "1 diverged" in figure_text(figures.draw_top_seeds(broken, "en"))
    assert "diverged: 1 in round 1, 0 in round 2" in figure_text(figures.draw_rounds(broken, "en"))


def test_grid_is_evenly_spaced_in_log_and_shifted_per_seed():
    config = EXPERIMENT.preset("book")
    lr, weight_decay = grid(config, 0)
    assert lr.shape == weight_decay.shape == (16,)
    for values, (low, high) in zip((lr, weight_decay), config.log10_range):
        logs = np.unique(np.log10(values))
        assert len(logs) == 4 and low < logs[0] and logs[-1] < high
        np.testing.assert_allclose(np.diff(logs), (high - low) / 4)
        assert logs[0] - low < (high - low) / 4  # one point in each quarter of the range
    assert np.array_equal(grid(config, 0)[0], lr)
    assert not np.array_equal(grid(config, 1)[0], lr)
    assert len(set(lr[:4])) == 1  # lr-major: the first row shares one learning rate


def test_grid_trials_train_on_the_round_1_split_with_their_own_streams():
    config, data = make_config(), load_dataset("mnist-10k")
    metrics = run(config, data, seeds=(1,))
    lr, weight_decay = grid(config, 1)
    np.testing.assert_array_equal(metrics["grid_lr"][0], lr)
    train_index, val_index = validation_split(config, 1)
    x, t = data.x_train[train_index], data.y_train[train_index]
    evaluate = {"val": (data.x_train[val_index], data.y_train[val_index])}
    _, alone = train_settings(config, x, t, [(1, GRID_KEY, 2)], lr[2:3], weight_decay[2:3], evaluate)
    np.testing.assert_array_equal(alone.accuracy["val"][0], metrics["grid_val_acc"][0, 2])


def test_hyperparameter_search_config_rejects_a_grid_larger_than_round_1():
    with pytest.raises(UserError, match="grid_size"):
        validate(make_config(trials=6, top_k=3, grid_size=3), "hyperparameter-search")


def test_best_of_random_matches_every_subset_counted():
    final = [0.3, 0.5, np.nan, 0.5, 0.1]
    values, probs = search.best_of_random(final, 3)
    subsets = list(itertools.combinations(np.nan_to_num(final), 3))
    assert probs.sum() == pytest.approx(1.0)
    assert np.dot(values, probs) == pytest.approx(np.mean([max(c) for c in subsets]))
    metrics = {"val_acc": np.array(final)[None, :, None], "grid_lr": np.zeros((1, 3)),
               "grid_val_acc": np.array([[[0.2], [0.3], [np.nan]]])}
    assert search.grid_best(metrics) == pytest.approx([0.3])
    assert search.random_beats_grid_chance(metrics) == pytest.approx([np.mean([max(c) > 0.3 for c in subsets])])
    assert search.random_minus_grid(metrics) == pytest.approx([np.mean([max(c) for c in subsets]) - 0.3])
    assert search.random_best_quantile(metrics, 0.05) == pytest.approx([0.3])
    assert search.random_best_quantile(metrics, 0.95) == pytest.approx([0.5])


def test_grid_best_is_nan_when_every_grid_trial_diverged():
    metrics = {"grid_val_acc": np.array([[[np.nan], [np.nan]], [[0.1], [np.nan]]])}
    np.testing.assert_array_equal(search.grid_best(metrics), [np.nan, 0.1])


def test_halving_rungs_keep_a_third_and_end_with_the_full_training():
    assert search.halving_rungs(100, 50) == ((2, 100), (6, 33), (17, 11), (50, 3))
    assert search.halving_rungs(6, 2) == ((2, 6),)
    assert search.halving_rungs(9, 9) == ((1, 9), (3, 3), (9, 1))


def test_successive_halving_replays_the_rungs_on_recorded_curves():
    # Nine trials, nine epochs: rungs at epochs 1 (9 trials), 3 (3) and 9 (1).
    curves = np.tile(np.linspace(0, 1, 10), (9, 1)) * np.linspace(0.1, 0.9, 9)[:, None]  # trial i grows at rate i
    curves[0, 4:] = 1.0  # a slow starter that would have won: dropped at epoch 1
    pick, stopped = search.successive_halving(curves)
    assert pick == 8
    np.testing.assert_array_equal(stopped, [1, 1, 1, 1, 1, 1, 3, 3, 9])
    curves[8, 2:] = np.nan  # the leader diverges after the first rung
    pick, stopped = search.successive_halving(curves)
    assert pick == 7 and stopped.sum() == 6 * 1 + 2 * 3 + 9


def test_halving_statistics_compare_the_pick_with_the_full_best():
    curves = np.tile(np.linspace(0, 1, 10), (9, 1)) * np.linspace(0.1, 0.9, 9)[:, None]
    curves[0, 4:] = 1.0
    metrics = {"val_acc": curves[None]}
    assert search.halving_minus_best(metrics) == pytest.approx([0.9 - 1.0])
    assert search.halving_epoch_share(metrics) == pytest.approx([(6 + 2 * 3 + 9) / 81])


def test_rank_agreement_compares_each_epoch_with_the_last():
    curves = np.array([[0.1, 0.2, 0.9], [0.1, 0.3, 0.5], [0.1, 0.4, 0.2], [0.1, 0.5, np.nan]])
    metrics = {"val_acc": curves[None]}
    assert search.rank_agreement(metrics, 1) == pytest.approx([-1.0])  # the diverged trial is left out
    assert np.isnan(search.rank_agreement(metrics, 0)[0])  # every trial ties before training
    assert search.early_epoch(50) == 5 and search.early_epoch(2) == 1


def test_scale_shares_of_a_region_and_of_it_moved_lower():
    metrics = {"log10_range": np.array([[[-6.0, -2.0], [-8.0, -4.0]]]),
               "round2_log10_range": np.array([[[-3.0, -2.0], [-8.0, -4.0]]])}
    log, linear = search.scale_shares(metrics)
    assert log == pytest.approx([0.25]) and linear == pytest.approx([(1e-2 - 1e-3) / (1e-2 - 1e-6)])
    log, linear = search.scale_shares(metrics, -1.0)
    assert log == pytest.approx([0.25]) and linear == pytest.approx([(1e-3 - 1e-4) / (1e-2 - 1e-6)])
    log, linear = search.scale_shares(metrics, -3.5)  # clipped to the range's bottom
    assert log == pytest.approx([0.125]) and linear == pytest.approx([(10**-5.5 - 1e-6) / (1e-2 - 1e-6)])
    assert search.linear_minus_log_share(metrics) == pytest.approx([0.9 / 0.9999 - 0.25])


def test_early_figure_data_has_every_epoch_of_every_seed(result):
    header, rows = figures.data_early(result)
    assert header[:3] == ["seed", "epoch", "spearman_with_final"]
    assert len(rows) == len(SEEDS) * result.config["epochs"]


def test_grid_figure_data_has_every_grid_trial_and_the_random_summary(result):
    header, rows = figures.data_grid(result)
    grid_rows = [r for r in rows if r[1] == "grid"]
    assert len(grid_rows) == len(SEEDS) * result.config["grid_size"] ** 2
    random_rows = [r for r in rows if r[1] == "random"]
    assert [r[7] for r in random_rows] == pytest.approx(list(search.expected_random_best(result.metrics)))
    assert "learning rates against" in figure_text(figures.draw_grid(result, "en"))


def test_scale_figure_data_has_three_positions_per_seed(result):
    header, rows = figures.data_scale(result)
    assert header[-2:] == ["log_share", "linear_share"]
    assert len(rows) == 3 * len(SEEDS)
    assert "선형 척도" in figure_text(figures.draw_scale(result, "ko"))


def test_search_split_into_parts_gives_the_same_bytes_as_one_stack():
    """Each trial trains on its own streams, so a round split over cores is the same computation."""
    from generator.experiments.hyperparameter_search import train as search

    config, data, seed = EXPERIMENT.preset("quick"), load_dataset("mnist-10k"), 1
    whole = search.run(config, data, (seed,))
    for cores in (2, 3):
        outputs = []
        for stage, parts in enumerate(EXPERIMENT.stages(config, cores)):
            outputs.append([search.run_part(config, data, seed, stage, part, parts, outputs) for part in range(parts)])
        split = search.assemble(config, seed, outputs)
        assert set(split) == set(whole)
        for name in whole:
            assert np.array_equal(np.asarray(split[name]), whole[name][0], equal_nan=True), (cores, name)


def test_search_one_round_unsplit_matches_its_parts():
    from generator.experiments.hyperparameter_search import train as search

    config, data = EXPERIMENT.preset("quick"), load_dataset("mnist-10k")
    whole = search.search_round(config, data, 0, 1, config.log10_range)
    parts = [search.search_round(config, data, 0, 1, config.log10_range, trials=r)
             for r in (range(0, 2), range(2, config.trials))]
    for name in whole:
        assert np.array_equal(np.concatenate([p[name] for p in parts]), whole[name], equal_nan=True), name
