"""The registry: every experiment of the article, in the article's order.

A tuple of Experiment objects, not string keys; ``tests/experiments/test_registry.py`` walks it.
"""

from generator.errors import UserError
from generator.experiments import (
    activation_histograms,
    batchnorm_gradcheck,
    batchnorm_sweep,
    hyperparameter_search,
    init_compare,
    init_symmetry,
    optimizer_compare,
    optimizer_paths,
    overfitting,
)

EXPERIMENTS = (
    optimizer_paths.EXPERIMENT,
    optimizer_compare.EXPERIMENT,
    init_symmetry.EXPERIMENT,
    activation_histograms.EXPERIMENT,
    init_compare.EXPERIMENT,
    batchnorm_sweep.EXPERIMENT,
    batchnorm_gradcheck.EXPERIMENT,
    overfitting.EXPERIMENT,
    hyperparameter_search.EXPERIMENT,
)


def by_id(experiment_id: str):
    for experiment in EXPERIMENTS:
        if experiment.id == experiment_id:
            return experiment
    raise UserError(f"experiment: unknown id {experiment_id!r}; valid ids: {', '.join(e.id for e in EXPERIMENTS)}")
