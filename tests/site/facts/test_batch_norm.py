import numpy as np
import pytest

from generator.experiments import batchnorm_gradcheck, batchnorm_sweep
from generator.results import Claims, load_claims, load_results
from generator.site.facts import SiteInputs
from generator.site.facts.batch_norm import facts
from generator.site.format import pct
from generator.site.korean import particle_problems
from tests.support import check_section_page, make_result, quick_results, render_page

SCALES = (1.0, 0.1, 0.01, 0.001)
SWEEP_CONFIG = {"n_train": 200, "hidden_sizes": [100] * 5, "lr": 0.01, "batch_size": 50, "epochs": 2,
                "n_scales": 4, "log10_scale_max": 0.0, "log10_scale_min": -3.0}
SWEEP_AXES = [
    ("scale", SCALES, ("1", "0.1", "0.01", "0.001"), ("1", "0.1", "0.01", "0.001")),
    ("variant", ("batch-norm", "plain"), ("BN 사용", "BN 없음"), ("with BN", "without BN")),
]
NAMES = ("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3")
CHECK_CONFIG = {"hidden_sizes": [8, 8], "batch_size": 4, "h": 1e-5, "h_small": 1e-6}
CHECK_AXES = [("parameter", NAMES, NAMES, tuple(n.replace("gamma", "γ").replace("beta", "β") for n in NAMES))]


def sweep(final, diverged_at=None):
    """The sweep with final training accuracies ``final`` (S, scales, V); earlier epochs at 0.1."""
    final = np.asarray(final, dtype=np.float64)
    train = np.full((*final.shape, 3), 0.1)
    train[..., -1] = final
    diverged_at = np.full(final.shape, -1) if diverged_at is None else np.asarray(diverged_at)
    metrics = {"train_acc": train, "test_acc": final, "diverged_at": diverged_at,
               "scales": np.tile(SCALES, (final.shape[0], 1))}
    return make_result("batchnorm-sweep", SWEEP_CONFIG, metrics, axes=SWEEP_AXES)


def check(**changed):
    """A gradient check of two seeds where everything agrees; ``changed`` replaces metrics."""
    P = len(NAMES)
    entries = np.tile([784 * 8, 8, 8, 8, 64, 8, 8, 8, 80, 10], (2, 1))
    single = np.zeros((2, P))
    single[:, -1] = 1.0
    metrics = {
        "entries": entries,
        "max_rel_error": np.full((2, P), 1e-9),
        "max_rel_error_small_h": np.full((2, P), 1e-9),
        "max_abs_analytic": np.ones((2, P)),
        "max_abs_numerical": np.ones((2, P)),
        "nonzero_frac": np.full((2, P), 0.9),
        "nonzero_frac_batch1": single,
        "worst_rel_error_small_h": np.full(2, 1e-9),
    }
    metrics["max_abs_analytic"][:, [1, 5]] = 1e-12
    metrics["max_abs_numerical"][:, [1, 5]] = 1e-11
    metrics.update(changed)
    return make_result("batchnorm-gradcheck", CHECK_CONFIG, metrics, axes=CHECK_AXES)


def inputs(sweep_result, check_result=None):
    results = {"batchnorm-sweep": sweep_result, "batchnorm-gradcheck": check_result or check()}
    return SiteInputs(results, Claims(), provenance=None)


# (S, scales, V): batch norm ahead at 1 and 0.001, the plain network ahead at 0.1, diverged at 1
FINAL = [[[0.5, np.nan], [0.8, 0.9], [0.9, 0.2], [0.6, 0.1]],
         [[0.7, 0.3], [0.8, 0.95], [0.9, 0.3], [0.4, 0.1]]]
DIVERGED = [[[-1, 5], [-1, -1], [-1, -1], [-1, -1]],
            [[-1, -1], [-1, -1], [-1, -1], [-1, -1]]]


def test_batch_norm_facts_sort_scales_into_diverged_ahead_and_the_rest():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert [d.scale for d in f.plain_diverged] == ["1"]
    assert [(a.scale, a.accuracy) for a in f.plain_ahead] == [("0.1", pytest.approx(0.925))]
    assert f.plain_rest == 2
    assert (f.plain_rest_lowest, f.plain_rest_highest) == (pytest.approx(0.1), pytest.approx(0.25))


def test_batch_norm_facts_give_divergence_in_updates_and_epochs():
    diverged = np.array(DIVERGED)
    diverged[1, 0, 1] = 4  # both seeds now, at updates 4 and 5 (4 updates an epoch: epochs 1 and 2)
    (d,) = facts(inputs(sweep(FINAL, diverged))).sweep.plain_diverged
    assert d.every_seed and d.seeds == 2
    assert (d.updates.first, d.updates.last, d.updates.single) == (4, 5, False)
    assert (d.epochs.first, d.epochs.last) == (1, 2)


def test_batch_norm_facts_mark_the_item_before_last_for_and():
    final = np.array(FINAL)
    final[:, 2:, 1] = 1.0  # the plain network now ahead at 0.1, 0.01 and 0.001
    ahead = facts(inputs(sweep(final, DIVERGED))).sweep.plain_ahead
    assert [a.before_last for a in ahead] == [False, True, False]


def test_batch_norm_facts_batch_norm_best_worst_and_ends():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert (f.batch_norm_best.scale, f.batch_norm_best.accuracy) == ("0.01", pytest.approx(0.9))
    assert (f.batch_norm_worst.scale, f.batch_norm_worst.accuracy) == ("0.001", pytest.approx(0.5))
    assert f.batch_norm_at_largest == pytest.approx(0.6) and f.batch_norm_at_smallest == pytest.approx(0.5)
    assert f.batch_norm_diverged == 0


def test_batch_norm_facts_count_scales_ahead_as_a_whole_number_only_when_seeds_agree():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert f.higher_final_scales == 3 and f.higher_final_same_every_seed
    final = np.array(FINAL)
    final[1, 2, 0] = 0.3  # seed 1 loses 0.01 to the plain network
    f = facts(inputs(sweep(final, DIVERGED))).sweep
    assert f.higher_final_scales == pytest.approx(2.5) and not f.higher_final_same_every_seed


def test_batch_norm_facts_spread_is_the_claims_statistic_over_the_wide_scales():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert (f.wide_scale_max, f.wide_scale_min) == (1.0, 0.01)
    bn = np.mean([0.9 - 0.5, 0.9 - 0.7])
    plain = np.mean([0.9 - 0.0, 0.95 - 0.3])  # the diverged network counts as 0
    assert f.spread_difference == pytest.approx(bn - plain)
    assert f.spread_difference_size == pytest.approx(plain - bn)
    assert f.early_epoch == 2 and f.chance_like == batchnorm_sweep.CHANCE_LIKE


def test_batch_norm_facts_gradcheck_agrees_in_every_seed():
    g = facts(inputs(sweep(FINAL), check())).check
    assert g.agree_every_seed and g.worst_error == pytest.approx(1e-9)
    assert g.entries == 784 * 8 + 64 + 80 + 8 * 6 + 10 and g.entries_text == "6,474"
    assert g.biases == ("b1", "b2") and g.bias_largest == pytest.approx(1e-11)
    assert g.batch1_nonzero_parameters == ("b3",) and g.batch1_nonzero_entries == 10
    assert g.batch1_nonzero_share == pytest.approx(10 / g.entries)


def test_batch_norm_facts_gradcheck_one_seed_across_the_kink():
    errors = np.full((2, len(NAMES)), 1e-9)
    errors[1, 4] = 3e-4  # W2 of seed 1: a ReLU input pushed across 0
    g = facts(inputs(sweep(FINAL), check(max_rel_error=errors, worst_rel_error_small_h=np.array([1e-9, 2e-8])))).check
    assert not g.agree_every_seed
    assert g.worst_error == pytest.approx(3e-4) and g.worst_error_small_step == pytest.approx(2e-8)
    assert batchnorm_gradcheck.AGREE > g.worst_error_small_step


def test_batch_norm_facts_gradcheck_fewest_non_zero_skips_the_biases_before_norm():
    nonzero = np.full((2, len(NAMES)), 0.9)
    nonzero[:, 0] = [0.4, 0.6]
    nonzero[:, 1] = 0.0  # b1: zero by design, not "fewest"
    g = facts(inputs(sweep(FINAL), check(nonzero_frac=nonzero))).check
    assert g.fewest_nonzero == "W1" and g.fewest_in_first_layer
    assert g.fewest_nonzero_share == pytest.approx(0.5)
    nonzero[:, 6] = 0.2
    g = facts(inputs(sweep(FINAL), check(nonzero_frac=nonzero))).check
    assert g.fewest_nonzero == "γ2" and not g.fewest_in_first_layer


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (batchnorm_sweep.EXPERIMENT, batchnorm_gradcheck.EXPERIMENT))


def test_batch_norm_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "batch-norm")
    figure_ids = [spec.id for e in (batchnorm_sweep.EXPERIMENT, batchnorm_gradcheck.EXPERIMENT)
                  for spec in e.figure_specs()]
    check_section_page(pages, "batch-norm", figure_ids)
    for page in pages.values():
        body = page.split("{ #claims-batch-norm }")[0]
        assert "$$" in body and r"\hat{x}_i" in body
        assert "784 → 8 → 8 → 10" in body


def test_batch_norm_page_states_the_sweeps_numbers(results_dir):
    f = facts(SiteInputs(load_results(results_dir), load_claims(results_dir), provenance=None)).sweep
    for page in render_page(results_dir, "batch-norm").values():
        assert f"{f.n_train}" in page and f"{f.n_scales}" in page
        assert pct(f.batch_norm_best.accuracy) in page


def test_batch_norm_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "batch-norm", mark_insertions=True)["ko"]) == []
