"""Facts of the hyperparameters page: the dropout ratio swept, validation data, the two-round random
search, and from the search's own records a grid against random search, abandoning settings early
and the log scale (article §4)."""

import math
from dataclasses import dataclass

import numpy as np

from generator.experiments import dropout_ratio
from generator.experiments.hyperparameter_search import (
    CLAIMS,
    GOOD_WEIGHT_DECAY,
    HALVING_RATE,
    early_epoch,
    expected_random_best,
    final_val_acc,
    good_lr_region,
    grid_best,
    halving_epoch_share,
    halving_minus_best,
    halving_rungs,
    random_beats_grid_chance,
    rank_agreement,
    round2_best_gain,
    scale_shares,
    share_below,
    successive_halving,
    top_log10,
    weight_decay_minus_lr_dependence,
)
from generator.site.facts import SiteInputs, Text, require

STALLED = 0.2
"""Training accuracy below twice chance (ten classes): the dropout sweep counts such a ratio as one at
which the network did not learn at all."""
CEILING_MARGIN = 0.25
"""Decades: when the best learning rates come this close to the largest one sampled, the page
warns that the search cannot see where the good region ends."""
MARKED_GAIN_IMAGES = 3
"""Validation images: round 2's best beating round 1's by fewer than this many is within the
noise of a couple of images, not a markedly better setting."""


@dataclass(frozen=True)
class RatioRow:
    """One dropout ratio of the sweep: accuracies over the test window, averaged over seeds (None where a seed diverged)."""

    ratio: float
    train: float | None
    test: float | None
    gap: float | None
    """train - test."""


@dataclass(frozen=True)
class DropoutFacts:
    book_preset: bool
    preset: str
    n_train: int
    hidden_layers: int
    hidden_units: int
    lr: float
    batch_size: int
    epochs: int
    window: int
    """Last epochs whose accuracies are averaged (test accuracy is measured only there)."""
    rows: tuple[RatioRow, ...]
    baseline: RatioRow
    """Ratio 0: no dropout."""
    smallest: RatioRow
    """The smallest nonzero ratio and the largest ratio of the sweep."""
    largest: RatioRow
    best_test: RatioRow
    """The ratio with the highest test accuracy, averaged over seeds."""
    best_is_no_dropout: bool
    """Whether no ratio beat no dropout on test accuracy."""
    stalled_from: float | None
    """The smallest nonzero ratio whose training accuracy stays below ``STALLED`` (the network did not learn), if any."""
    stalled_signal: float | None
    """(1 - that ratio) to the power of the hidden layers: how much of a signal the book's dropout, which
    rescales only at test time, lets through all hidden layers during training."""
    diverged: int


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
    rate: int
    first_rung_epoch: int
    """The epoch of the first cut."""
    halving_epochs: float
    """Epochs successive halving trains per seed (mean), against every trial trained to the end."""
    full_epochs: int
    halving_share: float
    halving_minus_best: float | None
    """Final validation accuracy of halving's pick minus the full round's best, seed mean."""
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
    log_lower2: float
    linear_lower2: float
    lower_ratio: float
    """How many times fewer trials a linear scale gives the region one decade lower than a log scale (log / linear)."""
    lower2_ratio: float
    linear_top_decade: float
    """Share of a linear scale's draws in the top decade of the range."""
    crossover: float
    """The learning rate below which a linear scale draws more thinly than a log scale (per decade)."""


@dataclass(frozen=True)
class SeedRow:
    """One seed's line of the round-2 table."""

    seed: int
    lr_low: float
    """The learning rates round 2 sampled, from ``lr_low`` to ``lr_high``."""
    lr_high: float
    wd_low: float
    wd_high: float
    best_val_round1: float | None
    """Best final validation accuracy of each round; None when every trial of it diverged."""
    best_val_round2: float | None
    chosen: Text | None
    """The round the chosen setting came from; None when every trial diverged."""
    chosen_lr: float
    chosen_weight_decay: float
    test_acc: float | None


@dataclass(frozen=True)
class HyperparametersFacts:
    seeds: int
    preset: str
    book_preset: bool
    """False when the build ran a smaller preset: the page then says so."""
    n_samples: int
    validation_fraction: float
    n_validation: int
    n_train: int
    hidden_layers: int
    hidden_widths: tuple[int, ...]
    """The distinct widths of the hidden layers, in order."""
    batch_size: int
    epochs: int
    trials: int
    round2_trials: int
    trials_per_seed: int
    top_k: int
    grid_values: int
    """Values of each hyperparameter a square grid of ``trials`` points would try."""
    log10_lr_min: float
    log10_lr_max: float
    log10_wd_min: float
    log10_wd_max: float
    lr_decades: float
    wd_decades: float
    lr_min: float
    lr_max: float
    first_seed_best_val: float | None
    """Final validation accuracy of the first seed's best round-1 trial, and of the last of its top trials."""
    first_seed_last_top_val: float | None
    first_seed_top_count: int
    top_lr_low: float
    """The lowest and highest learning rate among the round-1 top trials of all seeds."""
    top_lr_high: float
    lr_at_ceiling: bool
    """Whether the best learning rates reach within ``CEILING_MARGIN`` decades of the largest sampled."""
    top_wd_span: float
    """Decades spanned by the top trials' λ, averaged over seeds."""
    correlation_gap: float | None
    """Spearman |ρ| of validation accuracy with log lr minus that with log λ, averaged over seeds."""
    rows: tuple[SeedRow, ...]
    round1_mean_val: float | None
    """Final validation accuracy of the average finished trial of each round, all seeds together."""
    round2_mean_val: float | None
    round2_mean_higher: bool
    round2_best_gain: float | None
    """Round 2's best minus round 1's best validation accuracy, averaged over seeds (the claim's value)."""
    round2_best_gain_size: float | None
    round2_best_better: bool
    round2_marked_gain: bool
    """Whether round 2's best beat round 1's by at least ``MARKED_GAIN_IMAGES`` validation images."""
    one_image: float
    """What one validation image is worth in accuracy."""
    test_accs: tuple[float, ...]
    test_mean: float | None
    best_val_mean: float | None
    """The chosen settings' validation accuracy, averaged over seeds."""
    test_below_validation: bool
    validation_minus_test: float | None
    diverged_round1: int
    diverged_round2: int
    diverged_final: int
    trials_round1_total: int
    trials_round2_total: int
    none_diverged: bool
    nothing_above_book_lr: bool
    """True when no learning rate above 0.01, the top of the book's good band, was sampled."""
    top_count: int
    """Round-1 top trials of all seeds together, and how many of them have λ below 10⁻⁶."""
    top_below_count: int
    top_below_share: float | None
    all_below_share: float
    """Share of all round-1 trials with λ below 10⁻⁶: where λ falls when it does not matter."""
    chance_below: float
    """Share of the sampled decades of λ below 10⁻⁶: what ``all_below_share`` estimates."""
    dropout: DropoutFacts
    grid: GridFacts
    early: EarlyFacts
    scale: ScaleFacts


def mean_or_none(values) -> float | None:
    """Mean of the finite values, or None when there is none (every run diverged)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else None


def max_or_none(values) -> float | None:
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else None


def ratio_row(ratio, train, test) -> RatioRow:
    """One ratio's (S,) accuracies averaged over seeds; None when any seed diverged there."""
    train, test = (float(a.mean()) if np.isfinite(a).all() else None for a in (train, test))
    return RatioRow(float(ratio), train, test, None if train is None or test is None else train - test)


def dropout_facts(result) -> DropoutFacts:
    m, c = result.metrics, result.config
    train, test = dropout_ratio.final(m, "train_acc"), dropout_ratio.final(m, "test_acc")  # (S, R)
    rows = tuple(ratio_row(r, train[:, i], test[:, i]) for i, r in enumerate(result.axes["ratio"].values))
    ranked = [row for row in rows if row.test is not None]
    best = max(ranked, key=lambda row: row.test) if ranked else rows[0]
    baseline, smallest, largest = rows[0], rows[1], rows[-1]
    stalled = [row.ratio for row in rows[1:] if row.train is not None and row.train < STALLED]
    return DropoutFacts(
        book_preset=result.preset == "book",
        preset=result.preset,
        n_train=c["n_train"],
        hidden_layers=len(c["hidden_sizes"]),
        hidden_units=c["hidden_sizes"][0],
        lr=c["lr"],
        batch_size=c["batch_size"],
        epochs=c["epochs"],
        window=c["test_window"],
        rows=rows,
        baseline=baseline,
        smallest=smallest,
        largest=largest,
        best_test=best,
        best_is_no_dropout=best is baseline,
        stalled_from=stalled[0] if stalled else None,
        stalled_signal=(1 - stalled[0]) ** len(c["hidden_sizes"]) if stalled else None,
        diverged=int(np.count_nonzero(np.asarray(m["diverged_at"]) >= 0)),
    )


def grid_facts(m, c) -> GridFacts:
    best, random = grid_best(m), expected_random_best(m)
    lr = np.asarray(m["grid_lr"], dtype=np.float64)
    final = np.asarray(m["grid_val_acc"], dtype=np.float64)[..., -1]
    at_top = [np.isfinite(f).any() and lr_s[np.nanargmax(f)] == lr_s.max() for lr_s, f in zip(lr, final)]
    return GridFacts(
        size=c["grid_size"],
        trials=c["grid_size"] ** 2,
        grid_best=mean_or_none(best),
        random_best=mean_or_none(random),
        random_ahead_chance=mean_or_none(random_beats_grid_chance(m)),
        seeds_random_ahead=int(np.count_nonzero(random > best)),
        seeds_grid_best_at_top_lr=int(sum(at_top)),
        diverged=int(np.count_nonzero(np.asarray(m["grid_diverged_at"]) >= 0)),
    )


def early_facts(m, c) -> EarlyFacts:
    epochs, trials = c["epochs"], c["trials"]
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
    updates = (c["n_samples"] - int(c["n_samples"] * c["validation_fraction"])) // c["batch_size"]
    return EarlyFacts(
        epoch=early,
        agreement=tuple((k, mean_or_none(rank_agreement(m, k))) for k in looks),
        strong_from=strong[0] if strong else None,
        updates_per_epoch=updates,
        early_updates=early * updates,
        rungs=rungs,
        rate=HALVING_RATE,
        first_rung_epoch=rungs[0][0],
        halving_epochs=float(share.mean() * trials * epochs),
        full_epochs=trials * epochs,
        halving_share=float(share.mean()),
        halving_minus_best=mean_or_none(halving_minus_best(m)),
        same_pick=int(sum(pick == first for (pick, _), first in zip(halved, firsts))),
        as_good=int(np.count_nonzero(shortfall >= 0)),
        best_dropped_first=int(dropped_first),
        worst_behind=-float(np.nanmin(shortfall)) if np.isfinite(shortfall).any() else None,
    )


def scale_facts(m, c) -> ScaleFacts:
    region = good_lr_region(m)
    (log, linear), (log1, linear1), (log2, linear2) = (scale_shares(m, shift) for shift in (0.0, -1.0, -2.0))
    low, high = 10.0 ** c["log10_lr_min"], 10.0 ** c["log10_lr_max"]
    return ScaleFacts(
        region_low=float(10.0 ** region[:, 0].min()),
        region_high=float(10.0 ** region[:, 1].max()),
        region_decades=float(np.mean(region[:, 1] - region[:, 0])),
        region_in_top_decade=bool((region[:, 0] >= c["log10_lr_max"] - 1).all()),
        log_good=float(log.mean()),
        linear_good=float(linear.mean()),
        log_lower=float(log1.mean()),
        linear_lower=float(linear1.mean()),
        log_lower2=float(log2.mean()),
        linear_lower2=float(linear2.mean()),
        lower_ratio=float(np.mean(log1 / linear1)),
        lower2_ratio=float(np.mean(log2 / linear2)),
        linear_top_decade=float((high - max(low, high / 10)) / (high - low)),
        # densities per unit of log10 lr: linear x ln10 / (high - low), log 1 / decades; equal here
        crossover=float((high - low) / (math.log(10) * (c["log10_lr_max"] - c["log10_lr_min"]))),
    )


def facts(inputs: SiteInputs) -> HyperparametersFacts:
    dropout = dropout_facts(require(inputs, "dropout-ratio"))
    result = require(inputs, "hyperparameter-search")
    m, c, seeds = result.metrics, result.config, result.seeds
    rounds = result.axes["round"]
    n_validation = int(c["n_samples"] * c["validation_fraction"])
    final1, final2 = final_val_acc(m, 1), final_val_acc(m, 2)  # (S, trials)
    log_ranges = np.asarray(m["round2_log10_range"], dtype=np.float64)  # (S, hyperparameter, bound)
    ranges = 10.0**log_ranges
    top = np.asarray(m["top_trials"])
    first_top = top[0][top[0] >= 0]
    test = np.asarray(m["test_acc"], dtype=np.float64)
    best_round = np.asarray(m["best_round"])

    rows = tuple(
        SeedRow(
            seed=int(seed),
            lr_low=float(ranges[s, 0, 0]),
            lr_high=float(ranges[s, 0, 1]),
            wd_low=float(ranges[s, 1, 0]),
            wd_high=float(ranges[s, 1, 1]),
            best_val_round1=max_or_none(final1[s]),
            best_val_round2=max_or_none(final2[s]),
            chosen=Text(rounds.label(int(best_round[s]), "ko"), rounds.label(int(best_round[s]), "en"))
            if best_round[s] > 0 else None,
            chosen_lr=float(m["best_lr"][s]),
            chosen_weight_decay=float(m["best_weight_decay"][s]),
            test_acc=float(test[s]) if np.isfinite(test[s]) else None,
        )
        for s, seed in enumerate(seeds)
    )

    top_wd = top_log10(m, "weight_decay")  # (S, k)
    below = top_wd < math.log10(GOOD_WEIGHT_DECAY)
    top_count = int(np.count_nonzero(~np.isnan(top_wd)))
    _, all_below = share_below(m)

    mean1, mean2 = mean_or_none(final1), mean_or_none(final2)
    gain = mean_or_none(round2_best_gain(m))
    test_mean, best_val_mean = mean_or_none(test), mean_or_none(m["best_val_acc"])
    lag = None if test_mean is None or best_val_mean is None else best_val_mean - test_mean
    correlation = mean_or_none(weight_decay_minus_lr_dependence(m))
    diverged = [int(np.count_nonzero(np.asarray(m[name]) >= 0)) for name in ("diverged_at", "round2_diverged_at", "final_diverged_at")]
    wd_decades = c["log10_wd_max"] - c["log10_wd_min"]

    return HyperparametersFacts(
        seeds=len(seeds),
        preset=result.preset,
        book_preset=result.preset == "book",
        n_samples=c["n_samples"],
        validation_fraction=c["validation_fraction"],
        n_validation=n_validation,
        n_train=c["n_samples"] - n_validation,
        hidden_layers=len(c["hidden_sizes"]),
        hidden_widths=tuple(dict.fromkeys(c["hidden_sizes"])),
        batch_size=c["batch_size"],
        epochs=c["epochs"],
        trials=c["trials"],
        round2_trials=c["round2_trials"],
        trials_per_seed=c["trials"] + c["round2_trials"],
        top_k=c["top_k"],
        grid_values=math.isqrt(c["trials"]),
        log10_lr_min=c["log10_lr_min"],
        log10_lr_max=c["log10_lr_max"],
        log10_wd_min=c["log10_wd_min"],
        log10_wd_max=c["log10_wd_max"],
        lr_decades=c["log10_lr_max"] - c["log10_lr_min"],
        wd_decades=wd_decades,
        lr_min=10.0 ** c["log10_lr_min"],
        lr_max=10.0 ** c["log10_lr_max"],
        first_seed_best_val=float(final1[0, first_top[0]]) if first_top.size else None,
        first_seed_last_top_val=float(final1[0, first_top[-1]]) if first_top.size else None,
        first_seed_top_count=int(first_top.size),
        top_lr_low=float(ranges[:, 0, 0].min()),
        top_lr_high=float(ranges[:, 0, 1].max()),
        lr_at_ceiling=bool(c["log10_lr_max"] - log_ranges[:, 0, 1].max() < CEILING_MARGIN),
        top_wd_span=float(np.mean(log_ranges[:, 1, 1] - log_ranges[:, 1, 0])),
        correlation_gap=None if correlation is None else -correlation,
        rows=rows,
        round1_mean_val=mean1,
        round2_mean_val=mean2,
        round2_mean_higher=mean1 is not None and mean2 is not None and mean2 > mean1,
        round2_best_gain=gain,
        round2_best_gain_size=None if gain is None else abs(gain),
        round2_best_better=gain is not None and gain >= 0,
        round2_marked_gain=gain is not None and gain >= MARKED_GAIN_IMAGES / n_validation,
        one_image=1 / n_validation,
        test_accs=tuple(float(a) for a in test),
        test_mean=test_mean,
        best_val_mean=best_val_mean,
        test_below_validation=lag is not None and lag > 0,
        validation_minus_test=lag,
        diverged_round1=diverged[0],
        diverged_round2=diverged[1],
        diverged_final=diverged[2],
        trials_round1_total=len(seeds) * c["trials"],
        trials_round2_total=len(seeds) * c["round2_trials"],
        none_diverged=not any(diverged),
        nothing_above_book_lr=c["log10_lr_max"] <= -2,
        top_count=top_count,
        top_below_count=int(np.count_nonzero(below)),
        top_below_share=int(np.count_nonzero(below)) / top_count if top_count else None,
        all_below_share=float(np.mean(all_below)),
        chance_below=float(np.clip((math.log10(GOOD_WEIGHT_DECAY) - c["log10_wd_min"]) / wd_decades, 0.0, 1.0)),
        dropout=dropout,
        grid=grid_facts(m, c),
        early=early_facts(m, c),
        scale=scale_facts(m, c),
    )
