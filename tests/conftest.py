"""Fixtures shared across test packages."""

import pytest

from generator.experiments import EXPERIMENTS
from tests.support import made_once, write_quick_results


@pytest.fixture(scope="session")
def all_quick_results(tmp_path_factory):
    """Every experiment's quick preset for two seeds, with claims: computed once per test run."""
    return made_once(tmp_path_factory, "quick-all", lambda root: write_quick_results(root, EXPERIMENTS)) / "results"
