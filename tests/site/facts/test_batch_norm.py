import re

import numpy as np
import pytest

from generator.experiments import batchnorm_gradcheck, batchnorm_overfitting, batchnorm_sweep
from generator.results import Claims, load_claims, load_results
from generator.site.facts import SiteInputs
from generator.site.facts.batch_norm import facts
from generator.site.format import pct
from generator.site.korean import particle_problems
from tests.support import anchors, make_result, quick_results, render_page

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
OVERFIT_CONFIG = {"n_train": 300, "hidden_sizes": [100] * 6, "lr": 0.01, "batch_size": 100, "epochs": 60,
                  "dropout_ratio": 0.2, "eval_every": 10, "precision": "float32"}
OVERFIT_EPOCHS = (0, 10, 20, 30, 40, 50, 60)
OVERFIT_AXES = [("variant", ("plain", "batch-norm", "dropout", "batch-norm-dropout"), ("없음", "BN", "드롭", "둘 다"),
                 ("neither", "BN", "drop", "both"))]


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
        "max_rel_error_smooth": np.full((2, P), 1e-9),
        "kink_entries": np.zeros((2, P), dtype=int),
        "max_rel_error_small_h": np.full((2, P), 2e-9),
        "max_rel_error_smooth_small_h": np.full((2, P), 2e-9),
        "kink_entries_small_h": np.zeros((2, P), dtype=int),
        "max_abs_analytic": np.ones((2, P)),
        "max_abs_numerical": np.ones((2, P)),
        "nonzero_frac": np.full((2, P), 0.9),
        "nonzero_frac_batch1": single,
    }
    metrics["max_abs_analytic"][:, [1, 5]] = 1e-12
    metrics["max_abs_numerical"][:, [1, 5]] = 1e-11
    metrics.update(changed)
    return make_result("batchnorm-gradcheck", CHECK_CONFIG, metrics, axes=CHECK_AXES)


def overfit(train=None, test=None):
    """The four overfitting runs of two seeds, measured at OVERFIT_EPOCHS; by default the plain network learns
    its training images by epoch 40 and batch norm by epoch 20, and batch norm ends lower on the test images."""
    shape = (2, 4, len(OVERFIT_EPOCHS))
    if train is None:
        train = np.zeros(shape)
        train[:, 0] = [0.1, 0.5, 0.9, 0.99, 1.0, 1.0, 1.0]
        train[:, 1] = [0.1, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0]
        train[:, 2] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
        train[:, 3] = [0.1, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9]
    if test is None:
        test = np.zeros(shape)
        test[:, 0] = 0.8
        test[:, 1] = 0.6
        test[:, 2] = [0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.4]
        test[:, 3] = 0.7
    metrics = {"train_acc": train, "test_acc": test, "diverged_at": np.full((2, 4), -1),
               "eval_epochs": np.tile(OVERFIT_EPOCHS, (2, 1))}
    return make_result("batchnorm-overfitting", OVERFIT_CONFIG, metrics, axes=OVERFIT_AXES)


def inputs(sweep_result, check_result=None, overfit_result=None, regularization_result=None):
    results = {"batchnorm-sweep": sweep_result, "batchnorm-overfitting": overfit_result or overfit(),
               "batchnorm-gradcheck": check_result or check()}
    if regularization_result is not None:
        results["overfitting"] = regularization_result
    return SiteInputs(results, Claims(), provenance=None)


REGULARIZATION_VARIANTS = ("baseline", "weight-decay", "dropout", "inverted-dropout")


def regularization(baseline_test, dropout_test, epochs=30, dropout_epochs=40):
    """The regularization page's overfitting result for two seeds: every epoch measured (0 to dropout_epochs),
    the baseline at ``baseline_test`` from its epochs - 9 to its epochs and the dropout run at ``dropout_test``
    over the same epochs (and 0.9 after them); training accuracy 1 for the baseline."""
    shape = (2, len(REGULARIZATION_VARIANTS), dropout_epochs + 1)
    train, test = np.full(shape, 0.5), np.full(shape, 0.1)
    train[:, 0, : epochs + 1] = 1.0
    test[:, 0, epochs - 9 : epochs + 1] = np.asarray(baseline_test)[:, None]
    test[:, 2, epochs - 9 : epochs + 1] = np.asarray(dropout_test)[:, None]
    test[:, 2, epochs + 1 :] = 0.9
    last = np.tile([epochs, epochs, dropout_epochs, dropout_epochs], (2, 1))
    metrics = {"train_acc": train, "test_acc": test, "epochs": last, "hidden_layers": np.full((2, 4), 6)}
    axes = [("variant", REGULARIZATION_VARIANTS, REGULARIZATION_VARIANTS, REGULARIZATION_VARIANTS)]
    return make_result("overfitting", {"n_train": 300, "epochs": epochs, "drop_epochs": dropout_epochs}, metrics,
                       axes=axes)


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


def test_batch_norm_facts_say_when_a_divergence_falls_in_the_first_epoch():
    assert not facts(inputs(sweep(FINAL, DIVERGED))).sweep.plain_diverged[0].in_first_epoch  # update 5, 4 an epoch
    diverged = np.array(DIVERGED)
    diverged[0, 0, 1] = 3
    (d,) = facts(inputs(sweep(FINAL, diverged))).sweep.plain_diverged
    assert d.in_first_epoch and (d.epochs.first, d.epochs.last) == (1, 1)


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


def test_batch_norm_facts_count_scales_per_seed_as_a_range():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert (f.final_ahead.low, f.final_ahead.high, f.final_ahead.single) == (3, 3, True)
    # at or below 20%, or diverged: 1, 0.01 and 0.001 in seed 0; only 0.001 in seed 1 (0.3 at 1 and at 0.01)
    assert (f.not_learning.low, f.not_learning.high, f.not_learning.single) == (1, 3, False)
    assert f.early_ahead == f.final_ahead  # epoch 5 lies past these two epochs: the claim reads the last one


def test_batch_norm_facts_spread_is_the_claims_statistic_over_the_wide_scales():
    f = facts(inputs(sweep(FINAL, DIVERGED))).sweep
    assert (f.wide_scale_max, f.wide_scale_min) == (1.0, 0.01)
    bn = np.mean([0.9 - 0.5, 0.9 - 0.7])
    plain = np.mean([0.9 - 0.0, 0.95 - 0.3])  # the diverged network counts as 0
    assert f.spread_difference == pytest.approx(bn - plain)
    assert f.spread_difference_size == pytest.approx(plain - bn)
    assert (f.batch_norm_spread, f.plain_spread) == (pytest.approx(bn), pytest.approx(plain))
    assert f.early_epoch == 2 and f.chance_like == batchnorm_sweep.CHANCE_LIKE


def test_batch_norm_facts_overfitting_runs_average_the_last_measurements():
    f = facts(inputs(sweep(FINAL))).overfit
    assert f.window == len(OVERFIT_EPOCHS)  # fewer measurements than the claims' window: all of them
    assert f.plain.train == pytest.approx(np.mean([0.1, 0.5, 0.9, 0.99, 1.0, 1.0, 1.0]))
    assert f.batch_norm.test == pytest.approx(0.6) and f.both.test == pytest.approx(0.7)
    assert f.batch_norm.gap == pytest.approx(f.batch_norm.train - 0.6)
    assert [r.label.en for r in f.runs] == ["neither", "BN", "drop", "both"]
    assert (f.hidden_layers, f.hidden_units, f.eval_every, f.seeds) == (6, 100, 10, 2)


def test_batch_norm_facts_overfitting_first_perfect_epochs_and_who_memorises_sooner():
    f = facts(inputs(sweep(FINAL))).overfit
    assert (f.plain_perfect_epoch, f.batch_norm_perfect_epoch) == (40, 20) and f.batch_norm_memorises_sooner
    train = overfit().metrics["train_acc"].copy()
    train[1, 1, 2] = 0.99  # seed 1 with batch norm misses one image at epoch 20: every seed perfect only from 30
    train[:, 0, :] = 0.9  # the plain network never gets there
    f = facts(inputs(sweep(FINAL), overfit_result=overfit(train=train))).overfit
    assert (f.plain_perfect_epoch, f.batch_norm_perfect_epoch) == (None, 30) and f.batch_norm_memorises_sooner


def test_batch_norm_facts_overfitting_changes_have_sign_and_size():
    f = facts(inputs(sweep(FINAL))).overfit
    assert f.batch_norm_test.value == pytest.approx(-0.2) and f.batch_norm_test.size == pytest.approx(0.2)
    assert not f.batch_norm_test.higher
    assert f.dropout_with_batch_norm.value == pytest.approx(0.1) and f.dropout_with_batch_norm.higher
    assert f.batch_norm_gap.higher  # batch norm: train higher, test lower
    assert f.best_test.en == "neither" and f.best_test_is_plain


def test_batch_norm_facts_overfitting_late_gain_says_who_is_still_learning():
    f = facts(inputs(sweep(FINAL))).overfit
    assert f.late_epoch == 10  # 60 - 50
    assert f.dropout_late_gain == pytest.approx(0.3) and f.dropout_still_learning
    assert f.both_late_gain == pytest.approx(0.0) and not f.both_still_learning


def test_batch_norm_facts_overfitting_beside_the_regularization_page_without_its_result():
    assert facts(inputs(sweep(FINAL))).overfit.same_setting is None


def test_batch_norm_facts_overfitting_beside_the_regularization_page():
    test = overfit().metrics["test_acc"].copy()
    test[:, 0, -1] = [0.75, 0.85]  # the plain network: 0.8 on average over all 7 measurements
    test[:, 2, :] = [[0.3] * 7, [0.5] * 7]  # dropout: 0.4, from 0.3 to 0.5 over seeds
    x = facts(inputs(sweep(FINAL), overfit_result=overfit(test=test),
                     regularization_result=regularization([0.82, 0.80], [0.45, 0.47]))).overfit.same_setting
    assert (x.epochs, x.dropout_epochs, x.other_window_first) == (30, 40, 21)
    assert x.window_first == 0  # every one of the 7 measurements, from epoch 0
    assert x.plain_test == pytest.approx(0.81) and x.plain_gap == pytest.approx(0.19)
    assert x.plain_test_change.value == pytest.approx(np.mean([0.8 + 0.05 / 7, 0.8 - 0.05 / 7]) - 0.81)
    assert x.dropout_test == pytest.approx(0.46)  # over epochs 21-30, not its own last ten (0.9)
    assert x.dropout_test_change.value == pytest.approx(-0.06) and not x.dropout_test_change.higher
    assert (x.dropout_range.low, x.dropout_range.high) == (pytest.approx(0.3), pytest.approx(0.5))
    assert x.dropout_within_seeds
    assert x.plain_range.low == pytest.approx(0.8 - 0.05 / 7) and x.plain_range.high == pytest.approx(0.8 + 0.05 / 7)
    assert not x.plain_within_seeds  # 0.81 lies above both seeds here


def test_batch_norm_facts_gradcheck_agrees_in_every_seed():
    g = facts(inputs(sweep(FINAL), check())).check
    assert g.agree_every_seed and g.worst_error == pytest.approx(1e-9)
    assert g.kink_entries == 0 and g.kink_seeds == 0 and g.kink_parameters == ()
    assert g.worst_error_small_step == pytest.approx(2e-9) and g.small_step_worse
    assert not g.worst_all_beyond_threshold
    assert g.entries == 784 * 8 + 64 + 80 + 8 * 6 + 10 and g.entries_text == "6,474"
    assert g.biases == ("b1", "b2") and g.bias_largest == pytest.approx(1e-11)
    assert g.batch1_nonzero_parameters == ("b3",) and g.batch1_nonzero_entries == 10
    assert g.batch1_nonzero_share == pytest.approx(10 / g.entries)


def test_batch_norm_facts_gradcheck_one_seed_across_the_kink():
    errors = np.full((2, len(NAMES)), 1e-9)
    errors[1, 4] = 3e-4  # W2 of seed 1: a ReLU input pushed across 0
    kinks = np.zeros((2, len(NAMES)), dtype=int)
    kinks[1, [0, 4]] = [2, 1]
    g = facts(inputs(sweep(FINAL), check(max_rel_error=errors, kink_entries=kinks))).check
    assert g.agree_every_seed and g.worst_error == pytest.approx(1e-9)  # judged off the kinks
    assert (g.kink_entries, g.kink_seeds, g.kink_parameters) == (3, 1, ("W1", "W2"))
    assert g.worst_error_all == pytest.approx(3e-4) and g.worst_all_beyond_threshold
    assert (g.worst_all_parameter, g.worst_all_seed) == ("W2", 1)
    assert batchnorm_gradcheck.AGREE > g.worst_error


def test_batch_norm_facts_gradcheck_a_wrong_formula_fails_off_the_kinks():
    errors = np.full((2, len(NAMES)), 1e-9)
    errors[:, 2] = 3e-2  # γ1 in every seed, no kink crossed: what a wrong backward formula looks like
    g = facts(inputs(sweep(FINAL), check(max_rel_error=errors, max_rel_error_smooth=errors))).check
    assert not g.agree_every_seed and g.worst_error == pytest.approx(3e-2)
    assert g.worst_all_parameter == "γ1"


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


EXPERIMENTS = (batchnorm_sweep.EXPERIMENT, batchnorm_overfitting.EXPERIMENT, batchnorm_gradcheck.EXPERIMENT)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, EXPERIMENTS)


SECTION_CLAIMS = {
    "bn-sweep": ("batchnorm-higher-final-accuracy", "batchnorm-learns-faster", "plain-fails-at-some-scales",
                 "plain-fails-at-most-scales", "batchnorm-less-dependent-on-init"),
    "bn-overfitting": ("batchnorm-narrows-gap", "batchnorm-raises-test-accuracy", "batchnorm-less-need-for-dropout"),
    "bn-gradcheck": ("batchnorm-gradcheck-agree", "batchnorm-gradcheck-agree-small-step", "batchnorm-gradcheck-kinks-rare",
                     "batchnorm-gradcheck-bias-zero"),
    "bn-gradcheck-batch1": ("batchnorm-gradcheck-batch-nonzero", "batchnorm-gradcheck-batch1-zero"),
}


def sections(page: str) -> dict[str, str]:
    """The text under each ``{ #id }`` heading of a page, up to the next heading, by id."""
    parts = re.split(r"^#+ .*\{ #([\w-]+) \}$", page, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_batch_norm_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "batch-norm")
    figure_ids = [spec.id for e in EXPERIMENTS for spec in e.figure_specs()]
    for page in pages.values():
        assert [page.count(f'id="{figure_id}"') for figure_id in figure_ids] == [1] * len(figure_ids)
        positions = [page.index(f'id="{figure_id}"') for figure_id in figure_ids]
        assert positions == sorted(positions)
        assert "{{" not in page.split("??? quote")[0]
        assert "$$" in page and r"\hat{x}_i" in page
        assert "784 → 8 → 8 → 10" in page
    assert anchors(pages["ko"]) == anchors(pages["en"])


def test_batch_norm_page_boxes_each_sections_claims_at_its_end_and_pastes_no_verdict(results_dir):
    for lang, page in render_page(results_dir, "batch-norm").items():
        assert "claims-batch-norm" not in anchors(page)  # no list of claims at the end
        assert "주장 “" not in page and "the claim “" not in page  # no verdict pasted into a sentence
        by_id = sections(page)
        for section, claim_ids in SECTION_CLAIMS.items():
            boxed = re.findall(r'data-claim="([\w-]+)"', by_id[section])
            assert tuple(boxed) == claim_ids, (lang, section)
            assert by_id[section].rstrip().endswith("</div>")  # the box closes the section


def test_batch_norm_page_shows_the_engines_forward_and_backward_beside_the_equations(results_dir):
    for page in render_page(results_dir, "batch-norm").values():
        by_id = sections(page)
        assert "BatchNormalization.forward" in by_id["bn-algorithm"] and "def forward(self, x, train=False):" in page
        assert "BatchNormalization.backward" in by_id["bn-backward"] and "dmu = dxc.sum(" in page
        assert "_relative_error" in by_id["bn-gradcheck"]


def test_batch_norm_page_states_the_sweeps_numbers(results_dir):
    f = facts(SiteInputs(load_results(results_dir), load_claims(results_dir), provenance=None)).sweep
    for page in render_page(results_dir, "batch-norm").values():
        assert f"{f.n_train}" in page and f"{f.n_scales}" in page
        assert pct(f.batch_norm_best.accuracy) in page


def test_batch_norm_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "batch-norm", mark_insertions=True)["ko"]) == []


def test_batch_norm_page_states_the_overfitting_runs(results_dir):
    f = facts(SiteInputs(load_results(results_dir), load_claims(results_dir), provenance=None)).overfit
    pages = render_page(results_dir, "batch-norm")
    for lang, page in pages.items():
        section = page.split("{ #bn-overfitting }")[1].split("{ #bn-gradcheck }")[0]
        assert "claim-batchnorm-narrows-gap" in section and "claim-batchnorm-less-need-for-dropout" in section
        for run in f.runs:
            assert f"| {pct(run.train)} | {pct(run.test)} |" in section
    assert "not checked on this site" not in pages["en"]
