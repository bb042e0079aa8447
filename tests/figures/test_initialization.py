import numpy as np
import pytest

from generator.experiments import activation_histograms, init_compare, init_symmetry
from generator.figures import initialization
from generator.results import load_results
from tests.figures.common import (
    REPO,
    SEEDS,
    check_section_page,
    figure_spec,
    quick_results,
    render_pages,
    with_metrics,
)

EXPERIMENTS = (init_symmetry.EXPERIMENT, activation_histograms.EXPERIMENT, init_compare.EXPERIMENT)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    return quick_results(tmp_path_factory, EXPERIMENTS)


@pytest.fixture(scope="module")
def results(results_dir):
    return load_results(results_dir)


def test_experiment_orders_are_the_ones_templates_index_by():
    # templates/*/initialization.md.j2 index the metrics' variant, setting and init axes with these dicts
    assert init_symmetry.VARIANTS == ("zero", "constant", "random")
    assert init_compare.INITS == ("std=0.01", "Xavier", "He")
    settings = ", ".join(f'"{s}": {k}' for k, s in enumerate(activation_histograms.SETTINGS))
    for lang in ("ko", "en"):
        text = (REPO / "templates" / lang / "initialization.md.j2").read_text()
        assert '{% set V = {"zero": 0, "constant": 1, "random": 2} %}' in text
        assert "{% set H = {" + settings + "} %}" in text
        assert '{% set I = {"small": 0, "xavier": 1, "he": 2} %}' in text


def test_symmetry_spread_data_has_a_row_per_start_seed_and_checkpoint(results):
    result = results["init-symmetry"]
    header, rows = figure_spec("fig-init-symmetry-spread").data(result)
    assert header == ["start", "seed", "iteration", "unit_spread", "distinct_units_at_end", "w1_max_change"]
    points = result.metrics.trace_iteration.shape[1]
    assert len(rows) == len(init_symmetry.VARIANTS) * len(SEEDS) * points
    assert rows[0][:3] == ["zero", 0, 0]
    zero = [r[3] for r in rows if r[0] in ("zero", "constant")]
    assert all(v == 0 for v in zero)


def test_symmetry_spread_says_the_equal_starts_sit_at_exactly_zero(results):
    fig = figure_spec("fig-init-symmetry-spread").draw(results["init-symmetry"], "en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("exactly 0" in t for t in texts)
    assert fig.axes[0].get_yscale() == "symlog"


def test_symmetry_accuracy_data_has_loss_per_iteration_and_one_accuracy_per_run(results):
    result = results["init-symmetry"]
    header, rows = figure_spec("fig-init-symmetry-accuracy").data(result)
    assert header == ["start", "seed", "quantity", "iteration", "value", "smoothed_value"]
    iterations = result.config["iterations"]
    runs = len(init_symmetry.VARIANTS) * len(SEEDS)
    assert sum(r[2] == "train_loss" for r in rows) == runs * iterations
    accuracy = [r for r in rows if r[2] == "test_acc"]
    assert len(accuracy) == runs
    assert accuracy[-1][4] == pytest.approx(result.metrics.test_acc[-1, -1])


@pytest.mark.parametrize("activation", ("sigmoid", "tanh", "relu"))
def test_histogram_data_has_every_bin_of_every_layer(activation, results):
    result = results["activation-histograms"]
    header, rows = figure_spec(f"fig-activation-histograms-{activation}").data(result)
    assert header == ["setting", "layer", "seed", "quantity", "bin_lo", "bin_hi", "value"]
    config = result.config
    settings = [s for s in activation_histograms.SETTINGS if s.startswith(activation + "-")]
    counts = [r for r in rows if r[3] == "count"]
    assert len(counts) == len(settings) * config["n_layers"] * len(SEEDS) * config["bins"]
    assert {r[0] for r in rows} == set(settings)
    k = activation_histograms.SETTINGS.index(settings[0])
    first_layer = [r[6] for r in counts if r[0] == settings[0] and r[1] == 1 and r[2] == 0]
    assert first_layer == list(result.metrics.hist_counts[0, k, 0])
    hist_range = activation_histograms.Config(**config).hist_range(settings[0])
    assert (counts[0][4], counts[config["bins"] - 1][5]) == pytest.approx(hist_range)


def test_relu_histograms_state_share_of_zeros_and_of_values_beyond_the_range(results):
    fig = figure_spec("fig-activation-histograms-relu").draw(results["activation-histograms"], "en")
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "=0:" in texts
    assert ">1:" in texts  # He puts some activations above the book's range (0, 1)


def test_outside_frac_counts_what_the_histogram_leaves_out(results):
    result = results["activation-histograms"]
    k = activation_histograms.SETTINGS.index("relu-he")
    beyond = initialization.outside_frac(result, k)
    assert beyond.shape == (len(SEEDS), result.config["n_layers"])
    assert (beyond > 0).any() and (beyond < 1).all()
    k = activation_histograms.SETTINGS.index("sigmoid-large")
    assert np.allclose(initialization.outside_frac(result, k), 0)  # (0, 1) holds every sigmoid output


def test_std_by_layer_data_matches_the_stored_std(results):
    result = results["activation-histograms"]
    header, rows = figure_spec("fig-activation-std-by-layer").data(result)
    assert header == ["setting", "seed", "layer", "std", "mean"]
    assert len(rows) == len(activation_histograms.SETTINGS) * len(SEEDS) * result.config["n_layers"]
    assert rows[-1][3] == pytest.approx(result.metrics.std[-1, -1, -1])


def test_compare_loss_data_has_raw_and_smoothed_loss_per_iteration(results):
    result = results["init-compare"]
    header, rows = figure_spec("fig-init-compare-loss").data(result)
    assert header == ["init", "seed", "iteration", "loss", "smoothed_loss", "final_test_acc"]
    iterations = result.config["iterations"]
    assert len(rows) == len(init_compare.INITS) * len(SEEDS) * iterations
    assert rows[0][:3] == ["std=0.01", 0, 1] and rows[iterations - 1][2] == iterations
    assert rows[0][3] == pytest.approx(result.metrics.loss[0, 0, 0])
    assert rows[-1][5] == pytest.approx(result.metrics.test_acc[-1, -1])


def test_compare_loss_marks_diverged_seed_and_leaves_it_out_of_the_mean(results):
    result = results["init-compare"]
    loss = np.array(result.metrics.loss, dtype=np.float64)
    diverged_at = np.array(result.metrics.diverged_at)
    loss[1, 2, 5:] = np.nan
    diverged_at[1, 2] = 6
    fig = initialization.draw_compare_loss(with_metrics(result, loss=loss, diverged_at=diverged_at), "en")
    ax = fig.axes[0]
    assert any("1 of 2 seeds diverged" in t.get_text() for t in ax.texts)
    he = next(line for line in ax.lines if line.get_label().startswith("He"))
    assert np.isfinite(he.get_ydata()).all()


def test_page_renders_numbers_from_results_in_both_languages(results_dir, results, tmp_path):
    pages = render_pages(results_dir, tmp_path, ("initialization",), initialization.FIGURES)["initialization"]
    check_section_page(pages, "initialization", initialization.FIGURES)
    symmetry = results["init-symmetry"].metrics
    compare = results["init-compare"].metrics
    for page in pages.values():
        assert f"{100 * np.mean(symmetry.test_acc[:, 2]):.1f}%" in page  # the random start's accuracy
        assert f"{100 * np.mean(compare.test_acc[:, 2]):.1f}%" in page  # He's accuracy
        assert "—" not in page.split("{ #claims-initialization }")[0]  # num() and pct() print NaN as —
