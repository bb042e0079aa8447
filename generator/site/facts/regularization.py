"""Facts of the regularization page: overfitting, weight decay and dropout (article §3)."""

from dataclasses import dataclass

import numpy as np

from generator.experiments.overfitting import final
from generator.site.facts import SiteInputs, Text, require

EXPERIMENTS = ("overfitting",)
WINDOW = 10
"""Evaluations averaged for the quoted accuracies: the claims' own statistic (``overfitting.final``)."""


@dataclass(frozen=True)
class Run:
    """One of the three runs, its accuracies averaged over the last epochs and the seeds."""

    key: str
    label: Text
    train: float
    test: float
    gap: float
    """train - test."""


@dataclass(frozen=True)
class RegularizationFacts:
    n_train: int
    hidden_layers: int
    hidden_units: int
    lr: float
    batch_size: int
    epochs: int
    weight_decay: float
    dropout_ratio: float
    dropout_kept: float
    """1 - dropout ratio: the fraction of units kept, and the test-time factor."""
    seeds: int
    window: int
    """How many final evaluations the quoted accuracies average."""
    baseline: Run
    weight_decay_run: Run
    dropout_run: Run
    first_perfect_epoch: int | None
    """The first epoch at which every seed's baseline classifies all training images correctly."""
    weight_decay_test_change: float
    """Test accuracy with weight decay minus without (negative: lower)."""
    dropout_test_change: float
    dropout_train_lowest: float
    """The lowest and highest final training accuracy of the dropout run over seeds."""
    dropout_train_highest: float

    @property
    def runs(self) -> tuple[Run, ...]:
        return (self.baseline, self.weight_decay_run, self.dropout_run)


def facts(inputs: SiteInputs) -> RegularizationFacts:
    result = require(inputs, "overfitting")
    m, config, axis = result.metrics, result.config, result.axes["variant"]
    window = min(WINDOW, m["train_acc"].shape[-1])

    def run(key: str) -> Run:
        train = float(final(m, "train_acc", key, window).mean())
        test = float(final(m, "test_acc", key, window).mean())
        return Run(key, Text(axis.label(key, "ko"), axis.label(key, "en")), train, test, train - test)

    baseline, weight_decay, dropout = run("baseline"), run("weight-decay"), run("dropout")
    every_seed_perfect = (m["train_acc"][:, axis.index("baseline")] >= 1).all(axis=0)  # (epochs + 1,)
    perfect = np.flatnonzero(every_seed_perfect)
    dropout_train = final(m, "train_acc", "dropout", window)  # (S,)
    return RegularizationFacts(
        n_train=config["n_train"],
        hidden_layers=len(config["hidden_sizes"]),
        hidden_units=config["hidden_sizes"][0],
        lr=config["lr"],
        batch_size=config["batch_size"],
        epochs=config["epochs"],
        weight_decay=config["weight_decay"],
        dropout_ratio=config["dropout_ratio"],
        dropout_kept=1 - config["dropout_ratio"],
        seeds=len(result.seeds),
        window=window,
        baseline=baseline,
        weight_decay_run=weight_decay,
        dropout_run=dropout,
        first_perfect_epoch=int(perfect[0]) if perfect.size else None,
        weight_decay_test_change=weight_decay.test - baseline.test,
        dropout_test_change=dropout.test - baseline.test,
        dropout_train_lowest=float(np.nanmin(dropout_train)),
        dropout_train_highest=float(np.nanmax(dropout_train)),
    )
