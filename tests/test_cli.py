"""The command line as a user meets it: real subprocesses, exit statuses and one-line errors."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.lock import build_lock

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, cwd, timeout=120, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **kwargs)


def quick_run(cwd, *extra):
    return cli("run", "--preset", "quick", "--only", "overfitting", *extra, cwd=cwd)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--only", "nope"], "experiment: unknown id 'nope'; valid ids: "),
        (["--preset", "huge"], "preset: unknown 'huge'"),
        (["--seeds", "0"], "--seeds: must be >= 1"),
        (["--dataset", "cifar"], "dataset: unknown name 'cifar'"),
        (["--set", "overfitting.lr=-0.1"], "overfitting.lr: must be > 0, got -0.1"),
        (["--set", "overfitting.lr=fast"], "overfitting.lr: expected a finite number, got 'fast'"),
        (["--set", "overfitting.dropout_ratio=1"], "overfitting.dropout_ratio: must be < 1, got 1.0 (allowed: >= 0 and < 1)"),
        (["--set", "overfitting.hidden_sizes=[]"], "overfitting.hidden_sizes: needs at least 1 item(s)"),
        (["--set", "overfitting.hidden_sizes=[100, 0]"], "overfitting.hidden_sizes: must be >= 1"),
        (["--set", "overfitting.epochs=2.5"], "overfitting.epochs: expected an integer, got 2.5"),
        (["--set", "overfitting.speed=3"], "overfitting.speed: unknown field"),
        (["--set", "lr=3"], "--set: expected ID.FIELD=VALUE"),
    ],
)
def test_cli_bad_input_gives_one_line_and_status_2(tmp_path, args, message):
    result = cli("run", "--preset", "quick", *args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build" / "results").exists()


def test_cli_bad_config_file_names_the_file(tmp_path):
    bad = tmp_path / "overrides.json"
    bad.write_text('{"overfitting": {"lr": 0.1,}}')
    result = cli("run", "--preset", "quick", "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and str(bad) in result.stderr and "not valid JSON" in result.stderr
    bad.write_text(json.dumps({"overfitting": {"batch_size": -5}}))
    result = cli("run", "--preset", "quick", "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "overfitting.batch_size: must be >= 1" in result.stderr
    result = cli("run", "--config", str(tmp_path / "missing.json"), cwd=tmp_path)
    assert result.returncode == 2 and "missing.json: cannot read" in result.stderr


def test_cli_run_twice_reuses_the_cache_and_says_so(tmp_path):
    first = quick_run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "overfitting" in first.stdout and " run " in first.stdout
    second = quick_run(tmp_path)
    assert second.returncode == 0 and "cached" in second.stdout
    assert (tmp_path / "build" / "results" / "claims.json").exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_cli_interrupted_run_leaves_no_partial_files_and_resumes(tmp_path, signum):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    long_run = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--only", "overfitting", "--set", "overfitting.epochs=100000"]
    process = subprocess.Popen(long_run, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "overfitting" in process.stderr.readline()
        time.sleep(1.5)  # workers start and begin computing
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    build = tmp_path / "build"
    assert not list(build.rglob("*.tmp")) and not (build / "results" / "overfitting.json").exists()
    assert not list((build / "cache").rglob("*.json")) if (build / "cache").exists() else True
    resumed = quick_run(tmp_path)
    assert resumed.returncode == 0 and (build / "results" / "overfitting.json").exists()


def test_cli_second_build_in_the_same_tree_waits_or_says_why(tmp_path):
    with build_lock(tmp_path / "build"):
        refused = quick_run(tmp_path, "--lock-timeout", "0.5")
    assert refused.returncode == 2
    assert "another build is running in this tree" in refused.stderr and f"pid {os.getpid()}" in refused.stderr
    assert quick_run(tmp_path, "--lock-timeout", "0.5").returncode == 0  # released on exit


def test_cli_list_names_every_experiment(tmp_path):
    from generator.experiments import EXPERIMENTS

    listed = cli("list", cwd=tmp_path)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [e.id for e in EXPERIMENTS]
