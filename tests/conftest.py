"""Fixtures shared across test packages."""

import pytest

from generator.experiments import EXPERIMENTS
from tests.support import quick_results


@pytest.fixture(scope="session")
def all_quick_results(tmp_path_factory):
    """Every experiment's quick preset for two seeds, with claims: computed once per session."""
    return quick_results(tmp_path_factory, EXPERIMENTS)
