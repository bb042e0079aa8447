import dataclasses
import time

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import optimizer_paths, optimizer_ranking
from generator.experiments.optimizer_paths.train import run as run_paths
from generator.experiments.optimizer_ranking import NO_WINNER, TAIL, distinct_winners, figures, tail_loss, tuned_winner, winners
from generator.experiments.optimizer_ranking.config import BOOK, MULTIPLIERS, OPTIMIZERS
from generator.experiments.optimizer_ranking.train import bowl_distances, run
from tests.support import SEEDS, figure_spec, figure_text, load, quick_results, with_metrics

EXPERIMENT = optimizer_ranking.EXPERIMENT
O, M = len(OPTIMIZERS), len(MULTIPLIERS)


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


def claim(claim_id):
    return next(c for c in EXPERIMENT.claims if c.id == claim_id)


def made(bowl, tails, diverged=None):
    """Metrics by hand: bowl distances (O, M) for every seed, MNIST tail losses (S, O, M) held flat over 4 iterations."""
    tails = np.asarray(tails, dtype=np.float64)
    S = tails.shape[0]
    return {
        "bowl_distance": np.repeat(np.asarray(bowl, dtype=np.float64)[np.newaxis], S, axis=0),
        "loss": np.repeat(tails[..., np.newaxis], 4, axis=-1),
        "diverged_at": np.where(np.isnan(tails), 2, -1) if diverged is None else diverged,
    }


def column_winners(*names):
    """Scores (O, M) where optimiser ``names[k]`` is the only one at 1.0 in column k, the rest at 2.0."""
    values = np.full((O, M), 2.0)
    for k, name in enumerate(names):
        values[OPTIMIZERS.index(name), k] = 1.0
    return values


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "optimizer-ranking")


def test_optimizer_ranking_quick_metrics_have_seed_optimizer_and_multiplier_axes():
    config = make_config()
    metrics = run(config, load_dataset("mnist-10k"), seeds=(0, 1))
    assert metrics["bowl_distance"].shape == metrics["diverged_at"].shape == (2, O, M)
    assert metrics["loss"].shape == (2, O, M, config.iterations)
    assert np.isfinite(metrics["bowl_distance"]).all()


def test_optimizer_ranking_quick_run_is_deterministic_and_takes_about_a_second():
    data = load_dataset("mnist-10k")
    started = time.perf_counter()
    first = run(make_config(), data, seeds=(0, 1))
    assert time.perf_counter() - started < 3
    second = run(make_config(), data, seeds=(0, 1))
    for name in first:
        assert first[name].tobytes() == second[name].tobytes(), name


def test_optimizer_ranking_seed_alone_equals_seed_in_stack():
    data = load_dataset("mnist-10k")
    config = make_config(precision="float64")
    stacked = run(config, data, seeds=(0, 1))
    alone = run(config, data, seeds=(1,))
    for name in stacked:
        assert np.allclose(stacked[name][1], alone[name][0], rtol=1e-10, atol=1e-12)


def test_optimizer_ranking_every_run_of_a_seed_starts_from_the_same_network_and_batch():
    loss = run(make_config(), load_dataset("mnist-10k"), seeds=(0, 1))["loss"]
    first = loss[..., 0]  # (S, O, M): the loss before any update
    assert np.array_equal(first, np.broadcast_to(first[:, :1, :1], first.shape))
    assert first[0, 0, 0] != first[1, 0, 0]  # a new seed, new weights


def test_optimizer_ranking_book_column_of_the_bowl_is_optimizer_paths():
    config = EXPERIMENT.preset("book")
    paths = run_paths(optimizer_paths.EXPERIMENT.preset("book"), None, seeds=(0,))
    assert np.allclose(bowl_distances(config)[:, BOOK], paths["final_distance"][0], rtol=1e-12)
    assert config.bowl_lrs == optimizer_paths.EXPERIMENT.preset("book").learning_rates


def test_optimizer_ranking_multiplies_each_optimizers_own_rate():
    config = make_config(bowl_steps=1)
    distance = bowl_distances(config)
    # SGD's first step from (-7, 2): x by 1 - lr/10, y by 1 - 2 lr
    lr = config.bowl_lrs[OPTIMIZERS.index("SGD")] * np.array(MULTIPLIERS)
    expected = np.hypot(-7 * (1 - lr / 10), 2 * (1 - 2 * lr))
    assert np.allclose(distance[OPTIMIZERS.index("SGD")], expected)


def test_optimizer_ranking_winners_rank_a_diverged_run_last():
    tails = np.full((1, O, M), 0.5)
    tails[0, OPTIMIZERS.index("Adam"), :] = np.nan  # would be lowest if NaN counted as a number
    tails[0, OPTIMIZERS.index("AdaGrad"), :] = 0.2
    metrics = made(np.ones((O, M)), tails)
    assert (winners(metrics, "mnist") == OPTIMIZERS.index("AdaGrad")).all()


def test_optimizer_ranking_no_winner_where_every_run_diverged():
    tails = np.full((1, O, M), 0.5)
    tails[0, :, 2] = np.nan
    metrics = made(np.ones((O, M)), tails)
    assert winners(metrics, "mnist")[0, 2] == NO_WINNER
    assert distinct_winners(metrics, "mnist")[0] == 1  # SGD wins the ties of ×0.1 and ×1; the empty column is not a winner


def test_optimizer_ranking_tail_loss_averages_the_last_iterations():
    loss = np.zeros((1, O, M, TAIL + 5))
    loss[0, 0, 0, -TAIL:] = 1.0
    assert tail_loss({"loss": loss})[0, 0, 0] == 1.0


def test_optimizer_ranking_claims_compare_winners_seed_by_seed():
    bowl = column_winners("SGD", "RMSprop", "AdaGrad")
    tails = np.stack([column_winners("Adam", "Adam", "AdaGrad"), column_winners("Adam", "RMSprop", "SGD")])  # two seeds
    metrics = made(bowl, tails)
    book = claim("optimizer-ranking-book-rates-winner-differs").evaluate(metrics)
    assert book["values"] == [1.0, 0.0] and not book["holds"]  # seed 1 agrees with the bowl at ×1
    moves = claim("optimizer-ranking-mnist-winner-moves").evaluate(metrics)
    assert moves["values"] == [1.0, 1.0] and moves["holds"]
    assert claim("optimizer-ranking-bowl-winner-moves").evaluate(metrics)["holds"]


def test_optimizer_ranking_tuned_claim_takes_each_optimizers_best_rate():
    bowl = np.full((O, M), 5.0)
    bowl[OPTIMIZERS.index("AdaGrad"), 2] = 1e-9  # AdaGrad's best rate wins the bowl
    tails = np.full((2, O, M), 1.0)
    tails[0, OPTIMIZERS.index("Adam"), 0] = 0.1
    tails[1, OPTIMIZERS.index("AdaGrad"), 1] = 0.1
    metrics = made(bowl, tails)
    assert tuned_winner(metrics, "bowl").tolist() == [OPTIMIZERS.index("AdaGrad")] * 2
    assert tuned_winner(metrics, "mnist").tolist() == [OPTIMIZERS.index("Adam"), OPTIMIZERS.index("AdaGrad")]
    row = claim("optimizer-ranking-tuned-winner-differs").evaluate(metrics)
    assert row["values"] == [1.0, 0.0] and row["value"] == 0.5 and not row["holds"]


def test_optimizer_ranking_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["optimizer-ranking-book-rates-winner-differs"] == "article §0"
    assert {sources[i] for i in sources if i != "optimizer-ranking-book-rates-winner-differs"} == {"site"}


def test_optimizer_ranking_result_records_both_axes_with_labels(result):
    assert result.axes["optimizer"].values == OPTIMIZERS
    assert result.axes["optimizer"].label("Momentum", "ko") == "모멘텀"
    assert result.axes["multiplier"].values == MULTIPLIERS
    assert result.axes["multiplier"].label(10.0, "en") == "×10"


def test_ranking_data_has_a_row_per_problem_optimizer_multiplier_and_seed(result):
    header, rows = figures.data_ranking(result)
    assert header == ["problem", "optimizer", "multiplier", "lr", "seed", "score", "diverged_at"]
    assert len(rows) == 2 * O * M * len(SEEDS)
    assert rows[0][:5] == ["bowl", "SGD", 0.1, pytest.approx(0.095), 0]
    assert rows[1][5] == pytest.approx(tail_loss(result.metrics)[0, 0, 0])


def test_curves_data_has_every_iteration(result):
    header, rows = figures.data_curves(result)
    assert header == ["optimizer", "multiplier", "seed", "iteration", "loss"]
    assert len(rows) == O * M * len(SEEDS) * result.config["iterations"]


def test_ranking_figure_names_runs_off_the_axis_and_diverged_seeds(result):
    bowl = np.array(result.metrics.bowl_distance, dtype=np.float64)
    bowl[:, OPTIMIZERS.index("SGD"), 2] = 1e30
    loss = np.array(result.metrics.loss, dtype=np.float64)
    loss[1, OPTIMIZERS.index("RMSprop"), 2, 3:] = np.nan
    diverged_at = np.array(result.metrics.diverged_at)
    diverged_at[1, OPTIMIZERS.index("RMSprop"), 2] = 4
    fake = with_metrics(result, bowl_distance=bowl, loss=loss, diverged_at=diverged_at)
    text = figure_text(figure_spec(EXPERIMENT, "fig-optimizer-ranking").draw(fake, "en"))
    assert "SGD ×10: distance 1e+30 (off the axis)" in text
    assert "RMSProp ×10: 1 of 2 seeds diverged (×)" in text
    curves = figure_text(figure_spec(EXPERIMENT, "fig-optimizer-ranking-curves").draw(fake, "en"))
    assert "RMSProp: 1 diverged" in curves and "learning rate ×0.1" in curves
