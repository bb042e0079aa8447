"""Facts of the hyperparameters page: the dropout ratio swept, validation data, the two-round random
search, and from the search's own records a grid against random search, abandoning settings early
and the log scale (article §4)."""

import math
from dataclasses import dataclass

import numpy as np

from generator.experiments.hyperparameter_search import (
    GOOD_WEIGHT_DECAY,
    final_val_acc,
    round2_best_gain,
    share_below,
    top_log10,
)
from generator.site.facts import SiteInputs, Text, require, settings
from generator.site.facts.hyperparameters.dropout import DropoutFacts, RatioRow, SameSetting, dropout_facts
from generator.site.facts.hyperparameters.search import (
    EarlyFacts,
    GridFacts,
    ScaleFacts,
    early_facts,
    grid_facts,
    max_or_none,
    mean_or_none,
    scale_facts,
)

__all__ = ["DropoutFacts", "EarlyFacts", "GridFacts", "HyperparametersFacts", "RatioRow", "SameSetting", "ScaleFacts",
           "SeedRow", "facts"]

CEILING_MARGIN = 0.25
"""Decades: when the best learning rates come this close to the largest one sampled, the page
warns that the search cannot see where the good region ends."""
MARKED_GAIN_IMAGES = 3
"""Validation images: round 2's best beating round 1's by fewer than this many is within the
noise of a couple of images, not a markedly better setting."""


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
    rows: tuple[SeedRow, ...]
    round1_mean_val: float | None
    """Final validation accuracy of the average finished trial of each round, all seeds together."""
    round2_mean_val: float | None
    round2_mean_higher: bool
    round2_best_gain: float | None
    """Round 2's best minus round 1's best validation accuracy, averaged over seeds (the claim's value)."""
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


def facts(inputs: SiteInputs) -> HyperparametersFacts:
    # the regularization page's run of the same network, when this build has it (the dropout sweep says how the two differ)
    dropout = dropout_facts(require(inputs, "dropout-ratio"), inputs.results.get("overfitting"))
    result = require(inputs, "hyperparameter-search")
    m, c, seeds = result.metrics, settings(result), result.seeds
    rounds = result.axes["round"]
    n_validation = c.n_validation
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
    diverged = [int(np.count_nonzero(np.asarray(m[name]) >= 0)) for name in ("diverged_at", "round2_diverged_at", "final_diverged_at")]
    wd_decades = c.log10_wd_max - c.log10_wd_min

    return HyperparametersFacts(
        seeds=len(seeds),
        preset=result.preset,
        book_preset=result.preset == "book",
        n_samples=c.n_samples,
        validation_fraction=c.validation_fraction,
        n_validation=n_validation,
        n_train=c.n_train,
        hidden_layers=len(c.hidden_sizes),
        hidden_widths=tuple(dict.fromkeys(c.hidden_sizes)),
        batch_size=c.batch_size,
        epochs=c.epochs,
        trials=c.trials,
        round2_trials=c.round2_trials,
        trials_per_seed=c.trials + c.round2_trials,
        top_k=c.top_k,
        grid_values=math.isqrt(c.trials),
        log10_lr_min=c.log10_lr_min,
        log10_lr_max=c.log10_lr_max,
        log10_wd_min=c.log10_wd_min,
        log10_wd_max=c.log10_wd_max,
        lr_decades=c.log10_lr_max - c.log10_lr_min,
        wd_decades=wd_decades,
        lr_min=10.0 ** c.log10_lr_min,
        lr_max=10.0 ** c.log10_lr_max,
        first_seed_best_val=float(final1[0, first_top[0]]) if first_top.size else None,
        first_seed_last_top_val=float(final1[0, first_top[-1]]) if first_top.size else None,
        first_seed_top_count=int(first_top.size),
        top_lr_low=float(ranges[:, 0, 0].min()),
        top_lr_high=float(ranges[:, 0, 1].max()),
        lr_at_ceiling=bool(c.log10_lr_max - log_ranges[:, 0, 1].max() < CEILING_MARGIN),
        top_wd_span=float(np.mean(log_ranges[:, 1, 1] - log_ranges[:, 1, 0])),
        rows=rows,
        round1_mean_val=mean1,
        round2_mean_val=mean2,
        round2_mean_higher=mean1 is not None and mean2 is not None and mean2 > mean1,
        round2_best_gain=gain,
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
        trials_round1_total=len(seeds) * c.trials,
        trials_round2_total=len(seeds) * c.round2_trials,
        none_diverged=not any(diverged),
        nothing_above_book_lr=c.log10_lr_max <= -2,
        top_count=top_count,
        top_below_count=int(np.count_nonzero(below)),
        top_below_share=int(np.count_nonzero(below)) / top_count if top_count else None,
        all_below_share=float(np.mean(all_below)),
        chance_below=float(np.clip((math.log10(GOOD_WEIGHT_DECAY) - c.log10_wd_min) / wd_decades, 0.0, 1.0)),
        dropout=dropout,
        grid=grid_facts(m, c),
        early=early_facts(m, c),
        scale=scale_facts(m, c),
    )
