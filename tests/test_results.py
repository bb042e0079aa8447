import json
import math

import numpy as np
import pytest

from generator.errors import UserError
from generator.records import encode_array, sealed
from generator.results import FORMAT, load_claims, load_environment, load_result, load_results
from tests.site.fixtures import edit_sealed

DATASET = {"name": "mnist-t10k", "sha256": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"}


def encoded(values, dtype="float64"):
    return encode_array(np.asarray(values, dtype=dtype))


# Results as the runner writes them: sealed, encoded arrays, a cache key per seed; the second has
# no data set, as for experiments that generate their inputs.
FAKE_RESULTS = {
    "fake-overfitting": {
        "format": FORMAT,
        "experiment": "fake-overfitting",
        "page": "regularization",
        "preset": "quick",
        "config": {"train_size": 300, "epochs": 4, "lr": 0.01},
        "seeds": [0, 1, 2],
        "dataset": DATASET,
        "code_version": "c0de0001",
        "cache_keys": ["cafe0001", "cafe0004", "cafe0005"],
        "environment": {"cpu_model": "Fake CPU 3000", "cpu_count": 2},
        "axes": [{"name": "split", "values": ["train", "test"], "labels": {"ko": ["훈련", "시험"], "en": ["training", "test"]}}],
        "metrics": {
            "epoch": encoded([[0, 1, 2, 3]] * 3, dtype="int64"),
            "train_acc": encoded([[0.2, 0.6, 0.9, 1.0], [0.25, 0.55, 0.85, 0.99], [0.2, 0.5, 0.95, 1.0]]),
            "test_acc": encoded([[0.2, 0.5, 0.7, 0.72], [0.2, 0.45, 0.68, 0.7], [0.22, 0.5, float("nan"), 0.71]]),
            "gap": encoded([0.28, 0.29, 0.27]),
        },
        "claims": [],
    },
    "fake-optimizers": {
        "format": FORMAT,
        "experiment": "fake-optimizers",
        "page": "optimizers",
        "preset": "quick",
        "config": {"iterations": 3},
        "seeds": [0, 1],
        "dataset": None,
        "code_version": "c0de0002",
        "cache_keys": ["cafe0002", "cafe0003"],
        "axes": [],
        "metrics": {
            "loss_sgd": encoded([[2.3, 1.9, 1.7], [2.3, 2.0, 1.8]]),
            "loss_adam": encoded([[2.3, 0.9, 0.4], [2.3, 1.0, float("nan")]]),
            "diverged_at": encoded([-1, -1], dtype="int64"),
        },
        "claims": [],
    },
}

FAKE_ENVIRONMENT = {"format": FORMAT, "python": "3.11.7", "cpu": "Fake CPU 3000", "cores": 2,
                    "blas": [{"library": "openblas", "threads": 1}]}


def claim(claim_id, page, **fields):
    return {"id": claim_id, "experiment": "fake-optimizers", "page": page, "preset": "quick",
            "statement_ko": "주장", "statement_en": "A claim", "value": 0.5, "threshold": 0.1, "comparison": ">",
            "holds": True, "seeds_held": 3, "seeds_total": 3, "figure": None, "source": "site", **fields}


FAKE_CLAIMS = {
    "format": FORMAT,
    "claims": [
        claim("fake-gap", "regularization", experiment="fake-overfitting", value=0.28, source="book 6.4.1",
              statement_en="Training accuracy is far above test accuracy"),
        claim("fake-adam-fastest", "optimizers", value=None, holds=False, seeds_held=1, seeds_total=2),
        claim("fake-no-figure", "summary", value=3),
        claim("fake-percent", "regularization", experiment="fake-overfitting", value=0.7133, unit="%",
              values=[0.72, 0.7, None], reason="well above chance (10%)", reason_ko="우연 수준(10%)보다 한참 높습니다"),
    ],
}


def write_fake_results(results_dir):
    results_dir.mkdir(parents=True, exist_ok=True)
    for name, document in FAKE_RESULTS.items():
        (results_dir / f"{name}.json").write_text(sealed(document))
    (results_dir / "claims.json").write_text(sealed(FAKE_CLAIMS))
    (results_dir / "environment.json").write_text(sealed(FAKE_ENVIRONMENT))
    return results_dir


def test_load_results_reads_every_result_with_nan_in_place(tmp_path):
    results = load_results(write_fake_results(tmp_path))
    assert sorted(results) == ["fake-optimizers", "fake-overfitting"]
    overfitting = results["fake-overfitting"]
    assert overfitting.seeds == (0, 1, 2)
    assert overfitting.dataset.sha256.startswith("8d422c7b")
    assert overfitting.cache_keys == ("cafe0001", "cafe0004", "cafe0005")
    assert overfitting.metrics.gap.tolist() == [0.28, 0.29, 0.27]
    assert overfitting.metrics["gap"] is overfitting.metrics.gap
    assert math.isnan(overfitting.metrics.test_acc[2][2])
    assert overfitting.environment == {"cpu_model": "Fake CPU 3000", "cpu_count": 2}
    split = overfitting.axes["split"]
    assert split.index("test") == 1 and split.label("test", "ko") == "시험" and split.label("train", "en") == "training"
    with pytest.raises(KeyError, match="no value 'valid'"):
        split.index("valid")


def test_load_results_reads_runner_form_as_arrays(tmp_path):
    optimizers = load_results(write_fake_results(tmp_path))["fake-optimizers"]
    assert optimizers.page == "optimizers" and optimizers.axes == {}
    assert optimizers.dataset is None
    assert optimizers.cache_keys == ("cafe0002", "cafe0003")
    loss = optimizers.metrics.loss_adam
    assert isinstance(loss, np.ndarray) and loss.shape == (2, 3) and loss.dtype == np.float64
    assert np.isnan(loss[1, 2])
    assert optimizers.metrics.diverged_at.dtype == np.int64


def test_load_result_checksum_mismatch_raises(tmp_path):
    write_fake_results(tmp_path)
    path = tmp_path / "fake-optimizers.json"
    path.write_text(path.read_text().replace('"c0de0002"', '"c0de9999"'))
    with pytest.raises(UserError, match="fake-optimizers.json: checksum mismatch"):
        load_result(path)


def test_load_environment_reads_sealed_file_or_none(tmp_path):
    assert load_environment(tmp_path) is None
    environment = load_environment(write_fake_results(tmp_path))
    assert environment["cpu"] == "Fake CPU 3000"
    assert "format" not in environment


def test_metrics_unknown_name_raises_attribute_error(tmp_path):
    metrics = load_results(write_fake_results(tmp_path))["fake-optimizers"].metrics
    with pytest.raises(AttributeError):
        metrics.no_such_metric
    with pytest.raises(KeyError):
        metrics["no_such_metric"]


def test_load_results_missing_directory_raises_user_error(tmp_path):
    with pytest.raises(UserError, match=str(tmp_path / "nowhere")):
        load_results(tmp_path / "nowhere")


def test_load_result_corrupt_json_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": 2,')
    with pytest.raises(UserError, match="broken.json: not valid JSON"):
        load_result(path)


def test_load_result_unsealed_file_is_refused(tmp_path):
    path = tmp_path / "fake-optimizers.json"
    path.write_text(json.dumps(FAKE_RESULTS["fake-optimizers"]))
    with pytest.raises(UserError, match="fake-optimizers.json: not a sealed record"):
        load_result(path)


def test_load_result_missing_field_names_file_and_field(tmp_path):
    data = dict(FAKE_RESULTS["fake-overfitting"])
    del data["cache_keys"]
    path = tmp_path / "fake-overfitting.json"
    path.write_text(sealed(data))
    with pytest.raises(UserError, match="fake-overfitting.json: field 'cache_keys' is missing"):
        load_result(path)


def test_load_result_wrong_format_version_raises(tmp_path):
    path = tmp_path / "fake-optimizers.json"
    path.write_text(sealed(dict(FAKE_RESULTS["fake-optimizers"], format=1)))
    with pytest.raises(UserError, match="format 1 is not supported"):
        load_result(path)


def test_load_result_experiment_must_match_file_name(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(sealed(FAKE_RESULTS["fake-optimizers"]))
    with pytest.raises(UserError, match="does not match the file name"):
        load_result(path)


def test_load_claims_reads_claims_by_id_and_page(tmp_path):
    claims = load_claims(write_fake_results(tmp_path))
    assert [c.id for c in claims] == ["fake-gap", "fake-adam-fastest", "fake-no-figure", "fake-percent"]
    assert claims["fake-percent"].unit == "%"
    assert claims["fake-percent"].values == (0.72, 0.7, None)
    assert claims["fake-gap"].unit == ""
    assert claims["fake-gap"].holds is True
    assert claims["fake-adam-fastest"].value is None
    assert claims["fake-no-figure"].value == 3.0
    assert [c.id for c in claims.for_page("optimizers")] == ["fake-adam-fastest"]
    assert claims["fake-gap"].statement("en") == "Training accuracy is far above test accuracy"
    assert claims["fake-gap"].source_en == "book 6.4.1" and claims["fake-gap"].source_ko == "책 6.4.1"
    assert claims["fake-percent"].hypothesis and claims["fake-percent"].source_en == "this site's hypothesis"
    assert claims["fake-percent"].reason_en == "well above chance (10%)"
    assert claims["fake-percent"].reason_ko == "우연 수준(10%)보다 한참 높습니다"
    assert claims["fake-gap"].reason_ko == "" and claims["fake-gap"].reason_en == ""  # a file written before reason_ko


def test_load_claims_missing_file_names_the_path(tmp_path):
    with pytest.raises(UserError, match="claims.json: missing"):
        load_claims(tmp_path)


def test_load_claims_bool_is_not_an_int(tmp_path):
    edit_sealed(write_fake_results(tmp_path) / "claims.json", '"seeds_held":3', '"seeds_held":true')
    with pytest.raises(UserError, match=r"claims\[0\]: field 'seeds_held' has the wrong type"):
        load_claims(tmp_path)


def test_load_claims_duplicate_id_raises(tmp_path):
    edit_sealed(write_fake_results(tmp_path) / "claims.json", '"id":"fake-percent"', '"id":"fake-gap"')
    with pytest.raises(UserError, match="appear twice: fake-gap"):
        load_claims(tmp_path)
