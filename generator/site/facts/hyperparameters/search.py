"""Facts of the hyperparameter search that the search's own records answer without training more: a
grid against random search, abandoning settings early, and the log scale (article §4)."""

import math
from dataclasses import dataclass

import numpy as np

from generator.experiments.hyperparameter_search import (
    CLAIMS,
    early_epoch,
    expected_random_best,
    good_lr_region,
    grid_best,
    halving_epoch_share,
    halving_minus_best,
    halving_rungs,
    random_beats_grid_chance,
    rank_agreement,
    scale_shares,
    successive_halving,
)


def mean_or_none(values) -> float | None:
    """Mean of the finite values, or None when there is none (every run diverged)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else None


def max_or_none(values) -> float | None:
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else None


@dataclass(frozen=True)
class GridFacts:
    size: int
    """Values of each hyperparameter on the grid; ``trials`` = size², the budget both searches get."""
    trials: int
    grid_best: float | None
    """Best final validation accuracy of the grid and expected best of as many random round-1 trials, seed means."""
    random_best: float | None
    random_ahead_chance: float | None
    """Probability that a random search of the same budget ends strictly above the grid, seed mean."""
    seeds_random_ahead: int
    """Seeds whose expected random best is above their grid's best."""
    seeds_grid_best_at_top_lr: int
    """Seeds whose grid did best with its largest learning rate."""
    diverged: int


@dataclass(frozen=True)
class EarlyFacts:
    epoch: int
    """The early look: a tenth of the epochs."""
    agreement: tuple[tuple[int, float | None], ...]
    """(epoch k, Spearman ρ of the ranking after k epochs with the final one, seed mean) for a few k."""
    strong_from: int | None
    """The first epoch after which the mean ρ passes the claim's bound of a strong agreement, if any."""
    updates_per_epoch: int
    """Weight updates in one epoch: training images // batch size."""
    early_updates: int
    rungs: tuple[tuple[int, int], ...]
    """(epoch, trials still running) of successive halving on one seed's round 1."""
    first_rung_epoch: int
    """The epoch of the first cut."""
    halving_epochs: float
    """Epochs successive halving trains per seed (mean), against every trial trained to the end."""
    full_epochs: int
    halving_share: float
    same_pick: int
    """Seeds where halving picks the very trial the full round ranks first."""
    as_good: int
    """Seeds where halving's pick reaches the full round's best final validation accuracy."""
    best_dropped_first: int
    """Seeds where the full round's best trial was dropped at the first rung."""
    worst_behind: float | None
    """How far the worst seed's halving pick ends behind the full round's best (positive: behind)."""


@dataclass(frozen=True)
class ScaleFacts:
    region_low: float
    """The good learning-rate region, from the lowest to the highest bound over seeds."""
    region_high: float
    region_decades: float
    """Width of each seed's region in decades, averaged."""
    region_in_top_decade: bool
    """Whether every seed's region lies inside the top decade of the range."""
    log_good: float
    """Share of trials a log and a linear scale put in the good region, seed means; then moved one and two decades lower."""
    linear_good: float
    log_lower: float
    linear_lower: float
    linear_lower2: float
    lower_ratio: float
    """How many times fewer trials a linear scale gives the region one decade lower than a log scale (log / linear)."""
    lower2_ratio: float
    linear_top_decade: float
    """Share of a linear scale's draws in the top decade of the range."""
    crossover: float
    """The learning rate below which a linear scale draws more thinly than a log scale (per decade)."""


def grid_facts(m, c) -> GridFacts:
    best, random = grid_best(m), expected_random_best(m)
    lr = np.asarray(m["grid_lr"], dtype=np.float64)
    final = np.asarray(m["grid_val_acc"], dtype=np.float64)[..., -1]
    at_top = [np.isfinite(f).any() and lr_s[np.nanargmax(f)] == lr_s.max() for lr_s, f in zip(lr, final)]
    return GridFacts(
        size=c.grid_size,
        trials=c.grid_trials,
        grid_best=mean_or_none(best),
        random_best=mean_or_none(random),
        random_ahead_chance=mean_or_none(random_beats_grid_chance(m)),
        seeds_random_ahead=int(np.count_nonzero(random > best)),
        seeds_grid_best_at_top_lr=int(sum(at_top)),
        diverged=int(np.count_nonzero(np.asarray(m["grid_diverged_at"]) >= 0)),
    )


def early_facts(m, c) -> EarlyFacts:
    epochs, trials = c.epochs, c.trials
    early = early_epoch(epochs)
    looks = sorted({k for k in (1, 2, early, 2 * early, 4 * early) if k <= epochs})
    curves = np.asarray(m["val_acc"], dtype=np.float64)
    halved = [successive_halving(curve) for curve in curves]
    firsts = [int(np.nanargmax(curve[:, -1])) if np.isfinite(curve[:, -1]).any() else -2 for curve in curves]
    rungs = halving_rungs(trials, epochs)
    dropped_first = sum(first >= 0 and stopped[first] == rungs[0][0] and len(rungs) > 1
                        for first, (_, stopped) in zip(firsts, halved))
    share = halving_epoch_share(m)
    shortfall = halving_minus_best(m)
    bound = next(claim.threshold for claim in CLAIMS if claim.id == "search-early-ranking-predicts-final")
    means = [(k, mean_or_none(rank_agreement(m, k))) for k in range(1, epochs + 1)]
    strong = [k for k, rho in means if rho is not None and rho > bound]
    updates = c.n_train // c.batch_size
    return EarlyFacts(
        epoch=early,
        agreement=tuple((k, mean_or_none(rank_agreement(m, k))) for k in looks),
        strong_from=strong[0] if strong else None,
        updates_per_epoch=updates,
        early_updates=early * updates,
        rungs=rungs,
        first_rung_epoch=rungs[0][0],
        halving_epochs=float(share.mean() * trials * epochs),
        full_epochs=trials * epochs,
        halving_share=float(share.mean()),
        same_pick=int(sum(pick == first for (pick, _), first in zip(halved, firsts))),
        as_good=int(np.count_nonzero(shortfall >= 0)),
        best_dropped_first=int(dropped_first),
        worst_behind=-float(np.nanmin(shortfall)) if np.isfinite(shortfall).any() else None,
    )


def scale_facts(m, c) -> ScaleFacts:
    region = good_lr_region(m)
    (log, linear), (log1, linear1), (log2, linear2) = (scale_shares(m, shift) for shift in (0.0, -1.0, -2.0))
    low, high = 10.0 ** c.log10_lr_min, 10.0 ** c.log10_lr_max
    return ScaleFacts(
        region_low=float(10.0 ** region[:, 0].min()),
        region_high=float(10.0 ** region[:, 1].max()),
        region_decades=float(np.mean(region[:, 1] - region[:, 0])),
        region_in_top_decade=bool((region[:, 0] >= c.log10_lr_max - 1).all()),
        log_good=float(log.mean()),
        linear_good=float(linear.mean()),
        log_lower=float(log1.mean()),
        linear_lower=float(linear1.mean()),
        linear_lower2=float(linear2.mean()),
        lower_ratio=float(np.mean(log1 / linear1)),
        lower2_ratio=float(np.mean(log2 / linear2)),
        linear_top_decade=float((high - max(low, high / 10)) / (high - low)),
        # densities per unit of log10 lr: linear x ln10 / (high - low), log 1 / decades; equal here
        crossover=float((high - low) / (math.log(10) * (c.log10_lr_max - c.log10_lr_min))),
    )
