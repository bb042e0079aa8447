"""``make bench`` in its tiny mode: quick presets, small products, a one-seed default run."""

import json
import math

import pytest

from generator import bench
from generator.experiments import EXPERIMENTS

ROW_NUMBERS = ("flops", "networks", "reference_s", "alone_s", "stacked_s", "speedup", "stacked_gflops", "stacked_peak_share", "stacked_peak_rss_mib")


def numbers(node, path=""):
    """Every number in a JSON document with its path; booleans are not numbers here."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from numbers(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numbers(value, f"{path}[{i}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


@pytest.mark.slow
def test_bench_quick_writes_positive_finite_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert bench.main(seeds=1, quick=True) == 0
    report = json.loads((tmp_path / "build" / "bench.json").read_text(encoding="utf-8"))

    assert report["preset"] == "quick"
    assert [row["id"] for row in report["experiments"]] == [e.id for e in bench.experiments()]
    assert len(report["experiments"]) == len(EXPERIMENTS), "every experiment has a benchmark workload"
    for row in report["experiments"]:
        assert set(ROW_NUMBERS) <= set(row)
    assert set(report["default_run"]["experiment_s"]) == {row["id"] for row in report["experiments"]}
    assert report["default_run"]["seeds"] == 1
    assert all(isinstance(target["met"], bool) for target in report["targets"])
    measured = [(path, value) for path, value in numbers(report) if not path.startswith(".machine.load_average")]
    assert measured
    assert all(math.isfinite(value) and value > 0 for _, value in measured), [p for p, v in measured if not (math.isfinite(v) and v > 0)]
    assert "hyperparameter-search" in capsys.readouterr().out
