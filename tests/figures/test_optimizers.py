import numpy as np
import pytest

from generator.experiments import optimizer_compare, optimizer_paths
from generator.figures import optimizers
from generator.results import load_results
from tests.figures.common import REPO, SEEDS, anchors, check_section_page, quick_results, render_pages

EXPERIMENTS = (optimizer_paths.EXPERIMENT, optimizer_compare.EXPERIMENT)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, EXPERIMENTS)


@pytest.fixture(scope="module")
def results(results_dir):
    return load_results(results_dir)


def test_optimizer_order_is_the_one_templates_index_by():
    # templates/*/optimizers.md.j2 index the metrics' optimizer axis with this list
    order = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
    assert optimizer_paths.OPTIMIZERS == order
    assert optimizer_compare.OPTIMIZERS == order
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "optimizers.md.j2").read_text()
        assert '{% set names = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"] %}' in text


def test_paths_data_has_a_row_per_seed_optimizer_and_point(results):
    result = results["optimizer-paths"]
    header, rows = optimizers.data_paths(result)
    assert header == ["optimizer", "lr", "seed", "step", "x", "y", "f", "distance"]
    steps = result.config["steps"]
    assert len(rows) == len(SEEDS) * len(optimizer_paths.OPTIMIZERS) * (steps + 1)
    first = rows[0]
    assert first[:4] == ["SGD", result.config["lr_sgd"], 0, 0]
    assert (first[4], first[5]) == (result.config["start_x"], result.config["start_y"])
    last_sgd = rows[steps]
    assert last_sgd[7] == pytest.approx(result.metrics.final_distance[0, 0])


def test_distance_data_matches_final_distance(results):
    result = results["optimizer-paths"]
    header, rows = optimizers.data_distance(result)
    assert header == ["optimizer", "seed", "step", "distance"]
    steps = result.config["steps"]
    finals = {(r[0], r[1]): r[3] for r in rows if r[2] == steps}
    for i, name in enumerate(optimizer_paths.OPTIMIZERS):
        assert finals[(name, 0)] == pytest.approx(result.metrics.final_distance[0, i])


def test_compare_loss_data_has_raw_and_smoothed_loss_per_iteration(results):
    result = results["optimizer-compare"]
    header, rows = optimizers.data_compare_loss(result)
    assert header == ["optimizer", "seed", "iteration", "loss", "smoothed_loss"]
    iterations = result.config["iterations"]
    assert len(rows) == len(SEEDS) * len(optimizer_compare.OPTIMIZERS) * iterations
    assert rows[0][:3] == ["SGD", 0, 1] and rows[iterations - 1][2] == iterations
    assert rows[0][3] == pytest.approx(result.metrics.loss[0, 0, 0])


def test_compare_accuracy_data_has_a_row_per_seed_and_optimizer(results):
    result = results["optimizer-compare"]
    header, rows = optimizers.data_compare_accuracy(result)
    assert header == ["optimizer", "seed", "test_acc", "diverged_at"]
    assert len(rows) == len(SEEDS) * len(optimizer_compare.OPTIMIZERS)
    assert rows[1][:2] == ["SGD", 1] and rows[1][2] == pytest.approx(result.metrics.test_acc[1, 0])


@pytest.fixture(scope="module")
def pages(results_dir, tmp_path_factory):
    """The optimizers and summary pages as written, from the optimizer experiments' results only."""
    return render_pages(results_dir, tmp_path_factory.mktemp("site"), ("optimizers", "summary"), optimizers.FIGURES)


def test_pages_render_numbers_from_results_in_both_languages(pages, results):
    check_section_page(pages["optimizers"], "optimizers", optimizers.FIGURES)
    paths = results["optimizer-paths"].metrics
    compare = results["optimizer-compare"].metrics
    for page in pages["optimizers"].values():
        assert f"{paths.final_distance[0, 0]:.3f}" in page  # SGD's distance in the table
        assert f"{100 * np.mean(compare.test_acc[:, 5]):.1f}%" in page  # Adam's test accuracy
        assert "—" not in page.split("{ #claims-optimizers }")[0]  # num() and pct() print NaN as —


def test_summary_renders_with_only_some_experiments(pages, results):
    # Only the optimizer experiments ran: their take-away carries numbers, the others only text.
    accuracy = results["optimizer-compare"].metrics.test_acc
    for summary in pages["summary"].values():
        assert "optimizers.md#claim-optimizer-compare-adam-below-sgd" in summary
        assert f"{100 * np.mean(accuracy[:, 0]):.1f}%" in summary  # SGD's test accuracy
        assert "regularization.md#claim-" not in summary
        assert "—" not in summary
    assert anchors(pages["summary"]["ko"]) == anchors(pages["summary"]["en"])
    assert len(anchors(pages["summary"]["ko"])) == 6
