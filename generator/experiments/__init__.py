"""The registry: every experiment package under ``generator/experiments``, found by walking it.

An experiment is a package whose ``__init__`` declares ``EXPERIMENT`` (``base.Experiment``);
adding a package adds the experiment, with no list to edit. The registry is a tuple of those
objects in page order (then by id), never string keys; ``tests/experiments/test_registry.py``
walks it. Importing it loads each declaration and config, never the engine.
"""

import importlib
import pkgutil

from generator.errors import UserError
from generator.pages import SLUGS


def _discover() -> tuple:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            found.append(importlib.import_module(f"{__name__}.{info.name}").EXPERIMENT)
    return tuple(sorted(found, key=lambda e: (SLUGS.index(e.page), e.id)))


EXPERIMENTS = _discover()


def by_id(experiment_id: str):
    for experiment in EXPERIMENTS:
        if experiment.id == experiment_id:
            return experiment
    raise UserError(f"experiment: unknown id {experiment_id!r}; valid ids: {', '.join(e.id for e in EXPERIMENTS)}")
