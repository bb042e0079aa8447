import numpy as np
import pytest

from generator.experiments import activation_histograms, init_compare, init_symmetry
from generator.experiments.activation_histograms import SETTINGS
from generator.experiments.init_compare import INITS
from generator.experiments.init_symmetry import VARIANTS
from generator.results import Claims
from generator.site.facts import SiteInputs
from generator.site.facts.initialization import facts
from generator.site.korean import particle_problems
from generator.site.format import pct
from tests.support import check_section_page, load, make_result, quick_results, render_page

START_AXIS = ("start", VARIANTS, ("영", "상수", "무작위"), ("zero", "constant", "random"))
SETTING_AXIS = ("setting", SETTINGS, SETTINGS, SETTINGS)
INIT_AXIS = ("init", INITS, ("작게", "사비에르", "히"), ("small", "Xavier", "He"))
SYMMETRY_CONFIG = {"hidden_size": 4, "activation": "sigmoid", "lr": 0.1, "batch_size": 10, "iterations": 20,
                   "constant": 0.01, "random_std": 0.01}
HISTOGRAM_CONFIG = {"n_samples": 10, "n_units": 2, "n_layers": 3, "bins": 4, "large_std": 1.0, "small_std": 0.01,
                    "relu_max": 1.0}
COMPARE_CONFIG = {"hidden_sizes": [16, 16], "lr": 0.01, "batch_size": 32, "iterations": 4, "small_std": 0.01}


def symmetry(spread=None, distinct=None, test_acc=None):
    """Two seeds, three starts, three checkpoints."""
    spread = np.zeros((2, 3, 3)) if spread is None else spread
    spread[:, VARIANTS.index("random")] = 1.0
    distinct = np.array([[1, 1, 4], [1, 1, 4]]) if distinct is None else distinct
    test_acc = np.full((2, 3), 0.1) if test_acc is None else test_acc
    metrics = {"unit_spread_trace": spread, "distinct_units": distinct, "test_acc": test_acc}
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


def inputs(**results):
    made = {"init-symmetry": symmetry(), "activation-histograms": histograms(), "init-compare": compare()}
    made.update({key.replace("_", "-"): value for key, value in results.items()})
    return SiteInputs(made, Claims(), provenance=None)


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


def test_activation_facts_tanh_saturation_averages_layers_and_seeds():
    saturated = np.zeros((2, len(SETTINGS), 3))
    saturated[:, SETTINGS.index("tanh-large")] = [[0.9, 0.8, 0.7], [0.7, 0.8, 0.9]]
    a = facts(inputs(activation_histograms=histograms(saturated_frac=saturated))).activations
    assert a.tanh_large_saturated == pytest.approx(0.8)


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
    assert (c.he.label.en, c.small.label.ko) == ("He", "작게")
    test_acc[:, INITS.index("He")] = 0.85
    assert not facts(inputs(init_compare=compare(loss=loss, test_acc=test_acc))).compare.he_ahead_at_end


def test_compare_facts_he_margin_is_a_size_when_he_is_behind():
    loss = np.full((2, 3, 4), 2.3)
    loss[:, INITS.index("Xavier")] = 0.2
    loss[:, INITS.index("He")] = 0.5
    c = facts(inputs(init_compare=compare(loss=loss))).compare
    assert c.he_margin == pytest.approx(0.3)
    assert (c.hidden_layers, c.hidden_units, c.dataset) == (2, 16, "mnist-10k")


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    experiments = (init_symmetry.EXPERIMENT, activation_histograms.EXPERIMENT, init_compare.EXPERIMENT)
    return quick_results(tmp_path_factory, experiments)


def test_initialization_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "initialization")
    figure_ids = [spec.id for e in (init_symmetry, activation_histograms, init_compare) for spec in e.EXPERIMENT.figure_specs()]
    check_section_page(pages, "initialization", figure_ids)
    for page in pages.values():
        assert "—" not in page.split("{ #claims-initialization }")[0]  # num() and pct() print NaN as —
        assert "claims.md#claim-activations-tanh-xavier-keep-width" in page


def test_initialization_page_shows_the_results_accuracies(results_dir):
    symmetry_acc = load(results_dir, "init-symmetry").metrics.test_acc
    compare_acc = load(results_dir, "init-compare").metrics.test_acc
    for page in render_page(results_dir, "initialization").values():
        assert pct(np.mean(symmetry_acc[:, VARIANTS.index("random")])) in page
        assert pct(np.mean(compare_acc[:, INITS.index("He")])) in page


def test_initialization_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "initialization", mark_insertions=True)["ko"]) == []
