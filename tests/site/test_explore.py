"""Explorables: every state's data is the sealed result's, selected and never computed in the browser."""

import json

import numpy as np
import pytest

from generator.site import format as fmt
from generator.site.explorables import explorables, lr_labels, std_labels
from generator.site.explore import Control, block, data_bytes
from tests.support import load

FIGURES = {
    "fig-optimizer-paths": "optimizer-paths",
    "fig-optimizer-compare-loss": "optimizer-compare",
    "fig-init-compare-loss": "init-compare",
    "fig-activation-histograms-sigmoid": "activation-histograms",
    "fig-batchnorm-sweep-curves": "batchnorm-sweep",
    "fig-dropout-ratio": "dropout-ratio",
    "fig-hyperparameter-search-scatter": "hyperparameter-search",
}


@pytest.fixture(scope="module")
def results(all_quick_results):
    from generator.results import load_results

    return load_results(all_quick_results)


@pytest.fixture(scope="module")
def built(results):
    return {e.id: json.loads(data_bytes(e, results[e.experiment])) for e in explorables(results).values()}


def test_seven_explorables_extend_their_static_figures(results):
    found = explorables(results)
    assert {figure: e.experiment for figure, e in found.items()} == FIGURES
    from generator.experiments import by_id

    for figure, explorable in found.items():
        assert figure in {spec.id for spec in by_id(explorable.experiment).figure_specs()}


def test_every_control_state_has_data_and_a_sentence_in_both_languages(built):
    for data in built.values():
        readouts = data["readout"] if isinstance(data["readout"], list) else [data["readout"]]
        controls = {c["name"]: c for c in data["controls"]}
        for readout in readouts:
            sizes = [len(controls[k]["values"]) for k in readout["keys"]]
            assert len(readout["text"]) == int(np.prod(sizes)), data["id"]
            for text in readout["text"].values():
                assert text["ko"].endswith("니다."), text["ko"]
                assert text["en"].endswith(".")
        for c in data["controls"]:
            assert c["default"] in c["values"] and len(c["labels"]["ko"]) == len(c["values"])


def test_batchnorm_scales_series_are_the_sealed_accuracies(results, built):
    r = results["batchnorm-sweep"]
    acc = np.asarray(r.metrics.train_acc) * 100  # (S, scales, V, epochs + 1)
    panel = built["explore-batchnorm-scales"]["panels"][0]
    key = r.axes["scale"].labels["en"][1]
    seeds = [s for s in panel["series"] if s["role"] == "seed"]
    for i, s in enumerate(seeds):
        variant, seed = divmod(i, len(r.seeds))
        expected = acc[seed, 1, variant]
        drawn = np.array([np.nan if v is None else v for v in s["data"][key]])
        assert np.allclose(drawn, expected, atol=1e-4, equal_nan=True)
    mean = next(s for s in panel["series"] if s["role"] == "mean")
    with np.errstate(all="ignore"):
        assert np.allclose([np.nan if v is None else v for v in mean["data"][key]], np.nanmean(acc[:, 1, 0], axis=0),
                           atol=1e-4, equal_nan=True)


def test_dropout_readout_quotes_the_gap_it_computes_from_the_result(results, built):
    r = results["dropout-ratio"]
    train, test = np.asarray(r.metrics.train_acc), np.asarray(r.metrics.test_acc)
    window = test.shape[-1]
    gap = float(np.nanmean(np.nanmean(train[:, 0, -window:], axis=-1) - np.nanmean(test[:, 0], axis=-1)))
    key = r.axes["ratio"].labels["en"][0]
    text = built["explore-dropout-ratio"]["readout"]["text"][key]
    assert fmt.pp(gap, "ko") in text["ko"] and fmt.pp(gap, "en") in text["en"]


def test_search_ranks_trials_by_final_validation_accuracy(results, built):
    r = results["hyperparameter-search"]
    seed = r.seeds[0]
    points = built["explore-search-trials"]["panels"][0]["points"][f"{seed}|1"]
    final = np.asarray(r.metrics.val_acc)[0, :, -1] * 100
    best = points["rank_of"].index(1)
    assert final[best] == np.nanmax(final)
    assert np.allclose(points["x"], np.log10(np.asarray(r.metrics.lr)[0]), atol=1e-4)
    curve = built["explore-search-trials"]["panels"][1]["curves"][f"{seed}|1|1"]
    assert np.allclose(curve["val"], np.asarray(r.metrics.val_acc)[0, best] * 100, atol=0.01)


def test_optimizer_paths_include_the_books_learning_rate_and_its_path(results, built):
    r = results["optimizer-paths"]
    data = built["explore-optimizer-paths"]
    sgd = next(c for c in data["controls"] if c["name"] == "lr_sgd")
    assert float(sgd["default"]) == pytest.approx(r.config["lr_sgd"])
    series = data["panels"][0]["series"][0]
    path = np.asarray(r.metrics.path)[0, 0]  # SGD at the book's learning rate
    drawn = series["paths"][sgd["default"]]
    assert np.allclose(drawn["x"], path[:, 0], atol=1e-4) and np.allclose(drawn["y"], path[:, 1], atol=1e-4)


def test_histograms_are_shares_of_each_layers_activations(results, built):
    data = built["explore-activation-histograms"]
    panel = data["panels"][0]
    for s in panel["series"]:
        for values in s["data"].values():
            assert sum(values) == pytest.approx(100, abs=0.1) or sum(values) < 100  # values outside the range are not counted


def test_labels_tell_values_apart_and_name_xavier_and_he():
    assert lr_labels([0.1, 0.1000001, 0.2]) != ("0.1", "0.1", "0.2")
    labels = std_labels([0.01, 0.1, np.sqrt(2 / 100)], 100)
    assert labels["en"] == ("0.01", "0.1 (Xavier)", "0.14 (He)")


def test_block_labels_every_control_in_the_pages_language_and_reserves_its_height():
    control = Control("scale", {"ko": "척도", "en": "scale"}, ("1", "0.1"), {"ko": ("1", "0.1"), "en": ("1", "0.1")}, "0.1")
    from generator.site.explore import Explorable

    e = Explorable("explore-x", "exp", "fig-x", {"ko": "제목", "en": "Title"}, (control,), lambda r: {}, height=200)
    html = block(e, "ko", "../downloads/explore/explore-x.json", "https://example/x/#explore-x", "{state} <{url}>")
    assert '<label for="explore-x-scale">척도</label>' in html and 'aria-valuetext="0.1"' in html
    assert "--ch6-explore-height: 200px" in html and 'data-cite="{state} &lt;{url}&gt;"' in html
    with pytest.raises(ValueError, match="default"):
        Control("s", {"ko": "", "en": ""}, ("a",), {"ko": ("a",), "en": ("a",)}, "b")


def test_explorable_data_is_the_same_bytes_when_built_twice(results):
    for e in explorables(results).values():
        assert data_bytes(e, results[e.experiment]) == data_bytes(e, load_again(results, e.experiment))


def load_again(results, experiment_id):
    return load(results[experiment_id].path.parent, experiment_id)


def test_every_korean_sentence_attaches_its_particles_correctly(built):
    from generator.site.korean import written_particle_problems

    for data in built.values():
        readouts = data["readout"] if isinstance(data["readout"], list) else [data["readout"]]
        for readout in readouts:
            for text in readout["text"].values():
                assert written_particle_problems(text["ko"]) == [], text["ko"]


def test_loss_curves_are_the_static_figures_smoothed_losses_every_tenth_iteration(results, built):
    from generator.plot.common import smoothed_losses

    r = results["optimizer-compare"]
    smooth, _ = smoothed_losses(r, 0)
    panel = built["explore-optimizer-compare-loss"]["panels"][0]
    first_seed = next(s for s in panel["series"] if s["role"] == "seed")
    assert panel["x"][0] == 10 and panel["x"][1] == 20
    assert np.allclose([np.nan if v is None else v for v in first_seed["data"]["all"]], smooth[0, 9::10], atol=1e-4, equal_nan=True)
