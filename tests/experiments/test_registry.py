"""Walk the registry: every experiment is declared completely and its quick preset is deterministic."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from generator.data import load_dataset
from generator.experiments import EXPERIMENTS, by_id
from generator.experiments.base import SOURCES, validate
from generator.run import runner
from generator.run.cache import code_files
from generator.site import facts
from generator.site.render import template_name
from generator.sources import module_file

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters")
PAGE_EXPERIMENTS = facts.page_experiments(
    EXPERIMENTS, lambda slug: (ROOT / "templates" / template_name(ROOT / "templates", slug, "ko")).read_text(encoding="utf-8"))
"""Each page's experiments as the site finds them: declared on the page, placed by its template."""


def test_registry_ids_and_claim_ids_are_unique():
    ids = [e.id for e in EXPERIMENTS]
    assert len(ids) == len(set(ids))
    shown = [e for ids_of_page in PAGE_EXPERIMENTS.values() for e in ids_of_page]
    assert sorted(shown) == sorted(ids), "every experiment appears on exactly one page"
    claim_ids = [c.id for e in EXPERIMENTS for c in e.claims]
    assert len(claim_ids) == len(set(claim_ids))


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.id)
def test_registry_experiment_is_fully_declared(experiment):
    assert by_id(experiment.id) is experiment
    assert experiment.page in SECTIONS
    assert experiment.id in PAGE_EXPERIMENTS[experiment.page], "the experiment is shown on the page it declares"
    assert experiment.train.endswith(".train") and experiment.figures.endswith(".figures") and experiment.bench.endswith(".bench")
    assert {"book", "quick"} <= set(experiment.presets)
    for name, config in experiment.presets.items():
        assert isinstance(config, experiment.config)
        assert validate(config, experiment.id) == config, name
    for field in dataclasses.fields(experiment.config):
        assert field.metadata.get("doc"), f"{experiment.id}.{field.name} has no documentation"
    assert experiment.claims, "every experiment backs at least one claim"
    for claim in experiment.claims:
        assert claim.comparison in (">", "<") and claim.reason and claim.statement_ko and claim.statement_en
        assert claim.reason_ko, f"{claim.id} has no Korean reason"
        assert claim.figure is None or claim.figure.startswith("fig-")
        assert claim.source.split(" ")[0] in SOURCES and (claim.source == "site" or len(claim.source.split(" ")) == 2)
        assert claim.unit in ("", "%", "pp", "decades")
    assert experiment.train.startswith("generator.") and module_file(experiment.train) in code_files(experiment)


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.id)
def test_registry_quick_preset_runs_and_claims_evaluate(experiment):
    seeds = (0, 1)
    data = load_dataset("mnist-10k") if experiment.uses_data else None
    metrics = runner.compute(experiment.id, experiment.preset("quick"), "mnist-10k", seeds)
    assert metrics, "no metrics"
    for name, value in metrics.items():
        assert np.shape(value)[0] == len(seeds), name
    again = experiment.run(experiment.preset("quick"), data, seeds)
    for axis in experiment.axes(experiment.preset("quick")):
        assert set(axis.labels) == {"ko", "en"}
    for claim in experiment.claims:
        row = claim.evaluate(metrics)
        assert row["seeds_total"] == len(seeds) and isinstance(row["holds"], bool)
    assert set(again) == set(metrics)


def test_registry_quick_results_are_byte_identical_across_processes(tmp_path):
    outputs = []
    for name in ("first", "second"):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--seeds", "2",
                   "--results", str(tmp_path / name / "results"), "--cache", str(tmp_path / name / "cache")]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        results = tmp_path / name / "results"
        assert (results / "timings.json").is_file()  # measured time: differs from run to run, kept apart
        outputs.append({p.name: p.read_bytes() for p in sorted(results.glob("*.json")) if p.name != "timings.json"})
    assert set(outputs[0]) == {f"{e.id}.json" for e in EXPERIMENTS} | {"claims.json", "environment.json"}
    for filename in outputs[0]:
        assert outputs[0][filename] == outputs[1][filename], filename
