import json

import numpy as np
import pytest

from generator import records, results
from generator.run import cache, runner
from generator.errors import UserError
from generator.experiments import EXPERIMENTS, by_id, overfitting
from generator.experiments.base import validate, with_overrides
from generator.results import load_result, load_timings, write_claims

EXPERIMENT = overfitting.EXPERIMENT


def make_runner(tmp_path, **overrides):
    warnings = []
    settings = {"results_dir": tmp_path / "results", "cache_dir": tmp_path / "cache", "warn": warnings.append, **overrides}
    return runner.Runner(**settings), warnings


def quick(**fields):
    return with_overrides(EXPERIMENT.preset("quick"), fields, EXPERIMENT.id)


def test_runner_second_run_reuses_every_seed_without_computing(tmp_path, monkeypatch):
    first, _ = make_runner(tmp_path)
    [summary] = first.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1])
    assert summary.computed_seeds == [0, 1] and summary.status == "run"
    before = (tmp_path / "results" / "overfitting.json").read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("computed although cached")

    monkeypatch.setattr(runner, "timed_compute", refuse)
    again, _ = make_runner(tmp_path)
    [summary] = again.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1])
    assert summary.status == "cached"
    assert (tmp_path / "results" / "overfitting.json").read_bytes() == before


def test_runner_more_seeds_compute_only_the_new_ones(tmp_path):
    r, _ = make_runner(tmp_path)
    r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    [summary] = r.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1, 2])
    assert summary.cached_seeds == [0] and summary.computed_seeds == [1, 2]
    result = load_result(tmp_path / "results" / "overfitting.json")
    assert result.seeds == (0, 1, 2) and result.metrics.train_acc.shape[0] == 3


def test_runner_seed_result_does_not_depend_on_its_group(tmp_path):
    together, _ = make_runner(tmp_path / "a")
    together.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1, 2])
    alone, _ = make_runner(tmp_path / "b")
    alone.run([(EXPERIMENT, "quick", quick())], seeds=[2])
    a = load_result(tmp_path / "a" / "results" / "overfitting.json").metrics
    b = load_result(tmp_path / "b" / "results" / "overfitting.json").metrics
    for name in a:
        assert np.allclose(a[name][2], b[name][0], equal_nan=True), name


def test_runner_changed_config_changes_the_key_and_reruns(tmp_path):
    r, _ = make_runner(tmp_path)
    r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    [summary] = r.run([(EXPERIMENT, "quick", quick(lr=0.02))], seeds=[0])
    assert summary.computed_seeds == [0]
    assert len(list((tmp_path / "cache" / "overfitting").glob("*.json"))) == 2


def test_runner_cache_key_ignores_paths_and_depends_on_every_input():
    config = validate(EXPERIMENT.preset("quick"), EXPERIMENT.id)
    base = cache.cache_key(EXPERIMENT, config, 0, "data", "code")
    assert base == cache.cache_key(EXPERIMENT, config, 0, "data", "code")
    variations = [
        cache.cache_key(EXPERIMENT, config, 1, "data", "code"),
        cache.cache_key(EXPERIMENT, config, 0, "other-data", "code"),
        cache.cache_key(EXPERIMENT, config, 0, "data", "other-code"),
        cache.cache_key(EXPERIMENT, quick(epochs=5), 0, "data", "code"),
    ]
    assert len({base, *variations}) == 5


@pytest.mark.parametrize("damage", ["truncate", "edit", "garbage"])
def test_runner_damaged_cache_entry_is_reported_and_recomputed(tmp_path, damage):
    r, warnings = make_runner(tmp_path)
    r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    [entry] = (tmp_path / "cache" / "overfitting").glob("*.json")
    good = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "edit":
        entry.write_bytes(good.replace(b'"seed":0', b'"seed":7'))
    else:
        entry.write_bytes(b"\x00\xff not json")
    [summary] = r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    assert summary.computed_seeds == [0]
    assert len(warnings) == 1 and str(entry) in warnings[0] and "recomputing" in warnings[0]
    assert records.unseal(entry)["metrics"] == json.loads(good)["metrics"]  # the same result, timed anew


def test_runner_damaged_result_file_is_refused_with_its_path(tmp_path):
    r, _ = make_runner(tmp_path)
    r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    path = tmp_path / "results" / "overfitting.json"
    document = json.loads(path.read_text())
    document["claims"][0]["holds"] = not document["claims"][0]["holds"]
    path.write_text(json.dumps(document))
    with pytest.raises(UserError, match="checksum mismatch") as error:
        load_result(path)
    assert str(path) in str(error.value)


def test_runner_arrays_round_trip_exactly_including_nan_and_integers():
    arrays = [
        np.array([[0.1, np.nan], [np.inf, -np.inf]]),
        np.arange(6, dtype=np.int64).reshape(2, 3) - 1,
        np.array([1.0e-300, 1 / 3], dtype=np.float32),
        np.array([True, False]),
    ]
    for a in arrays:
        b = records.decode_array(json.loads(json.dumps(records.encode_array(a))))
        assert b.dtype == a.dtype and b.shape == a.shape
        assert np.array_equal(a, b, equal_nan=True)


def test_runner_writes_claims_from_the_results_it_holds_without_reading_them_back(tmp_path, monkeypatch):
    read = []
    unseal = results.unseal
    monkeypatch.setattr(results, "unseal", lambda path: read.append(path) or unseal(path))
    r, _ = make_runner(tmp_path)
    r.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1])
    assert read == []
    assert [c["id"] for c in r.claims] == [c.id for c in EXPERIMENT.claims]
    for claim in r.claims:
        assert claim["experiment"] == EXPERIMENT.id and claim["seeds_total"] == 2 and 0 <= claim["seeds_held"] <= 2
        assert claim["statement_ko"] and claim["statement_en"] and claim["reason"] and claim["reason_ko"]
    stored = records.unseal(tmp_path / "results" / "claims.json")
    assert stored["claims"] == json.loads(json.dumps(r.claims))
    assert stored["claims"] == json.loads(json.dumps(write_claims(tmp_path / "results", [EXPERIMENT.id])))


def test_runner_claims_keep_the_experiments_an_earlier_run_computed(tmp_path):
    paths = by_id("optimizer-paths")
    make_runner(tmp_path)[0].run([(EXPERIMENT, "quick", quick())], seeds=[0])
    r, _ = make_runner(tmp_path)
    r.run([(paths, "quick", paths.preset("quick"))], seeds=[0])
    stored = records.unseal(tmp_path / "results" / "claims.json")["claims"]
    order = [e.id for e in EXPERIMENTS]
    expected = sorted([EXPERIMENT.id, paths.id], key=order.index)
    assert list(dict.fromkeys(c["experiment"] for c in stored)) == expected
    assert [c["id"] for c in stored if c["experiment"] == EXPERIMENT.id] == [c.id for c in EXPERIMENT.claims]


def test_runner_writes_one_timings_file_with_each_seeds_compute_seconds(tmp_path):
    r, _ = make_runner(tmp_path)
    [summary] = r.run([(EXPERIMENT, "quick", quick())], seeds=[0, 1])
    timings = load_timings(tmp_path / "results")
    assert timings[EXPERIMENT.id]["seeds"] == [0, 1]
    assert sum(timings[EXPERIMENT.id]["seconds"]) == pytest.approx(summary.seconds)
    assert all(s > 0 for s in timings[EXPERIMENT.id]["seconds"])
    assert not (tmp_path / "timings.json").exists() and not (tmp_path / "build").exists()


def test_runner_writes_no_partial_files_when_a_run_fails(tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "timed_compute", explode)
    r, _ = make_runner(tmp_path)
    with pytest.raises(RuntimeError):
        r.run([(EXPERIMENT, "quick", quick())], seeds=[0])
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []


def test_runner_staged_experiment_gives_the_same_bytes_in_one_process_and_split_over_workers(tmp_path):
    from generator.experiments import by_id
    from generator.run.executors import ProcessExecutor

    search = by_id("hyperparameter-search")
    config = validate(search.preset("quick"), search.id)
    inline, _ = make_runner(tmp_path / "inline")
    inline.run([(search, "quick", config)], seeds=[0, 1])
    executor = ProcessExecutor(2)
    try:
        split, _ = make_runner(tmp_path / "split", executor=executor)
        [summary] = split.run([(search, "quick", config)], seeds=[0, 1])
    finally:
        executor.close()
    assert summary.computed_seeds == [0, 1]
    name = "hyperparameter-search.json"
    assert (tmp_path / "inline" / "results" / name).read_bytes() == (tmp_path / "split" / "results" / name).read_bytes()
