import numpy as np
import pytest

import dataclasses
import math
import re

from generator.experiments import activation_histograms, init_compare, init_symmetry
from generator.experiments.activation_histograms import SETTINGS
from generator.experiments.init_compare import INITS
from generator.experiments.init_symmetry import VARIANTS
from generator.experiments.optimizer_compare.config import OPTIMIZERS
from generator.results import Claims, DatasetRef
from generator.site.facts import SiteInputs
from generator.site.facts.initialization import facts
from generator.site.korean import particle_problems
from generator.site.format import pct
from tests.support import check_lesson_page, load, make_result, quick_results, render_page

START_AXIS = ("start", VARIANTS, ("영", "상수", "무작위"), ("zero", "constant", "random"))
SETTING_AXIS = ("setting", SETTINGS, SETTINGS, SETTINGS)
INIT_AXIS = ("init", INITS, ("작게", "사비에르", "히"), ("small", "Xavier", "He"))
SYMMETRY_CONFIG = {"hidden_size": 4, "activation": "sigmoid", "lr": 0.1, "batch_size": 10, "iterations": 20,
                   "constant": 0.01, "random_std": 0.01}
HISTOGRAM_CONFIG = {"n_samples": 10, "n_units": 2, "n_layers": 3, "bins": 4, "large_std": 1.0, "small_std": 0.01,
                    "relu_max": 1.0}
COMPARE_CONFIG = {"hidden_sizes": [16, 16], "lr": 0.01, "batch_size": 32, "iterations": 4, "small_std": 0.01}
OPTIMIZER_CONFIG = {"hidden_sizes": [16, 16], "lr_sgd": 0.01, "batch_size": 32, "iterations": 4}
OPTIMIZER_AXIS = ("optimizer", OPTIMIZERS, OPTIMIZERS, OPTIMIZERS)


def symmetry(spread=None, distinct=None, test_acc=None, train_loss=None):
    """Two seeds, three starts, three checkpoints, twenty updates."""
    spread = np.zeros((2, 3, 3)) if spread is None else spread
    spread[:, VARIANTS.index("random")] = 1.0
    distinct = np.array([[1, 1, 4], [1, 1, 4]]) if distinct is None else distinct
    test_acc = np.full((2, 3), 0.1) if test_acc is None else test_acc
    train_loss = np.full((2, 3, 20), 2.3) if train_loss is None else train_loss
    metrics = {"unit_spread_trace": spread, "distinct_units": distinct, "test_acc": test_acc, "train_loss": train_loss}
    return make_result("init-symmetry", SYMMETRY_CONFIG, metrics, axes=[START_AXIS])


def histograms(std=None, mean=None, zero_frac=None, saturated_frac=None, hist_counts=None):
    """Two seeds, the nine settings, three layers, four bins."""
    shape = (2, len(SETTINGS), 3)
    metrics = {
        "std": np.ones(shape) if std is None else std,
        "mean": np.zeros(shape) if mean is None else mean,
        "zero_frac": np.full(shape, 0.5) if zero_frac is None else zero_frac,
        "saturated_frac": np.zeros(shape) if saturated_frac is None else saturated_frac,
        "hist_counts": np.full(shape + (4,), 5) if hist_counts is None else hist_counts,
    }
    return make_result("activation-histograms", HISTOGRAM_CONFIG, metrics, axes=[SETTING_AXIS])


def compare(loss=None, test_acc=None, iterations=4):
    """Two seeds, three initialisations."""
    loss = np.full((2, 3, iterations), 2.3) if loss is None else loss
    test_acc = np.full((2, 3), 0.1) if test_acc is None else test_acc
    config = {**COMPARE_CONFIG, "iterations": iterations}
    return make_result("init-compare", config, {"loss": loss, "test_acc": test_acc}, axes=[INIT_AXIS])


def optimizers(loss=None, test_acc=None, **config):
    """Two seeds, the six optimisers, four iterations: the optimizers page's MNIST comparison."""
    loss = np.full((2, len(OPTIMIZERS), 4), 1.0) if loss is None else loss
    test_acc = np.full((2, len(OPTIMIZERS)), 0.5) if test_acc is None else test_acc
    return make_result("optimizer-compare", {**OPTIMIZER_CONFIG, **config}, {"loss": loss, "test_acc": test_acc},
                       axes=[OPTIMIZER_AXIS])


def inputs(**results):
    made = {"init-symmetry": symmetry(), "activation-histograms": histograms(), "init-compare": compare()}
    made.update({key.replace("_", "-"): value for key, value in results.items()})
    return SiteInputs(made, Claims(), provenance=None)


def with_pool(result, n_train):
    """``result`` as if trained on a pool of ``n_train`` images."""
    return dataclasses.replace(result, dataset=DatasetRef("mnist-10k", "0" * 64, n_train, 2000))


def test_symmetry_facts_count_distinct_units_against_the_sentence():
    distinct = np.array([[1, 2, 4], [3, 1, 2]])  # (S, V): zero, constant, random
    s = facts(inputs(init_symmetry=symmetry(distinct=distinct))).symmetry
    assert (s.distinct_zero, s.distinct_constant) == (3, 2)  # most over seeds: the equal starts' worst case
    assert s.distinct_random == 2  # fewest over seeds: the random start's worst case
    assert (s.hidden_size, s.seeds, s.activation.ko, s.activation.en) == (4, 2, "시그모이드", "sigmoid")


def test_symmetry_facts_exact_only_when_every_equal_spread_is_zero():
    assert facts(inputs()).symmetry.equal_starts_exact
    spread = np.zeros((2, 3, 3))
    spread[1, VARIANTS.index("constant"), 2] = 3e-16
    s = facts(inputs(init_symmetry=symmetry(spread=spread))).symmetry
    assert not s.equal_starts_exact
    assert s.equal_starts_largest_spread == pytest.approx(3e-16)


def test_symmetry_facts_average_test_accuracy_over_seeds():
    test_acc = np.array([[0.1, 0.2, 0.5], [0.12, 0.1, 0.7]])
    s = facts(inputs(init_symmetry=symmetry(test_acc=test_acc))).symmetry
    assert (s.acc_zero, s.acc_constant, s.acc_random) == pytest.approx((0.11, 0.15, 0.6))


def test_activation_facts_spread_is_the_seed_mean_of_first_and_last_layer():
    std = np.ones((2, len(SETTINGS), 3))
    std[:, SETTINGS.index("tanh-xavier")] = [[0.6, 0.4, 0.3], [0.8, 0.5, 0.5]]
    a = facts(inputs(activation_histograms=histograms(std=std))).activations
    assert (a.tanh_xavier.first, a.tanh_xavier.last) == pytest.approx((0.7, 0.4))
    assert (a.relu_he.first, a.relu_he.last) == (1.0, 1.0)
    assert a.per_layer == 20


def test_activation_facts_per_layer_factor_is_the_claims_geometric_mean():
    std = np.ones((2, len(SETTINGS), 3))
    std[:, SETTINGS.index("relu-xavier")] = [[1.0, 0.5, 0.25], [1.0, 0.9, 0.81]]
    a = facts(inputs(activation_histograms=histograms(std=std))).activations
    assert a.relu_xavier_per_layer == pytest.approx((0.5 + 0.9) / 2)


def test_activation_facts_relu_zeros_span_only_the_relu_settings():
    zero_frac = np.zeros((2, len(SETTINGS), 3))  # sigmoid and tanh: no exact zeros
    relu = [SETTINGS.index(s) for s in ("relu-small", "relu-xavier", "relu-he")]
    zero_frac[:, relu] = 0.5
    zero_frac[:, relu[0], 2] = [0.6, 0.7]
    zero_frac[:, relu[2], 0] = 0.45
    a = facts(inputs(activation_histograms=histograms(zero_frac=zero_frac))).activations
    assert (a.relu_zero_lowest, a.relu_zero_highest) == pytest.approx((0.45, 0.65))


def test_activation_facts_he_outside_is_what_the_histograms_leave_out():
    counts = np.full((2, len(SETTINGS), 3, 4), 5)  # 20 of 20 activations inside
    counts[:, SETTINGS.index("relu-he"), :, 3] = 0  # 15 of 20 inside: a quarter beyond the right edge
    a = facts(inputs(activation_histograms=histograms(hist_counts=counts))).activations
    assert a.relu_he_outside == pytest.approx(0.25)


def test_activation_facts_saturation_averages_layers_and_seeds():
    saturated = np.zeros((2, len(SETTINGS), 3))
    saturated[:, SETTINGS.index("tanh-large")] = [[0.9, 0.8, 0.7], [0.7, 0.8, 0.9]]
    saturated[:, SETTINGS.index("sigmoid-xavier")] = [[0.003, 0.0, 0.0], [0.0, 0.0, 0.0]]
    a = facts(inputs(activation_histograms=histograms(saturated_frac=saturated))).activations
    assert a.tanh_large_saturated == pytest.approx(0.8)
    assert a.sigmoid_xavier_saturated == pytest.approx(0.0005)


def test_compare_facts_window_is_the_claims_or_the_whole_short_run():
    assert facts(inputs()).compare.tail == 4
    loss = np.zeros((2, 3, 150))
    loss[:, :, -100:] = 1.0
    c = facts(inputs(init_compare=compare(loss=loss, iterations=150))).compare
    assert c.tail == 100
    assert c.he.final_loss == pytest.approx(1.0)


def test_compare_facts_he_ahead_needs_lower_loss_and_higher_accuracy():
    loss = np.full((2, 3, 4), 2.3)
    loss[:, INITS.index("Xavier")] = 0.3
    loss[:, INITS.index("He")] = 0.2
    test_acc = np.array([[0.1, 0.9, 0.92], [0.1, 0.9, 0.92]])
    c = facts(inputs(init_compare=compare(loss=loss, test_acc=test_acc))).compare
    assert c.he_ahead_at_end
    assert c.he_margin == pytest.approx(0.1)
    test_acc[:, INITS.index("He")] = 0.85
    assert not facts(inputs(init_compare=compare(loss=loss, test_acc=test_acc))).compare.he_ahead_at_end


def test_compare_facts_he_margin_is_a_size_when_he_is_behind():
    loss = np.full((2, 3, 4), 2.3)
    loss[:, INITS.index("Xavier")] = 0.2
    loss[:, INITS.index("He")] = 0.5
    c = facts(inputs(init_compare=compare(loss=loss))).compare
    assert c.he_margin == pytest.approx(0.3)
    assert (c.hidden_layers, c.hidden_units) == (2, 16)


def test_symmetry_facts_say_when_every_random_unit_is_distinct():
    assert facts(inputs()).symmetry.random_all_distinct  # 4 of 4 units in both seeds
    distinct = np.array([[1, 1, 4], [1, 1, 3]])  # all 4 in seed 0, only 3 in seed 1
    assert not facts(inputs(init_symmetry=symmetry(distinct=distinct))).symmetry.random_all_distinct


def test_symmetry_facts_final_losses_average_the_last_updates():
    loss = np.full((2, 3, 20), 2.3)
    loss[:, VARIANTS.index("random"), -10:] = [[1.0] * 10, [2.0] * 10]
    loss[:, VARIANTS.index("random"), :-10] = 9.0  # before the window: left out of a 10-update tail, not of 20
    s = facts(inputs(init_symmetry=symmetry(train_loss=loss))).symmetry
    assert s.tail == 20  # the run is shorter than the page's window: all of it
    assert s.loss_random == pytest.approx((9.0 * 10 + 1.5 * 10) / 20)
    assert s.loss_zero == pytest.approx(2.3)
    assert s.initial_loss == pytest.approx(math.log(10))
    assert s.equal_losses_stay


def test_symmetry_facts_tell_a_stuck_loss_from_a_falling_one():
    loss = np.full((2, 3, 20), 2.3)
    loss[:, VARIANTS.index("constant")] = 2.1  # more than 0.1 below ln 10
    assert not facts(inputs(init_symmetry=symmetry(train_loss=loss))).symmetry.equal_losses_stay


def test_symmetry_facts_near_chance_only_when_both_equal_starts_are():
    test_acc = np.array([[0.11, 0.14, 0.5], [0.12, 0.15, 0.6]])
    assert facts(inputs(init_symmetry=symmetry(test_acc=test_acc))).symmetry.equal_near_chance
    test_acc[:, VARIANTS.index("constant")] = 0.3
    assert not facts(inputs(init_symmetry=symmetry(test_acc=test_acc))).symmetry.equal_near_chance


def test_symmetry_facts_epochs_come_from_the_training_pool():
    assert facts(inputs()).symmetry.epochs is None  # the result does not say how many images it drew from
    s = facts(inputs(init_symmetry=with_pool(symmetry(), 400))).symmetry
    assert (s.n_train, s.epochs) == (400, pytest.approx(20 * 10 / 400))
    assert s.stack == 2 * 3  # seeds times starts


def test_activation_facts_xavier_and_he_std_follow_the_layer_width():
    a = facts(inputs()).activations
    assert (a.xavier_std, a.he_std) == pytest.approx((1 / math.sqrt(2), 1.0))  # n_units = 2
    assert a.relu_half == pytest.approx(math.sqrt(0.5))
    assert a.stack == 3 * 2  # the settings of one activation times the seeds
    assert (a.saturation_margin, a.centre_margin) == (0.05, 0.1)


def test_compare_facts_early_loss_is_the_first_tenth():
    loss = np.full((2, 3, 40), 0.5)
    loss[:, INITS.index("Xavier"), :4] = 2.3
    loss[:, INITS.index("He"), :4] = 1.5
    c = facts(inputs(init_compare=compare(loss=loss, iterations=40))).compare
    assert c.early == 4
    assert (c.xavier.early_loss, c.he.early_loss) == pytest.approx((2.3, 1.5))
    assert c.he_ahead_early
    loss[:, INITS.index("He"), :4] = 2.4
    assert not facts(inputs(init_compare=compare(loss=loss, iterations=40))).compare.he_ahead_early


def test_compare_facts_epochs_and_stack():
    c = facts(inputs(init_compare=with_pool(compare(iterations=4), 64))).compare
    assert (c.n_train, c.epochs, c.stack) == (64, pytest.approx(4 * 32 / 64), 6)


def test_compare_facts_twin_is_the_optimizers_pages_sgd_run():
    loss = np.full((2, len(OPTIMIZERS), 4), 1.0)
    loss[:, OPTIMIZERS.index("SGD")] = [[0.2] * 4, [0.4] * 4]
    test_acc = np.full((2, len(OPTIMIZERS)), 0.5)
    test_acc[:, OPTIMIZERS.index("SGD")] = [0.9, 0.8]
    twin = facts(inputs(optimizer_compare=optimizers(loss=loss, test_acc=test_acc))).compare.sgd_twin
    assert (twin.final_loss, twin.test_acc) == pytest.approx((0.3, 0.85))


def test_compare_facts_no_twin_when_missing_or_set_up_differently():
    assert facts(inputs()).compare.sgd_twin is None
    assert facts(inputs(optimizer_compare=optimizers(lr_sgd=0.1))).compare.sgd_twin is None
    assert facts(inputs(optimizer_compare=optimizers(iterations=8, loss=np.ones((2, 6, 8))))).compare.sgd_twin is None
    assert facts(inputs(optimizer_compare=optimizers(hidden_sizes=[16]))).compare.sgd_twin is None


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    experiments = (init_symmetry.EXPERIMENT, activation_histograms.EXPERIMENT, init_compare.EXPERIMENT)
    return quick_results(tmp_path_factory, experiments)


def test_initialization_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "initialization")
    check_lesson_page(pages, (init_symmetry.EXPERIMENT, activation_histograms.EXPERIMENT, init_compare.EXPERIMENT))


def test_initialization_page_shows_the_engine_code_beside_the_ideas(results_dir):
    for page in render_page(results_dir, "initialization").values():
        for title in ("generator/engine/init.py · init_weight", "generator/engine/init.py · init_std",
                      "activation_histograms/train.py · run", "init_compare/train.py · train_members"):
            assert page.count(title) == 1
        order = ["{ #init-symmetry }", "init.py · init_weight", "{ #init-activations }", "{ #init-xavier }",
                 "init.py · init_std", "{ #init-tanh }", "{ #init-mnist }", "train.py · train_members"]
        assert [page.index(text) for text in order] == sorted(page.index(text) for text in order)


def test_initialization_page_shows_the_results_accuracies(results_dir):
    symmetry_acc = load(results_dir, "init-symmetry").metrics.test_acc
    compare_acc = load(results_dir, "init-compare").metrics.test_acc
    for page in render_page(results_dir, "initialization").values():
        assert pct(np.mean(symmetry_acc[:, VARIANTS.index("random")])) in page
        assert pct(np.mean(compare_acc[:, INITS.index("He")])) in page


def test_initialization_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "initialization", mark_insertions=True)["ko"]) == []
