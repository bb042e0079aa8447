"""Is one optimiser best everywhere? The six on two problems at three learning rates each (article section 0).

The article says no update method is best for every problem. Two problems and three settings
cannot prove that no method ever is; they can show whether the winner here changes. The bowl of
optimizer-paths (30 updates from (-7, 2), ranked by the final distance to the minimum) and the
MNIST network of optimizer-compare (ranked by the mean training loss of the last ``TAIL``
mini-batches, after 400 rather than 2000 updates) are both run with every optimiser at 0.1, 1
and 10 times the book's learning rate for that problem.

A run that diverged has no loss to rank; it ranks below every run that did not. The claims ask,
seed by seed, whether the winner is the same optimiser: on both problems at the book's rates, on
both problems when each optimiser gets its best rate of the grid, and on one problem across the
three multipliers.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.optimizer_paths import optimizer_label
from generator.experiments.optimizer_ranking.config import BOOK, MULTIPLIERS, OPTIMIZERS, PRESETS, Config

TAIL = 100
"""Final mini-batches whose mean loss ranks the MNIST runs (optimizer-compare's window): smooths
mini-batch noise."""
NO_WINNER = -1
"""The winner's index where every optimiser diverged."""


def multiplier_label(multiplier: float) -> str:
    return f"×{multiplier:g}"


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {lang: tuple(optimizer_label(name, lang) for name in OPTIMIZERS) for lang in glossary.LANGUAGES}
    multipliers = tuple(multiplier_label(m) for m in MULTIPLIERS)
    return (
        Axis("optimizer", OPTIMIZERS, labels),
        Axis("multiplier", MULTIPLIERS, {lang: multipliers for lang in glossary.LANGUAGES}),
    )


def tail_loss(metrics, last=TAIL) -> np.ndarray:
    """Mean training loss of the last ``last`` mini-batches, (S, O, M); NaN where a run diverged."""
    return np.asarray(metrics["loss"], dtype=np.float64)[..., -last:].mean(axis=-1)


def scores(metrics, problem: str) -> np.ndarray:
    """What ranks the runs of ``problem`` ("bowl" or "mnist"), lower is better, (S, O, M); a diverged
    or non-finite run scores +inf, below every finite one."""
    values = np.asarray(metrics["bowl_distance"], dtype=np.float64) if problem == "bowl" else tail_loss(metrics)
    return np.where(np.isfinite(values), values, np.inf)


def winner(values, axis) -> np.ndarray:
    """Index of the lowest value along ``axis`` (the optimiser axis); NO_WINNER where all are +inf."""
    best = np.argmin(values, axis=axis)
    return np.where(np.isfinite(np.min(values, axis=axis)), best, NO_WINNER)


def winners(metrics, problem: str) -> np.ndarray:
    """The winning optimiser of ``problem`` per seed and multiplier, (S, M)."""
    return winner(scores(metrics, problem), axis=1)


def tuned_winner(metrics, problem: str) -> np.ndarray:
    """The winner per seed when every optimiser is scored by its best multiplier, (S,)."""
    return winner(scores(metrics, problem).min(axis=2), axis=1)


def distinct_winners(metrics, problem: str) -> np.ndarray:
    """How many different optimisers win across the multipliers, per seed (S,); NO_WINNER is not counted."""
    w = winners(metrics, problem)
    return np.array([len(set(row[row != NO_WINNER].tolist())) for row in w])


def differ(a, b) -> np.ndarray:
    return (np.asarray(a) != np.asarray(b)).astype(np.float64)


CLAIMS = (
    Claim(
        id="optimizer-ranking-book-rates-winner-differs",
        statement_ko="책의 학습률에서, 그릇 모양 함수의 최솟값에 가장 가까이 끝나는 기법과 MNIST에서 훈련 손실이 가장 낮은 기법은 서로 다릅니다.",
        statement_en="At the book's learning rates, the optimizer that ends closest to the bowl's minimum is not the one "
        "with the lowest MNIST training loss.",
        statistic=lambda m: differ(winners(m, "bowl")[:, BOOK], winners(m, "mnist")[:, BOOK]),
        comparison=">",
        threshold=0.5,
        reason="'no method is best for every problem', at the rates the book chose for each problem: the winners "
        "differ in more than half the seeds (the bowl has no randomness, so only MNIST's winner can vary)",
        reason_ko="“모든 문제에서 가장 뛰어난 기법은 없다”를 책이 문제마다 고른 학습률에서 확인합니다. 시드의 절반보다 많은 시드에서 두 문제의 1등 기법이 달라야 합니다. "
        "그릇 모양 함수에는 무작위성이 없으므로 MNIST의 1등만 시드에 따라 바뀔 수 있습니다",
        source="article §0",
        figure="fig-optimizer-ranking",
        unit="%",
    ),
    Claim(
        id="optimizer-ranking-tuned-winner-differs",
        statement_ko="각 기법에 격자(책의 학습률 × 0.1, 1, 10)에서 가장 좋은 학습률을 주어도, 그릇 모양 함수에서 가장 좋은 기법과 "
        "MNIST에서 가장 좋은 기법은 서로 다릅니다.",
        statement_en="Even with each optimizer at its best learning rate of the grid (0.1, 1 and 10 times the book's), "
        "the optimizer best on the bowl is not the one best on MNIST.",
        statistic=lambda m: differ(tuned_winner(m, "bowl"), tuned_winner(m, "mnist")),
        comparison=">",
        threshold=0.5,
        reason="a winner that only reflects the book's choice of rates would not survive tuning; each optimizer at "
        "its own best rate, the winners differ in more than half the seeds",
        reason_ko="책이 고른 학습률 때문에 생긴 1등이라면 학습률을 조정하면 사라질 것입니다. 각 기법에 가장 좋은 학습률을 주고, 시드의 절반보다 많은 시드에서 두 문제의 "
        "1등 기법이 달라야 합니다",
        source="site",
        figure="fig-optimizer-ranking",
        unit="%",
    ),
    Claim(
        id="optimizer-ranking-mnist-winner-moves",
        statement_ko="MNIST에서 모든 기법의 학습률에 같은 배수(0.1, 1, 10)를 곱하면, 훈련 손실이 가장 낮은 기법이 배수에 따라 바뀝니다.",
        statement_en="On MNIST, when every optimizer's learning rate is multiplied by the same factor (0.1, 1, 10), "
        "the optimizer with the lowest training loss changes with the factor.",
        statistic=lambda m: (distinct_winners(m, "mnist") > 1).astype(np.float64),
        comparison=">",
        threshold=0.5,
        reason="a ranking that holds only at one setting is not a property of the optimizers: more than one "
        "winner across the three factors, in more than half the seeds",
        reason_ko="한 설정에서만 성립하는 순위는 최적화 기법의 성질이 아닙니다. 시드의 절반보다 많은 시드에서 세 배수에 걸친 1등 기법이 둘 이상이어야 합니다",
        source="site",
        figure="fig-optimizer-ranking",
        unit="%",
    ),
    Claim(
        id="optimizer-ranking-bowl-winner-moves",
        statement_ko="그릇 모양 함수에서 모든 기법의 학습률에 같은 배수(0.1, 1, 10)를 곱하면, 최솟값에 가장 가까이 끝나는 기법이 배수에 따라 바뀝니다.",
        statement_en="On the bowl, when every optimizer's learning rate is multiplied by the same factor (0.1, 1, 10), "
        "the optimizer that ends closest to the minimum changes with the factor.",
        statistic=lambda m: (distinct_winners(m, "bowl") > 1).astype(np.float64),
        comparison=">",
        threshold=0.5,
        reason="as on MNIST: more than one winner across the three factors (the bowl has no randomness, so "
        "every seed agrees)",
        reason_ko="MNIST에서처럼 세 배수에 걸친 1등 기법이 둘 이상이어야 합니다. 그릇 모양 함수에는 무작위성이 없으므로 모든 시드의 결과가 같습니다",
        source="site",
        figure="fig-optimizer-ranking",
        unit="%",
    ),
)

EXPERIMENT = Experiment.in_package(
    __name__,
    id="optimizer-ranking",
    page="optimizers",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=6,
)
