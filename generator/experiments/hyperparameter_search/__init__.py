"""Random search for the learning rate and weight decay, narrowed once (article section 4; book 6.5).

500 training images are split, per seed, into 400 for training and 100 for validation. Round 1
samples 100 (learning rate, weight decay) pairs log-uniformly, lr = 10^U(-6, -2) and
λ = 10^U(-8, -4), trains each for 50 epochs and ranks them by final validation accuracy. Round 2
samples 100 more from the narrowed range: the smallest and largest log10 lr and log10 λ among the
round-1 top 20. The best pair of both rounds is then trained once more on all 500 images and its
test accuracy measured, once. A trial that diverges is recorded and ranks below every trial that
did not.

The statistics below are what the claims, the figures and the page compute from the metrics;
they are pure NumPy so that none of those has to load the engine. ``ranking``, the order the search
itself ranks trials in, is defined with the config (it decides what round 2 samples, so it belongs
in the cache key) and read from here.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.hyperparameter_search.config import PRESETS, Config, ranking

GOOD_LR = 1e-3
"""The lower end of the good region the book reads off its plot (lr 0.001 to 0.01)."""
GOOD_WEIGHT_DECAY = 1e-6
"""The upper end of the good region the book reads off its plot (λ 10^-8 to 10^-6)."""
ROUNDS = (1, 2)
"""The two search rounds; round-2 metrics carry the prefix ``round2_``, ``best_round`` names one."""


def axes(config: Config) -> tuple[Axis, ...]:
    """The rounds (``best_round`` names one; round-2 metrics carry a prefix instead of an axis), and the
    two axes of ``round2_log10_range`` (S, hyperparameter, bound)."""
    return (
        Axis("round", ROUNDS, {"ko": ("1차", "2차"), "en": ("round 1", "round 2")}),
        Axis(
            "hyperparameter",
            ("lr", "weight_decay"),
            {lang: (glossary.term("learning-rate", lang), "가중치 감소 계수 λ" if lang == "ko" else "weight decay λ")
             for lang in glossary.LANGUAGES},
        ),
        Axis("bound", ("low", "high"), {"ko": ("하한", "상한"), "en": ("low", "high")}),
    )


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


CLAIMS = (
    Claim(
        id="search-top-lr-narrow-band",
        statement_ko="무작위 탐색에서 성적이 좋은 시도들의 학습률은 좁은 범위에 모여 있다.",
        statement_en="The best trials of the random search share a narrow band of learning rates.",
        statistic=top_lr_spread,
        comparison="<",
        threshold=2.0,
        reason="'narrow band': the top 20's learning rates span less than 2 of the 4 sampled decades",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="decades",
    ),
    Claim(
        id="search-good-lr-above-0.001",
        statement_ko="좋은 학습률은 대략 0.001에서 0.01 사이다. 상위 시도의 대부분은 학습률이 0.001보다 크다.",
        statement_en="Good learning rates lie roughly between 0.001 and 0.01: most of the top trials use more than 0.001.",
        statistic=share_of_top_above,
        comparison=">",
        threshold=0.5,
        reason="'roughly 0.001-0.01': more than half of the top 20 above 0.001; 0.01 is the top of the sampled range",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="%",
    ),
    Claim(
        id="search-good-weight-decay-below-1e-6",
        statement_ko="좋은 가중치 감소 계수는 대략 10⁻⁸에서 10⁻⁶ 사이다. 상위 시도는 λ가 10⁻⁶보다 작은 경우가 우연보다 많다.",
        statement_en="Good weight decays lie roughly between 10⁻⁸ and 10⁻⁶: the top trials use λ below 10⁻⁶ more often than chance.",
        statistic=weight_decay_excess_below,
        comparison=">",
        threshold=0.2,
        reason="a real band puts clearly more of the top 20 below 10⁻⁶ than the draws do: 20 points more, about "
        "two binomial standard deviations of one seed's top-20 share (√(0.25/20) ≈ 0.11)",
        source="book 6.5.3",
        figure="fig-hyperparameter-search-scatter",
        unit="pp",
    ),
    Claim(
        id="search-weight-decay-matters-less",
        statement_ko="이 범위에서는 가중치 감소보다 학습률이 검증 정확도를 훨씬 크게 좌우한다.",
        statement_en="In this range the learning rate decides validation accuracy far more than weight decay does.",
        statistic=weight_decay_minus_lr_dependence,
        comparison="<",
        threshold=0.0,
        reason="'parameters differ in importance': weaker rank correlation (Spearman |ρ|) with log λ than with log lr",
        source="site",
        figure="fig-hyperparameter-search-scatter",
    ),
    Claim(
        id="search-narrowing-keeps-best",
        statement_ko="범위를 좁혀 다시 탐색해도 좋은 영역을 잃지 않는다. 2차 탐색의 최고 검증 정확도는 1차와 같은 수준이다.",
        statement_en="Narrowing the range keeps the good region: the second round's best validation accuracy matches the first's.",
        statistic=round2_best_gain,
        comparison=">",
        threshold=-0.02,
        reason="'narrow and repeat': round 2's best within 2 points (two of 100 validation images) of round 1's, or better",
        source="book 6.5.2",
        figure="fig-hyperparameter-search-rounds",
        unit="pp",
    ),
)


EXPERIMENT = Experiment(
    id="hyperparameter-search",
    page="hyperparameters",
    config=Config,
    presets=PRESETS,
    train=f"{__name__}.train",
    claims=CLAIMS,
    axes=axes,
    figures=f"{__name__}.figures",
    bench=f"{__name__}.bench",
    sources=(f"{__name__}.config", f"{__name__}.train"),
    cost=110,
)
