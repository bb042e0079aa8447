import re

import numpy as np
import pytest

from generator.experiments import overfitting
from generator.results import Claims
from generator.site.facts import SiteInputs
from generator.site.facts.regularization import facts, reference
from generator.site.korean import particle_problems
from tests.support import check_lesson_page, make_result, quick_results, render_page

VARIANTS = ("baseline", "weight-decay", "dropout", "inverted-dropout", "layers-1")
VARIANT_AXIS = ("variant", VARIANTS, ("없음", "감소", "드롭", "역드롭", "1층"), ("none", "decay", "drop", "inverted", "one"))
MASK_AXIS = ("masks", (1, 4), ("1개", "4개"), ("one", "four"))
CONFIG = {"n_train": 300, "hidden_sizes": [100] * 6, "lr": 0.01, "batch_size": 100, "epochs": 3,
          "drop_epochs": 5, "weight_decay": 0.1, "dropout_ratio": 0.2, "fewer_layers": [1], "mc_masks": [1, 4]}
EPOCHS = [3, 3, 5, 5, 3]


def metrics(train, test, **changed):
    """Two seeds, five runs, evaluations 0..5 (NaN after a run's last epoch), and the rest made up."""
    train, test = np.array(train, dtype=np.float64), np.array(test, dtype=np.float64)
    for v, e in enumerate(EPOCHS):
        train[:, v, e + 1 :] = test[:, v, e + 1 :] = np.nan
    probs = np.zeros((2, 4, 10), dtype=np.uint8)
    probs[:, np.arange(4), [0, 1, 2, 3]] = 255
    probs[1, 3, [3, 5]] = (55, 200)  # seed 1 gets the last image wrong; the two together get it right
    arrays = {
        "train_acc": train, "test_acc": test,
        "weight_norm": np.tile(np.arange(6, dtype=np.float64) + 10, (2, 5, 1)),
        "epochs": np.tile(EPOCHS, (2, 1)), "hidden_layers": np.tile([6, 6, 6, 6, 1], (2, 1)),
        "diverged_at": np.full((2, 5), -1), "test_probs": probs, "test_labels": np.tile([0, 1, 2, 3], (2, 1)),
        "mc_acc": np.array([[0.4, 0.5], [0.6, 0.7]]),
    }
    return arrays | changed


def inputs(train, test, others=(), **changed):
    result = make_result("overfitting", CONFIG, metrics(train, test, **changed), axes=[VARIANT_AXIS, MASK_AXIS])
    return SiteInputs({"overfitting": result, **{r.experiment: r for r in others}}, Claims(), provenance=None)


def blank():
    return np.zeros((2, 5, 6)), np.zeros((2, 5, 6))


def test_regularization_facts_average_the_last_epochs_over_seeds():
    train, test = blank()
    train[:, 0, :4] = [[0.5, 0.9, 1.0, 1.0], [0.5, 0.8, 0.9, 1.0]]
    test[:, 0, :4] = [[0.4, 0.6, 0.7, 0.7], [0.4, 0.6, 0.7, 0.8]]
    train[:, 2] = [[0.2, 0.3, 0.4, 0.5, 0.6, 0.6], [0.1, 0.2, 0.3, 0.3, 0.3, 0.5]]
    f = facts(inputs(train, test))
    assert f.window == 4  # fewer evaluations than the default window: all of them
    assert (f.epochs, f.dropout_epochs) == (3, 5)
    assert f.baseline.train == pytest.approx(np.mean(train[:, 0, :4]))
    assert f.baseline.gap == pytest.approx(np.mean(train[:, 0, :4]) - np.mean(test[:, 0, :4]))
    assert f.dropout_train_lowest == pytest.approx(np.mean([0.3, 0.3, 0.3, 0.5]))  # the dropout run's own epochs 2..5
    assert f.dropout_train_highest == pytest.approx(np.mean([0.4, 0.5, 0.6, 0.6]))
    assert f.runs[1].label.en == "weight decay (λ = 0.1)" and f.runs[2].label.ko == "드롭아웃 (비율 0.2)"
    assert f.inverted_run.label.en == "inverted dropout (ratio 0.2)"
    assert (f.hidden_layers, f.hidden_units, f.seeds) == (6, 100, 2)


def test_regularization_facts_find_the_first_epoch_every_seed_is_perfect():
    train, _ = blank()
    train[:, 0, :4] = [[0.5, 1.0, 1.0, 1.0], [0.5, 0.9, 1.0, 1.0]]
    assert facts(inputs(train, train)).first_perfect_epoch == 2
    train[1, 0, 2] = 0.99
    assert facts(inputs(train, train)).first_perfect_epoch == 3
    train[1, 0, 3] = 0.99
    assert facts(inputs(train, train)).first_perfect_epoch is None


def test_regularization_facts_test_changes_are_against_the_baseline():
    train, test = np.ones((2, 5, 6)), np.full((2, 5, 6), 0.8)
    test[:, 1] = 0.75
    test[:, 2] = 0.5
    test[:, 3] = [[0.5] * 6, [0.6] * 6]
    f = facts(inputs(train, test))
    assert f.weight_decay_test.lower and f.weight_decay_test.size == pytest.approx(0.05)
    assert f.dropout_test.lower and f.dropout_test.size == pytest.approx(0.3)
    assert not f.inverted_vs_book.lower and f.inverted_vs_book.size == pytest.approx(0.05)


def test_regularization_facts_tell_changes_in_words():
    train, test = np.ones((2, 5, 6)), np.full((2, 5, 6), 0.8)
    test[:, 1] = 0.75
    test[:, 3] = 0.9
    test[:, 4] = 0.85
    f = facts(inputs(train, test))
    assert f.weight_decay_test.lower and f.weight_decay_test.size == pytest.approx(0.05)
    assert not f.dropout_test.lower and f.dropout_test.size == pytest.approx(0.0)
    assert not f.smallest_test.lower and f.smallest_test.size == pytest.approx(0.05)
    assert not f.inverted_vs_book.lower and f.inverted_vs_book.size == pytest.approx(0.1)
    assert not f.inverted_test.lower and f.inverted_test.size == pytest.approx(0.1)
    assert f.runs[0].label.ko == "억제 기법 없음"  # "정규화" names batch normalization in Korean
    assert not f.weight_decay_gap.lower and f.weight_decay_gap.size == pytest.approx(0.05)  # wider: test fell, train did not
    assert not f.narrower_but_lower
    train[:, 1], train[:, 2], test[:, 2] = 0.9, 0.6, 0.5
    f = facts(inputs(train, test))
    assert f.weight_decay_gap.lower and f.weight_decay_gap.size == pytest.approx(0.05)
    assert f.dropout_gap.lower and f.dropout_test.lower and f.narrower_but_lower


def test_regularization_reference_is_the_baseline_window_and_dropout_over_the_same_epochs():
    train, test = np.ones((2, 5, 6)), np.zeros((2, 5, 6))
    test[:, 0, :4] = [[0.7, 0.7, 0.8, 0.8], [0.6, 0.6, 0.6, 0.6]]
    test[:, 2] = [[0.1, 0.1, 0.2, 0.2, 0.9, 0.9], [0.3, 0.3, 0.4, 0.4, 0.9, 0.9]]
    r = reference(make_result("overfitting", CONFIG, metrics(train, test), axes=[VARIANT_AXIS, MASK_AXIS]))
    assert (r.n_train, r.epochs, r.window_start, r.dropout_epochs, r.dropout_ratio) == (300, 3, 0, 5, 0.2)
    assert r.test == pytest.approx(0.675) and r.gap == pytest.approx(0.325) and r.train == 1.0
    assert (r.test_lowest, r.test_highest) == (pytest.approx(0.6), pytest.approx(0.75))
    assert r.dropout_test == pytest.approx(0.25)  # epochs 0..3, not the dropout run's own last epochs
    assert (r.dropout_test_lowest, r.dropout_test_highest) == (pytest.approx(0.15), pytest.approx(0.35))
    assert facts(inputs(train, test)).reference == r


def test_regularization_facts_name_the_other_pages_of_the_same_setting():
    train, test = blank()
    assert facts(inputs(train, test)).same_setting == () and facts(inputs(train, test)).same_setting_epochs is None
    bn = make_result("batchnorm-overfitting", {"epochs": 200}, {"train_acc": np.zeros((2, 1, 1))})
    sweep = make_result("dropout-ratio", {"epochs": 200, "test_window": 10}, {"train_acc": np.zeros((2, 1, 1))})
    f = facts(inputs(train, test, others=(bn, sweep)))
    assert [(o.slug, o.anchor, o.epochs) for o in f.same_setting] == [("batch-norm", "bn-overfitting", 200),
                                                                      ("hyperparameters", "dropout-ratio", 200)]
    assert f.same_setting_epochs == 200 and f.same_setting[0].title.ko == "배치 정규화"
    sweep = make_result("dropout-ratio", {"epochs": 150, "test_window": 10}, {"train_acc": np.zeros((2, 1, 1))})
    assert facts(inputs(train, test, others=(bn, sweep))).same_setting_epochs is None


def test_regularization_facts_dropout_rise_is_over_the_epochs_the_others_stop_at():
    train, test = blank()
    test[:, 2] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    f = facts(inputs(train, test))
    assert f.dropout_test_at_epochs == pytest.approx(0.15)  # epochs 0..3, where the baseline's window lies
    assert f.dropout_test_rise == pytest.approx(np.mean([0.2, 0.3, 0.4, 0.5]) - 0.15)


def test_regularization_facts_sizes_run_from_the_smallest_network_to_the_baseline():
    train, test = blank()
    train[:, 4, :4] = 0.9
    test[:, 4, :4] = 0.7
    f = facts(inputs(train, test))
    assert [s.layers for s in f.sizes] == [1, 6] and f.smallest == f.sizes[0]
    assert f.smallest.parameters == 785 * 100 + 101 * 10
    assert f.sizes[1].parameters == 785 * 100 + 5 * 101 * 100 + 101 * 10
    assert f.smallest.gap == pytest.approx(0.2)


def test_regularization_facts_weights_ensemble_and_masks():
    f = facts(inputs(*blank()))
    assert (f.baseline_norm_start, f.baseline_norm_end, f.weight_decay_norm_end) == (10.0, 13.0, 13.0)
    assert f.baseline_norm_growth == pytest.approx(0.3)
    assert (f.member_test, f.member_best, f.member_worst) == (0.875, 1.0, 0.75)
    assert f.ensemble_size == 2 and f.ensemble_test == 1.0 and f.test_images == 4
    assert [(a.masks, a.test) for a in f.mc] == [(1, pytest.approx(0.5)), (4, pytest.approx(0.6))]
    assert f.mc_most.masks == 4 and f.scaled_test == 0.0
    assert f.scaled_vs_masks.lower and f.scaled_vs_masks.size == pytest.approx(0.6)
    assert f.inverted_init_factor == pytest.approx(1.25) and f.inverted_step_factor == pytest.approx(1.5625)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (overfitting.EXPERIMENT,))


def test_regularization_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "regularization")
    check_lesson_page(pages, (overfitting.EXPERIMENT,))
    for page in pages.values():
        assert "{: #reference-run }" in page and "ch6-data-note" in page
    assert "\\lambda = 0.1" in pages["en"] and "억제 기법 없음" in pages["ko"]


def test_regularization_page_shows_the_engine_code_beside_the_ideas(results_dir):
    for page in render_page(results_dir, "regularization").values():
        titles = ("network.py · MultiLayerNet.decay_loss", "network.py · MultiLayerNet.gradient", "layers.py · Dropout\"")
        assert [page.count(t) for t in titles] == [1, 1, 1]
        order = ["{ #weight-decay }", "network.py · MultiLayerNet.decay_loss", "network.py · MultiLayerNet.gradient",
                 'id="fig-overfitting-weight-decay"', "{ #dropout }", "layers.py · Dropout\"", 'id="fig-overfitting-dropout"']
        assert [page.index(text) for text in order] == sorted(page.index(text) for text in order)


def test_regularization_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "regularization", mark_insertions=True)["ko"]) == []
