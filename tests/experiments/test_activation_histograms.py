import dataclasses

import numpy as np
import pytest

from generator.experiments import activation_histograms
from generator.experiments.activation_histograms import SETTINGS, Config, figures, of, per_layer_factor
from generator.experiments.activation_histograms.train import run
from tests.support import SEEDS, Metrics, figure_spec, figure_text, load, quick_results

EXPERIMENT = activation_histograms.EXPERIMENT


def make_config(**overrides):
    return dataclasses.replace(EXPERIMENT.preset("quick"), **overrides)


@pytest.fixture(scope="module")
def quick_metrics():
    return run(make_config(), None, seeds=(0, 1))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load(quick_results(tmp_path_factory, (EXPERIMENT,)), "activation-histograms")


def test_activation_histograms_quick_metrics_have_seed_setting_layer_axes(quick_metrics):
    config = make_config()
    S, K, L = 2, len(SETTINGS), config.n_layers
    assert quick_metrics["hist_counts"].shape == (S, K, L, config.bins)
    assert quick_metrics["bin_edges"].shape == (S, K, config.bins + 1)
    for name in ("mean", "std", "saturated_frac", "centre_frac", "zero_frac"):
        assert quick_metrics[name].shape == (S, K, L), name


def test_activation_histograms_bounded_activations_fall_entirely_in_range(quick_metrics):
    config = make_config()
    totals = quick_metrics["hist_counts"].sum(axis=-1)  # (S, K, L)
    bounded = [k for k, s in enumerate(SETTINGS) if not s.startswith("relu")]
    assert (totals[:, bounded] == config.n_samples * config.n_units).all()
    assert (totals <= config.n_samples * config.n_units).all()
    assert np.allclose(of(quick_metrics, "bin_edges", "tanh-xavier")[:, [0, -1]], [-1.0, 1.0])
    assert np.allclose(of(quick_metrics, "bin_edges", "relu-he")[:, [0, -1]], [0.0, config.relu_max])


def test_activation_histograms_relu_has_no_saturation_and_about_half_zeros(quick_metrics):
    assert np.isnan(of(quick_metrics, "saturated_frac", "relu-he")).all()
    assert (np.abs(of(quick_metrics, "zero_frac", "relu-he") - 0.5) < 0.2).all()


def test_activation_histograms_quick_shows_the_books_contrasts(quick_metrics):
    assert (of(quick_metrics, "saturated_frac", "sigmoid-large") > of(quick_metrics, "saturated_frac", "sigmoid-xavier")).all()
    assert (of(quick_metrics, "std", "sigmoid-xavier") > of(quick_metrics, "std", "sigmoid-small")).all()
    assert (of(quick_metrics, "mean", "relu-small")[:, -1] < 1e-3 * of(quick_metrics, "mean", "relu-he")[:, -1]).all()


def test_activation_histograms_seed_does_not_depend_on_stack_neighbours(quick_metrics):
    alone = run(make_config(), None, seeds=(1,))
    for name, value in alone.items():
        assert np.array_equal(value[0], quick_metrics[name][1], equal_nan=True), name


def test_activation_histograms_settings_map_to_engine_initialisations():
    config = make_config(large_std=2.0, small_std=0.05)
    assert [config.weight_init(s) for s in SETTINGS] == [2.0, 0.05, "xavier", 2.0, 0.05, "xavier", 0.05, "xavier", "he"]


def test_activation_histograms_per_layer_factor_is_the_geometric_mean_over_layers():
    std = np.ones((1, len(SETTINGS), 3))
    std[0, SETTINGS.index("relu-xavier")] = [1.0, 0.5, 0.25]
    assert per_layer_factor(Metrics(std=std), "relu-xavier").tolist() == [0.5]


def test_activation_histograms_result_records_setting_activation_and_init_axes(result):
    assert result.axes["setting"].values == SETTINGS
    assert result.axes["setting"].label("sigmoid-large", "en") == f"sigmoid, std {result.config['large_std']:g}"
    assert result.axes["setting"].label("relu-he", "ko") == "ReLU, He"
    assert result.axes["activation"].label("sigmoid", "ko") == "시그모이드"
    assert result.axes["init"].label("small", "ko") == f"표준편차 {result.config['small_std']:g}"
    assert result.axes["init"].label("xavier", "en") == "Xavier"


def test_activation_histograms_claims_say_where_they_come_from():
    sources = {c.id: c.source for c in EXPERIMENT.claims}
    assert sources["activations-sigmoid-large-saturate"] == "book 6.2.2"
    assert sources["activations-relu-he-keep"] == "book 6.2.3"
    assert sources["activations-tanh-xavier-keep-width"] == "site"
    assert sources["activations-relu-xavier-half-per-layer"] == "site"


@pytest.mark.parametrize("activation", ("sigmoid", "tanh", "relu"))
def test_histogram_data_has_every_bin_of_every_layer(activation, result):
    header, rows = figure_spec(EXPERIMENT, f"fig-activation-histograms-{activation}").data(result)
    assert header == ["setting", "layer", "seed", "quantity", "bin_lo", "bin_hi", "value"]
    config = result.config
    settings = [s for s in SETTINGS if s.startswith(activation + "-")]
    counts = [r for r in rows if r[3] == "count"]
    assert len(counts) == len(settings) * config["n_layers"] * len(SEEDS) * config["bins"]
    assert {r[0] for r in rows} == set(settings)
    k = SETTINGS.index(settings[0])
    first_layer = [r[6] for r in counts if r[0] == settings[0] and r[1] == 1 and r[2] == 0]
    assert first_layer == list(result.metrics.hist_counts[0, k, 0])
    hist_range = Config(**config).hist_range(settings[0])
    assert (counts[0][4], counts[config["bins"] - 1][5]) == pytest.approx(hist_range)


def test_relu_histograms_state_share_of_zeros_and_of_values_beyond_the_range(result):
    fig = figure_spec(EXPERIMENT, "fig-activation-histograms-relu").draw(result, "en")
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "=0:" in texts
    assert ">1:" in texts  # He puts some activations above the book's range (0, 1)


def test_histogram_rows_are_labelled_by_initial_weights(result):
    fig = figures.draw_histograms(result, "ko", "sigmoid")
    text = figure_text(fig)
    assert f"표준편차 {result.config['large_std']:g}" in text and "Xavier" in text
    assert "시그모이드 출력 (활성화 값)" in text


def test_outside_frac_counts_what_the_histogram_leaves_out(result):
    beyond = figures.outside_frac(result, SETTINGS.index("relu-he"))
    assert beyond.shape == (len(SEEDS), result.config["n_layers"])
    assert (beyond > 0).any() and (beyond < 1).all()
    assert np.allclose(figures.outside_frac(result, SETTINGS.index("sigmoid-large")), 0)  # (0, 1) holds every sigmoid output


def test_std_by_layer_data_matches_the_stored_std(result):
    header, rows = figure_spec(EXPERIMENT, "fig-activation-std-by-layer").data(result)
    assert header == ["setting", "seed", "layer", "std", "mean"]
    assert len(rows) == len(SETTINGS) * len(SEEDS) * result.config["n_layers"]
    assert rows[-1][3] == pytest.approx(result.metrics.std[-1, -1, -1])


def test_std_by_layer_has_a_panel_per_activation(result):
    fig = figure_spec(EXPERIMENT, "fig-activation-std-by-layer").draw(result, "en")
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "ReLU"]
