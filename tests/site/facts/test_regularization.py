import numpy as np
import pytest

from generator.experiments import overfitting
from generator.results import Claims
from generator.site.facts import SiteInputs
from generator.site.facts.regularization import facts
from generator.site.korean import particle_problems
from tests.support import check_section_page, make_result, quick_results, render_page

VARIANT_AXIS = ("variant", ("baseline", "weight-decay", "dropout"), ("없음", "감소", "드롭"), ("none", "decay", "drop"))
CONFIG = {"n_train": 300, "hidden_sizes": [100] * 6, "lr": 0.01, "batch_size": 100, "epochs": 3,
          "weight_decay": 0.1, "dropout_ratio": 0.2}


def inputs(train, test):
    """Two seeds, three variants, four evaluations (epochs 0..3)."""
    result = make_result("overfitting", CONFIG, {"train_acc": train, "test_acc": test}, axes=[VARIANT_AXIS])
    return SiteInputs({"overfitting": result}, Claims(), provenance=None)


def test_regularization_facts_average_the_last_epochs_over_seeds():
    train = np.zeros((2, 3, 4))
    test = np.zeros((2, 3, 4))
    train[:, 0] = [[0.5, 0.9, 1.0, 1.0], [0.5, 0.8, 0.9, 1.0]]
    test[:, 0] = [[0.4, 0.6, 0.7, 0.7], [0.4, 0.6, 0.7, 0.8]]
    train[:, 2] = [[0.2, 0.3, 0.4, 0.5], [0.1, 0.2, 0.3, 0.3]]
    f = facts(inputs(train, test))
    assert f.window == 4  # fewer evaluations than the default window: all of them
    assert f.baseline.train == pytest.approx(np.mean(train[:, 0]))
    assert f.baseline.gap == pytest.approx(np.mean(train[:, 0]) - np.mean(test[:, 0]))
    assert f.dropout_train_lowest == pytest.approx(np.mean([0.1, 0.2, 0.3, 0.3]))
    assert f.dropout_train_highest == pytest.approx(np.mean([0.2, 0.3, 0.4, 0.5]))
    assert f.runs[1].label.en == "decay" and f.runs[2].label.ko == "드롭"
    assert (f.hidden_layers, f.hidden_units, f.seeds) == (6, 100, 2)


def test_regularization_facts_find_the_first_epoch_every_seed_is_perfect():
    train = np.zeros((2, 3, 4))
    train[:, 0] = [[0.5, 1.0, 1.0, 1.0], [0.5, 0.9, 1.0, 1.0]]
    assert facts(inputs(train, train)).first_perfect_epoch == 2
    train[1, 0, 2] = 0.99
    assert facts(inputs(train, train)).first_perfect_epoch == 3
    train[1, 0, 3] = 0.99
    assert facts(inputs(train, train)).first_perfect_epoch is None


def test_regularization_facts_test_changes_are_against_the_baseline():
    train = np.ones((2, 3, 4))
    test = np.full((2, 3, 4), 0.8)
    test[:, 1] = 0.75
    test[:, 2] = 0.5
    f = facts(inputs(train, test))
    assert f.weight_decay_test_change == pytest.approx(-0.05)
    assert f.dropout_test_change == pytest.approx(-0.3)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, (overfitting.EXPERIMENT,))


def test_regularization_page_renders_in_both_languages(results_dir):
    pages = render_page(results_dir, "regularization")
    figure_ids = [spec.id for spec in overfitting.EXPERIMENT.figure_specs()]
    check_section_page(pages, "regularization", figure_ids)
    f_en = pages["en"].split("{ #claims-regularization }")[0]
    assert "—" not in f_en and "\\lambda = 0.1" in f_en


def test_regularization_korean_particles_agree(results_dir):
    assert particle_problems(render_page(results_dir, "regularization", mark_insertions=True)["ko"]) == []
