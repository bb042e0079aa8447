"""Fixtures shared across test packages."""

import pytest

from generator.experiments import EXPERIMENTS
from generator.results import write_claims
from generator.run.runner import Runner
from tests.support import SEEDS, made_once


def _all_quick_results(root):
    runner = Runner(results_dir=root / "results", cache_dir=root / "cache", warn=lambda message: None)
    runner.run([(e, "quick", e.preset("quick")) for e in EXPERIMENTS], seeds=list(SEEDS))
    write_claims(root / "results", [e.id for e in EXPERIMENTS])


@pytest.fixture(scope="session")
def all_quick_results(tmp_path_factory):
    """Every experiment's quick preset for two seeds, with claims: computed once per test run."""
    return made_once(tmp_path_factory, "quick-all", _all_quick_results) / "results"
