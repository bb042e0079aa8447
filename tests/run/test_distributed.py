"""The Dask executor gives the same bytes as a local run, survives a lost worker, and is an optional extra."""

import os
import sys
import tomllib
from pathlib import Path

import pytest

from generator.run import runner
from generator.run.distributed import DaskExecutor
from generator.experiments import overfitting

EXPERIMENT = overfitting.EXPERIMENT
SEEDS = [0, 1, 2]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def executor():
    pytest.importorskip("dask.distributed")
    ex = DaskExecutor("local", group_size=1, cluster_kwargs={"n_workers": 2})
    yield ex
    ex.close()


def run(tmp_path: Path, executor=None) -> bytes:
    r = runner.Runner(results_dir=tmp_path / "results", cache_dir=tmp_path / "cache", executor=executor, warn=lambda m: None)
    r.run([(EXPERIMENT, "quick", EXPERIMENT.preset("quick"))], seeds=SEEDS)
    return (tmp_path / "results" / "overfitting.json").read_bytes()


def test_distributed_run_gives_the_same_bytes_as_a_local_run(tmp_path, executor):
    assert executor.groups(SEEDS) == [[0], [1], [2]]
    assert run(tmp_path / "dask", executor) == run(tmp_path / "local")


TIMED_COMPUTE = runner.timed_compute


def crash_once(experiment_id, config, dataset, seeds, marker):
    """Kill the worker process the first time seed 1 arrives, as a lost machine would."""
    if list(seeds) == [1] and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return TIMED_COMPUTE(experiment_id, config, dataset, seeds)


def test_distributed_lost_worker_costs_only_its_group(tmp_path, executor, monkeypatch):
    marker = str(tmp_path / "crashed")
    expected = run(tmp_path / "local")
    monkeypatch.setattr(runner, "timed_compute", lambda *args, **kwargs: crash_once(*args, marker=marker))
    assert run(tmp_path / "dask", executor) == expected
    assert os.path.exists(marker)  # the worker really died once


def test_distributed_unreachable_scheduler_is_a_user_error():
    from generator.errors import UserError

    with pytest.raises(UserError, match="--scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout="1s")


def test_distributed_missing_extra_is_one_line_naming_it(monkeypatch):
    from generator.errors import UserError

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as when the extra is not installed
    with pytest.raises(UserError) as raised:
        DaskExecutor("local")
    assert str(raised.value) == "--scheduler: Dask is not installed; install the distributed extra: pip install -e '.[distributed]'"


def test_distributed_is_an_extra_that_the_dev_install_pulls_in():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("dask") for d in project["dependencies"])
    assert any(d.startswith("dask[distributed]") for d in project["optional-dependencies"]["distributed"])
    assert "ch6-training-techniques[distributed]" in project["optional-dependencies"]["dev"]
    assert "-e '.[dev]'" in (ROOT / "Makefile").read_text()
