"""The statistics of the hyperparameter search: what its claims, figures and page compute from the
metrics (S, ...), one value or one array per seed.

Pure NumPy, so that none of those has to load the engine; split from the declaration in
``__init__``, which re-exports every name, so the package stays the one place to import them from.
"""

import math

import numpy as np

from generator.experiments.hyperparameter_search.config import ranking

GOOD_LR = 1e-3
"""The lower end of the good region the book reads off its plot (lr 0.001 to 0.01)."""
GOOD_WEIGHT_DECAY = 1e-6
"""The upper end of the good region the book reads off its plot (λ 10^-8 to 10^-6)."""
ROUNDS = (1, 2)
"""The two search rounds; round-2 metrics carry the prefix ``round2_``, ``best_round`` names one."""


def prefix(round_: int) -> str:
    """Metric name prefix of a round: ``""`` for round 1, ``"round2_"`` for round 2."""
    return "" if round_ == 1 else "round2_"


def final_val_acc(metrics, round_=1):
    """Validation accuracy after the last epoch of every trial of a round (S, trials); NaN where diverged."""
    return np.asarray(metrics[f"{prefix(round_)}val_acc"], dtype=np.float64)[..., -1]


def top_log10(metrics, name, round_=1):
    """log10 of hyperparameter ``name`` of each seed's top trials (S, k); NaN where a seed has fewer finished trials."""
    top = np.asarray(metrics[f"{prefix(round_)}top_trials"])
    values = np.take_along_axis(np.asarray(metrics[f"{prefix(round_)}{name}"], dtype=np.float64), np.maximum(top, 0), axis=1)
    return np.where(top >= 0, np.log10(values), np.nan)


def top_lr_spread(metrics):
    """Decades spanned by the learning rates of the round-1 top trials (S,)."""
    logs = top_log10(metrics, "lr")
    return np.nanmax(logs, axis=1) - np.nanmin(logs, axis=1)


def share_of_top_above(metrics, lr=GOOD_LR):
    """Fraction of the round-1 top trials with a learning rate above ``lr`` (S,); NaN for a seed whose every trial diverged."""
    logs = top_log10(metrics, "lr")
    with np.errstate(invalid="ignore"):
        return (logs > np.log10(lr)).sum(axis=1) / (~np.isnan(logs)).sum(axis=1)


def share_below(metrics, weight_decay=GOOD_WEIGHT_DECAY):
    """Fraction of the round-1 top trials, and of all round-1 trials, with λ below ``weight_decay`` (S,), (S,).

    All trials, diverged or not, because the draws do not depend on the outcome: their share is
    where λ falls when it has no effect on which trials come out on top.
    """
    logs = top_log10(metrics, "weight_decay")
    with np.errstate(invalid="ignore"):  # NaN for a seed whose every trial diverged
        top = (logs < np.log10(weight_decay)).sum(axis=1) / (~np.isnan(logs)).sum(axis=1)
    every = (np.asarray(metrics["weight_decay"]) < weight_decay).mean(axis=1)
    return top, every


def weight_decay_excess_below(metrics, weight_decay=GOOD_WEIGHT_DECAY):
    """How much more often the round-1 top trials have λ below ``weight_decay`` than all round-1 trials (S,)."""
    top, every = share_below(metrics, weight_decay)
    return top - every


def average_ranks(a) -> np.ndarray:
    """Ranks 0 ... n-1 with ties given their average rank."""
    a = np.asarray(a)
    ranks = np.empty(len(a))
    ranks[np.argsort(a, kind="stable")] = np.arange(len(a))
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    return (np.bincount(inverse, weights=ranks) / counts)[inverse]


def spearman(a, b) -> float:
    """Spearman's rank correlation; NaN when either side is constant."""
    ra, rb = average_ranks(a) - (len(a) - 1) / 2, average_ranks(b) - (len(b) - 1) / 2
    denominator = np.sqrt((ra**2).sum() * (rb**2).sum())
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")


def weight_decay_minus_lr_dependence(metrics):
    """|ρ(final val acc, log λ)| - |ρ(final val acc, log lr)| over each seed's finished round-1 trials (S,)."""
    values = []
    for lr, wd, val in zip(metrics["lr"], metrics["weight_decay"], final_val_acc(metrics)):
        ok = np.isfinite(val)
        values.append(abs(spearman(val[ok], np.log10(wd[ok]))) - abs(spearman(val[ok], np.log10(lr[ok]))))
    return np.array(values)


def round2_best_gain(metrics):
    """Best final validation accuracy of round 2 minus that of round 1 (S,)."""
    return np.nanmax(final_val_acc(metrics, 2), axis=1) - np.nanmax(final_val_acc(metrics, 1), axis=1)


def grid_best(metrics):
    """Best final validation accuracy of each seed's grid (S,); NaN where every grid trial diverged."""
    final = np.asarray(metrics["grid_val_acc"], dtype=np.float64)[..., -1]
    finite = np.isfinite(final)
    return np.where(finite.any(axis=1), np.where(finite, final, -np.inf).max(axis=1), np.nan)


def best_of_random(final, k):
    """The exact distribution of the best of ``k`` trials drawn without replacement from ``final`` (T,).

    Returns the values in increasing order and the probability that each is the best of a random
    k-subset: the j-th smallest (1-based) is the best with probability C(j-1, k-1) / C(T, k). A
    diverged trial (NaN) counts as accuracy 0: it is only ever the best of a subset in which every
    trial diverged.
    """
    values = np.sort(np.nan_to_num(np.asarray(final, dtype=np.float64), nan=0.0))
    n = len(values)
    total = math.comb(n, k)
    probs = np.array([math.comb(j - 1, k - 1) / total for j in range(1, n + 1)])
    return values, probs


def expected_random_best(metrics):
    """Expected best final validation accuracy of a random search with the grid's budget, drawn from round 1 (S,)."""
    k = np.shape(metrics["grid_lr"])[1]
    return np.array([float(np.dot(*best_of_random(final, k))) for final in final_val_acc(metrics)])


def random_best_quantile(metrics, q):
    """The q-quantile of the best of a random search with the grid's budget, per seed (S,)."""
    k = np.shape(metrics["grid_lr"])[1]
    out = []
    for final in final_val_acc(metrics):
        values, probs = best_of_random(final, k)
        out.append(values[np.searchsorted(np.cumsum(probs), q - 1e-12)])  # the least value with P(best <= value) >= q
    return np.array(out)


def random_beats_grid_chance(metrics):
    """Probability that a random search with the grid's budget ends strictly above the grid's best (S,)."""
    k = np.shape(metrics["grid_lr"])[1]
    out = []
    for final, best in zip(final_val_acc(metrics), grid_best(metrics)):
        values, probs = best_of_random(final, k)
        out.append(float(probs[values > best].sum()))
    return np.array(out)


def random_minus_grid(metrics):
    """Expected best of a random search with the grid's budget minus the grid's best (S,)."""
    return expected_random_best(metrics) - grid_best(metrics)


EARLY_FRACTION = 0.1
"""The early look at the ranking: after a tenth of the epochs (5 of the book's 50)."""


def early_epoch(epochs: int) -> int:
    """The epoch of the early look: a tenth of ``epochs``, at least one."""
    return max(1, round(EARLY_FRACTION * epochs))


def rank_agreement(metrics, epoch):
    """Spearman ρ between validation accuracy after ``epoch`` epochs and after the last, over each seed's
    finished round-1 trials (S,)."""
    val = np.asarray(metrics["val_acc"], dtype=np.float64)
    values = []
    for curves in val:
        ok = np.isfinite(curves[:, -1])
        values.append(spearman(curves[ok, epoch], curves[ok, -1]) if ok.sum() > 1 else np.nan)
    return np.array(values)


def early_rank_agreement(metrics):
    """Spearman ρ of the ranking after a tenth of the epochs with the final one (S,)."""
    epochs = np.shape(metrics["val_acc"])[-1] - 1
    return rank_agreement(metrics, early_epoch(epochs))


HALVING_RATE = 3
"""Successive halving keeps the best third at each rung (η = 3, as in Jamieson and Talwalkar 2016 and
Hyperband, Li et al. 2018)."""


def halving_rungs(trials: int, epochs: int, rate: int = HALVING_RATE) -> tuple[tuple[int, int], ...]:
    """(epoch, trials still running) of each rung of successive halving.

    With s rungs after the first, where rate^s fits both the trials and the epochs, rung i runs
    trials // rate^i trials up to ceil(epochs / rate^(s - i)) epochs; the last rung is the full
    training. For 100 trials of 50 epochs: 100 trials to epoch 2, 33 to 6, 11 to 17, 3 to 50.
    """
    s = 0
    while rate ** (s + 1) <= min(trials, epochs):
        s += 1
    return tuple((-(-epochs // rate ** (s - i)), max(1, trials // rate**i)) for i in range(s + 1))


def successive_halving(curves, rate: int = HALVING_RATE):
    """Successive halving replayed on recorded validation curves (T, epochs + 1).

    At each rung the trials still running are ranked by validation accuracy at the rung's epoch (as
    the search ranks: diverged trials last, ties by index) and only the number the next rung runs go
    on. Returns the trial it picks (-1 if every finalist diverged) and the epoch each trial stopped
    at (T,); their sum is the epochs it trains.
    """
    curves = np.asarray(curves, dtype=np.float64)
    trials, epochs = curves.shape[0], curves.shape[1] - 1
    rungs = halving_rungs(trials, epochs, rate)
    running = np.arange(trials)
    stopped = np.zeros(trials, dtype=np.int64)
    for i, (epoch, _) in enumerate(rungs):
        scores = curves[running, epoch]
        order = running[np.concatenate([ranking(scores), np.flatnonzero(~np.isfinite(scores))])]
        stopped[running] = epoch  # the ones that go on are overwritten at the next rung
        running = order[: rungs[i + 1][1] if i + 1 < len(rungs) else 1]
    pick = int(running[0]) if np.isfinite(curves[running[0], -1]) else -1
    return pick, stopped


def halving_minus_best(metrics):
    """Final validation accuracy of successive halving's pick minus the full search's best, round 1 (S,)."""
    values = []
    for curves in np.asarray(metrics["val_acc"], dtype=np.float64):
        pick, _ = successive_halving(curves)
        best = np.nanmax(curves[:, -1]) if np.isfinite(curves[:, -1]).any() else np.nan
        values.append(curves[pick, -1] - best if pick >= 0 else np.nan)
    return np.array(values)


def halving_epoch_share(metrics):
    """Epochs successive halving trains, as a share of the full search's trials x epochs (S,)."""
    val = np.asarray(metrics["val_acc"])
    trials, epochs = val.shape[1], val.shape[2] - 1
    return np.array([successive_halving(curves)[1].sum() / (trials * epochs) for curves in val])


def good_lr_region(metrics):
    """log10 of the good learning-rate region of each seed (S, 2): the range of its round-1 top trials,
    the range round 2 samples."""
    return np.asarray(metrics["round2_log10_range"], dtype=np.float64)[:, 0]


def scale_shares(metrics, shift: float = 0.0):
    """Share of trials that a log scale and a linear scale over round 1's learning-rate range would put in
    the good region moved by ``shift`` decades, clipped to the range: (log (S,), linear (S,)).

    Both are exact expectations from the two densities: a log scale gives a region its width in
    decades over the range's; a linear one its width in learning rate over the range's.
    """
    full = np.asarray(metrics["log10_range"], dtype=np.float64)[:, 0]  # (S, 2)
    region = np.clip(good_lr_region(metrics) + shift, full[:, :1], full[:, 1:])  # (S, 2)

    def width(bounds):
        return bounds[:, 1] - bounds[:, 0]

    return width(region) / width(full), width(10.0**region) / width(10.0**full)


def linear_minus_log_share(metrics, shift: float = 0.0):
    """Share of trials a linear scale puts in the good region moved by ``shift`` decades, minus a log scale's (S,)."""
    log, linear = scale_shares(metrics, shift)
    return linear - log
