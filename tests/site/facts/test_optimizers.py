import dataclasses
import math
import re

import numpy as np
import pytest

from generator.experiments import optimizer_compare, optimizer_paths, optimizer_ranking
from generator.results import Claims, DatasetRef
from generator.site.facts import SiteInputs
from generator.site.facts.optimizers import facts
from generator.site.korean import particle_problems
from tests.support import anchors, load, make_result, quick_results, render_page, with_metrics

NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
OPTIMIZER_AXIS = ("optimizer", NAMES, ("SGD", "모멘텀", "Nesterov", "AdaGrad", "RMSProp", "Adam"), NAMES)
COORDINATE_AXIS = ("coordinate", ("x", "y"), ("x", "y"), ("x", "y"))
MULTIPLIERS = (0.1, 1.0, 10.0)
MULTIPLIER_AXIS = ("multiplier", MULTIPLIERS, ("×0.1", "×1", "×10"), ("×0.1", "×1", "×10"))
PATH_CONFIG = {"start_x": -7.0, "start_y": 2.0, "steps": 3, "lr_sgd": 0.95, "lr_momentum": 0.1, "lr_nesterov": 0.1,
               "lr_adagrad": 1.5, "lr_rmsprop": 0.15, "lr_adam": 0.3}
COMPARE_CONFIG = {"hidden_sizes": [100] * 4, "batch_size": 128, "iterations": 4, "lr_sgd": 0.01, "lr_momentum": 0.01,
                  "lr_nesterov": 0.01, "lr_adagrad": 0.01, "lr_rmsprop": 0.01, "lr_adam": 0.001, "momentum": 0.9,
                  "decay_rate": 0.99}


def bowl(ends, middles=None):
    """Two identical seeds of paths from (-7, 2) through ``middles`` (2 points each) to ``ends``, one per optimizer."""
    middles = middles or {}
    path = np.zeros((len(NAMES), 4, 2))
    for o, name in enumerate(NAMES):
        path[o, 0] = (-7.0, 2.0)
        path[o, 1:3] = middles.get(name, [(-5.0, 1.0), (-4.0, -1.0)])
        path[o, 3] = ends[name]
    end = path[:, -1]
    metrics = {
        "path": np.stack([path, path]),
        "final_distance": np.tile(np.hypot(end[:, 0], end[:, 1]), (2, 1)),
        "final_value": np.tile(end[:, 0] ** 2 / 20 + end[:, 1] ** 2, (2, 1)),
        "y_reversals": np.tile([2, 1, 0, 0, 0, 1], (2, 1)),
    }
    return make_result("optimizer-paths", PATH_CONFIG, metrics, axes=[OPTIMIZER_AXIS, COORDINATE_AXIS], seeds=(0, 1))


def mnist(tails, test_acc=None, diverged_at=None):
    """Two seeds, four iterations; each optimizer's loss is constant at ``tails[name]`` (per seed if a pair)."""
    loss = np.zeros((2, len(NAMES), 4))
    for o, name in enumerate(NAMES):
        loss[:, o] = np.asarray(tails[name], dtype=np.float64).reshape(-1, 1) * np.ones((2, 4))
    test_acc = np.full((2, len(NAMES)), 0.9) if test_acc is None else np.asarray(test_acc)
    diverged_at = np.full((2, len(NAMES)), -1) if diverged_at is None else np.asarray(diverged_at)
    metrics = {"loss": loss, "test_acc": test_acc, "diverged_at": diverged_at}
    return make_result("optimizer-compare", COMPARE_CONFIG, metrics, axes=[OPTIMIZER_AXIS], seeds=(0, 1))


RANKING_CONFIG = {"bowl_lrs": [0.95, 0.1, 0.1, 1.5, 0.15, 0.3], "start_x": -7.0, "start_y": 2.0, "bowl_steps": 30,
                  "mnist_lrs": [0.01, 0.01, 0.01, 0.01, 0.01, 0.001], "hidden_sizes": [100] * 4, "batch_size": 128,
                  "iterations": 4, "momentum": 0.9, "decay_rate": 0.99, "precision": "float32"}


def grid(best, value=1.0, rest=2.0):
    """Scores (O, M) with ``best[k]`` alone at ``value`` in column k, the rest at ``rest``."""
    scores = np.full((len(NAMES), len(MULTIPLIERS)), rest)
    for k, name in enumerate(best):
        scores[NAMES.index(name), k] = value
    return scores


def ranking(bowl, tails, diverged_at=None):
    """A hand-made optimizer-ranking result: bowl distances (O, M), MNIST tail losses (S, O, M) flat over 4 iterations."""
    tails = np.asarray(tails, dtype=np.float64)
    S = len(tails)
    metrics = {
        "bowl_distance": np.repeat(np.asarray(bowl, dtype=np.float64)[np.newaxis], S, axis=0),
        "loss": np.repeat(tails[..., np.newaxis], 4, axis=-1),
        "diverged_at": np.where(np.isnan(tails), 3, -1) if diverged_at is None else diverged_at,
    }
    return make_result("optimizer-ranking", RANKING_CONFIG, metrics, axes=[OPTIMIZER_AXIS, MULTIPLIER_AXIS], seeds=range(S))


BOWL = grid(("SGD", "RMSprop", "AdaGrad"), value=0.1, rest=5.0)
BOWL[NAMES.index("AdaGrad"), 2] = 2.5e-13
BOWL[NAMES.index("SGD"), 2] = 9e37
RANKS = np.stack([grid(("RMSprop", "Adam", "AdaGrad"), 0.1, 0.5), grid(("RMSprop", "AdaGrad", "AdaGrad"), 0.1, 0.5)])
RANKS[:, NAMES.index("RMSprop"), 0] = 0.05  # the best of every run: the tuned winner

ENDS = {"SGD": (-3.0, 0.5), "Momentum": (2.0, 1.0), "Nesterov": (4.0, 0.0), "AdaGrad": (-1.0, 0.0),
        "RMSprop": (-0.5, 0.0), "Adam": (0.0, 2.5)}
TAILS = {"SGD": 1.0, "Momentum": 0.5, "Nesterov": 0.4, "AdaGrad": 0.3, "RMSprop": 2.0, "Adam": 0.2}


def inputs(paths=None, compare=None, ranked=None):
    return SiteInputs({"optimizer-paths": paths or bowl(ENDS), "optimizer-compare": compare or mnist(TAILS),
                       "optimizer-ranking": ranked or ranking(BOWL, RANKS)},
                      Claims(), provenance=None)


def test_optimizers_facts_describe_each_last_point_on_the_bowl():
    p = facts(inputs()).paths
    assert [r.key for r in p.runs] == list(NAMES)
    assert p.sgd.distance == pytest.approx(math.hypot(-3.0, 0.5))
    assert p.adam.value == pytest.approx(6.25)
    assert (p.sgd.turns, p.momentum.turns, p.chances) == (2, 1, 2)
    assert p.momentum.label.ko == "모멘텀" and p.rmsprop.lr == 0.15
    assert p.closest.key == "RMSprop"
    assert p.adam_margin == pytest.approx(abs(math.hypot(-3.0, 0.5) - 2.5))
    assert p.adam_value_higher  # 6.25 against 0.45 + 0.25
    assert p.nesterov_farther_than_sgd


def test_optimizers_facts_work_out_sgds_path_in_closed_form():
    p = facts(inputs()).paths
    assert (p.sgd_x_factor, p.sgd_y_factor) == pytest.approx((0.905, -0.9))
    assert p.sgd_end_x == pytest.approx(-7 * 0.905**3)
    assert p.sgd_end_y == pytest.approx(2 * (-0.9) ** 3)
    assert p.sgd_slowest_factor == pytest.approx(0.905)
    assert (p.alpha, p.sqrt_alpha) == pytest.approx((0.9, math.sqrt(0.9)))


def test_optimizers_facts_find_the_closest_approach_before_the_end():
    middles = {"Momentum": [(-1.0, 0.0), (0.3, 0.4)], "Nesterov": [(-2.0, 0.0), (-1.0, 1.0)]}
    p = facts(inputs(paths=bowl(ENDS, middles))).paths
    assert (p.momentum_nearest, p.momentum_nearest_step) == (pytest.approx(0.5), 2)
    assert (p.nesterov_nearest, p.nesterov_nearest_step) == (pytest.approx(math.sqrt(2)), 2)


def test_optimizers_facts_rank_mnist_losses_and_name_the_highest_besides_sgd():
    c = facts(inputs()).mnist
    assert [r.key for r in c.by_loss] == ["Adam", "AdaGrad", "Nesterov", "Momentum", "SGD", "RMSprop"]
    assert c.lowest.key == "Adam" and c.highest_other.en == "RMSprop"
    assert c.sgd.tail_loss == pytest.approx(1.0) and c.tail == 4
    assert (c.hidden_layers, c.hidden_sizes, c.seeds, c.dataset) == (4, (100, 100, 100, 100), 2, "mnist-10k")
    assert (c.alpha, c.decay_rate) == (0.9, 0.99)


def test_optimizers_facts_leave_diverged_seeds_out_of_the_means():
    tails = dict(TAILS, Momentum=(0.5, np.nan))
    test_acc = np.full((2, len(NAMES)), 0.9)
    test_acc[1, 1] = np.nan
    diverged_at = np.full((2, len(NAMES)), -1)
    diverged_at[1, 1] = 3
    c = facts(inputs(compare=mnist(tails, test_acc, diverged_at))).mnist
    assert c.momentum.tail_loss == pytest.approx(0.5) and c.momentum.test_acc == pytest.approx(0.9)
    assert [(r.key, r.diverged) for r in c.diverged] == [("Momentum", 1)]


def test_optimizers_facts_say_whether_sgd_has_the_lowest_accuracy():
    test_acc = np.tile([0.8, 0.9, 0.9, 0.95, 0.85, 0.92], (2, 1))
    assert facts(inputs(compare=mnist(TAILS, test_acc))).mnist.sgd_lowest_accuracy
    test_acc[:, 4] = 0.7
    assert not facts(inputs(compare=mnist(TAILS, test_acc))).mnist.sgd_lowest_accuracy


def test_optimizers_facts_size_rmsprops_first_step_against_he_weights():
    result = mnist(TAILS)
    raw = np.array(result.metrics["loss"])
    raw[0, NAMES.index("RMSprop"), 2] = 40.0
    raw[1, NAMES.index("RMSprop"), 1] = 30.0
    c = facts(inputs(compare=with_metrics(result, loss=raw))).mnist
    assert c.rmsprop_first_step == pytest.approx(0.01 / math.sqrt(0.01))
    assert c.he_std == pytest.approx(math.sqrt(2 / 784))
    assert c.rmsprop_step_in_stds == pytest.approx(0.1 / math.sqrt(2 / 784))
    assert (c.rmsprop_peak_loss, c.rmsprop_peak_iteration) == (40.0, 3)


def test_optimizers_ranking_facts_mark_each_columns_winner():
    r = facts(inputs()).ranking
    assert r.multipliers == ("×0.1", "×1", "×10")
    assert [row.key for row in r.rows] == list(NAMES)
    assert [c.winner.en for c in r.bowl] == ["SGD", "RMSprop", "AdaGrad"]
    assert [c.winner.ko for c in r.mnist] == ["RMSProp", "AdaGrad", "AdaGrad"]  # AdaGrad and Adam tie at ×1: the first in axis order
    sgd = r.rows[NAMES.index("SGD")]
    assert [s.best for s in sgd.bowl] == [True, False, False]
    assert sgd.bowl[2].extreme and r.rows[NAMES.index("AdaGrad")].bowl[2].extreme and not sgd.bowl[0].extreme
    assert (r.seeds, r.steps, r.iterations, r.compare_iterations, r.tail) == (2, 30, 4, 4, 4)
    assert (sgd.bowl_lr, r.rows[-1].mnist_lr, r.networks) == (0.95, 0.001, 18)


def test_optimizers_ranking_facts_count_the_seeds_each_optimizer_won():
    r = facts(inputs()).ranking
    assert r.bowl_book.winner.en == "RMSprop" and [(w.label.en, w.seeds) for w in r.bowl_book.wins] == [("RMSprop", 2)]
    assert [(w.label.en, w.seeds) for w in r.mnist_book.wins] == [("AdaGrad", 1), ("Adam", 1)]  # most first, then axis order


def test_optimizers_ranking_facts_tune_each_optimizer():
    r = facts(inputs()).ranking
    assert (r.bowl_tuned.label.en, r.bowl_tuned.multiplier) == ("AdaGrad", "×10")
    assert r.bowl_tuned.lr == pytest.approx(15.0) and r.bowl_tuned.extreme
    assert (r.mnist_tuned.label.en, r.mnist_tuned.multiplier, r.mnist_tuned.value) == ("RMSprop", "×0.1", pytest.approx(0.05))
    assert r.mnist_tuned.lr == pytest.approx(0.001)
    assert [(w.label.en, w.seeds) for w in r.mnist_tuned_wins] == [("RMSprop", 2)]
    assert (r.mnist_runner_up.label.en, r.mnist_runner_up.value) == ("AdaGrad", pytest.approx(0.1))  # ×10, both seeds
    assert r.mnist_runner_up.multiplier == "×10"


def test_optimizers_ranking_facts_rank_a_diverged_seed_last_but_show_the_others_mean():
    tails = np.array(RANKS)
    tails[1, NAMES.index("RMSprop"), 0] = np.nan  # RMSprop's winning cell loses a seed
    tails[:, NAMES.index("Momentum"), 2] = np.nan  # every seed of Momentum ×10 diverged
    r = facts(inputs(ranked=ranking(BOWL, tails))).ranking
    rmsprop, momentum = r.rows[NAMES.index("RMSprop")], r.rows[NAMES.index("Momentum")]
    assert rmsprop.mnist[0].value == pytest.approx(0.05) and rmsprop.mnist[0].diverged == 1
    assert not rmsprop.mnist[0].best and not rmsprop.mnist[0].lost
    assert r.mnist[0].winner.en == "SGD"  # every other run ties at 0.5: the first in axis order
    assert momentum.mnist[2].lost and momentum.mnist[2].diverged == 2
    assert [(d.ko, d.en) for d in r.diverged] == [("모멘텀 ×10", "Momentum ×10"), ("RMSProp ×0.1", "RMSprop ×0.1")]


def test_optimizers_ranking_facts_no_winner_where_every_run_diverged():
    tails = np.array(RANKS)
    tails[:, :, 2] = np.nan
    r = facts(inputs(ranked=ranking(BOWL, tails))).ranking
    assert r.mnist[2].winner.en == "—" and r.mnist[2].wins == ()


def test_optimizers_ranking_facts_compare_the_book_winner_with_the_longer_run():
    assert not facts(inputs()).ranking.mnist_book_is_compares  # AdaGrad wins the tie at ×1; the comparison's lowest is Adam
    tails = np.array(RANKS)
    tails[:, NAMES.index("Adam"), 1] = 0.05
    assert facts(inputs(ranked=ranking(BOWL, tails))).ranking.mnist_book_is_compares


def with_pool(result, n_train=8000, n_test=2000):
    """``result`` as trained on a pool of ``n_train`` images, tested on ``n_test``."""
    return dataclasses.replace(result, dataset=DatasetRef("mnist-10k", "0" * 64, n_train, n_test))


def test_optimizers_facts_measure_each_first_step_on_the_bowl():
    p = facts(inputs()).paths
    assert (p.adagrad.first_dx, p.adagrad.first_dy) == (2.0, 1.0)  # from (-7, 2) to (-5, 1)


def test_optimizers_facts_say_whether_momentum_passed_its_closest_point():
    assert not facts(inputs()).paths.momentum_overshoots  # nearest at its last point
    middles = {"Momentum": [(-1.0, 0.0), (0.3, 0.4)]}
    assert facts(inputs(paths=bowl(ENDS, middles))).paths.momentum_overshoots


def test_optimizers_facts_count_epochs_over_the_training_pool():
    c = facts(inputs(compare=with_pool(mnist(TAILS)))).mnist
    assert (c.n_train, c.n_test) == (8000, 2000)
    assert c.epochs == pytest.approx(4 * 128 / 8000)
    r = facts(inputs(compare=with_pool(mnist(TAILS)), ranked=with_pool(ranking(BOWL, RANKS)))).ranking
    assert r.epochs == pytest.approx(4 * 128 / 8000) and r.compare_epochs == pytest.approx(c.epochs)


def test_optimizers_facts_have_no_epochs_without_a_pool_size():
    c = facts(inputs()).mnist
    assert c.n_train is None and c.epochs is None


def test_optimizers_facts_count_the_seeds_in_which_sgd_ends_highest():
    c = facts(inputs()).mnist
    assert (c.sgd_highest_seeds, c.sgd_highest_everywhere) == (0, False)  # RMSprop's 2.0 is above SGD's 1.0
    c = facts(inputs(compare=mnist(dict(TAILS, RMSprop=(0.5, 3.0))))).mnist
    assert (c.sgd_highest_seeds, c.sgd_highest_everywhere) == (1, False)
    c = facts(inputs(compare=mnist(dict(TAILS, RMSprop=0.5)))).mnist
    assert (c.sgd_highest_seeds, c.sgd_highest_everywhere) == (2, True)


def test_optimizers_ranking_facts_tell_whether_the_bowl_at_x1_is_the_paths_run():
    assert not facts(inputs()).ranking.bowl_book_is_paths
    paths = facts(inputs()).paths
    bowl = np.array(BOWL)
    bowl[:, 1] = [run.distance for run in paths.runs]
    same_run = dataclasses.replace(ranking(bowl, RANKS), config={**RANKING_CONFIG, "bowl_steps": PATH_CONFIG["steps"]})
    assert facts(inputs(ranked=same_run)).ranking.bowl_book_is_paths
    assert not facts(inputs(ranked=ranking(bowl, RANKS))).ranking.bowl_book_is_paths  # 30 steps against the paths' 3


def test_optimizers_ranking_facts_quote_sgds_mnist_score_at_the_books_rate():
    assert facts(inputs()).ranking.sgd_book_mnist == pytest.approx(0.5)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (optimizer_paths.EXPERIMENT, optimizer_compare.EXPERIMENT, optimizer_ranking.EXPERIMENT))


def test_optimizers_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "optimizers")
    experiments = (optimizer_paths.EXPERIMENT, optimizer_compare.EXPERIMENT, optimizer_ranking.EXPERIMENT)
    figure_ids = [spec.id for e in experiments for spec in e.figure_specs()]
    assert figure_ids == ["fig-optimizer-paths", "fig-optimizer-paths-distance",
                          "fig-optimizer-compare-loss", "fig-optimizer-compare-accuracy",
                          "fig-optimizer-ranking", "fig-optimizer-ranking-curves"]
    for page in pages.values():
        assert [page.count(f'id="{figure_id}"') for figure_id in figure_ids] == [1] * len(figure_ids)
        positions = [page.index(f'id="{figure_id}"') for figure_id in figure_ids]
        assert positions == sorted(positions)
        assert "{{" not in page.split("??? quote")[0]
        assert {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "paths", "mnist", "ranking"} <= set(anchors(page))
    assert anchors(pages["ko"]) == anchors(pages["en"])


def evidence_boxes(page: str) -> list[str]:
    return re.findall(r'<div class="ch6-claims ch6-evidence".*?\n</div>\n', page, flags=re.S)


def test_optimizers_page_keeps_verdicts_in_evidence_boxes(results_dir):
    claim_ids = [c.id for e in (optimizer_paths.EXPERIMENT, optimizer_compare.EXPERIMENT, optimizer_ranking.EXPERIMENT)
                 for c in e.claims]
    for page in render_page(results_dir, "optimizers").values():
        boxes = evidence_boxes(page)
        assert len(boxes) == 4  # the zig-zag, the six paths, MNIST, the ranking
        boxed = re.findall(r'data-claim="([\w-]+)"', "".join(boxes))
        assert sorted(boxed) == sorted(claim_ids)
        prose = page
        for box in boxes:
            prose = prose.replace(box, "")
        assert "✓" not in prose and "✗ " not in prose  # no badge beside a sentence ("(k✗)" in the table is a count)
        assert not any(claim_id in prose for claim_id in claim_ids)
        assert "—" not in prose.split("??? quote")[0]  # num() and pct() print NaN as —


def test_optimizers_page_shows_the_engine_code_beside_each_rule(results_dir):
    for page in render_page(results_dir, "optimizers").values():
        titles = re.findall(r'title="generator/engine/optimizers.py · ([\w.]+)"', page)
        assert titles == ["SGD", "Optimizer.update", "Momentum", "Nesterov", "AdaGrad", "_scaled_step", "RMSprop", "Adam"]
        assert page.index('title="generator/engine/optimizers.py · Adam"') < page.index("{ #paths }")
    pages = render_page(results_dir, "optimizers")
    assert "params[key] -= lr * grads[key]" in pages["ko"] and "params[key] -= lr * grads[key]" in pages["en"]


def test_optimizers_page_notes_the_data_after_the_first_mnist_figure(results_dir):
    for page in render_page(results_dir, "optimizers").values():
        note = page.index('class="ch6-data-note"')
        assert page.index('id="fig-optimizer-compare-loss"') < note < page.index('id="fig-optimizer-compare-accuracy"')


def test_optimizers_page_quotes_the_results(results_dir):
    paths, compare = load(results_dir, "optimizer-paths"), load(results_dir, "optimizer-compare")
    for page in render_page(results_dir, "optimizers").values():
        assert f"| {paths.metrics.final_distance[0, 0]:.3f} |" in page  # SGD's distance in the table
        assert f"{100 * np.mean(compare.metrics.test_acc[:, 5]):.1f}%" in page  # Adam's test accuracy


def test_optimizers_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "optimizers", mark_insertions=True)["ko"]) == []
