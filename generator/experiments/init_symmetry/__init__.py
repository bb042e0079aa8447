"""Equal initial weights keep every hidden unit identical (article section 1; book 6.2.1).

The book's two-layer network (784 -> 50 -> 10, sigmoid, SGD lr 0.1, batches of 100) trained for
300 mini-batches from three starts: all weights 0, all weights one constant, and the book's
0.01 x N(0, 1). A hidden unit is its incoming weights, its bias and its outgoing weights; units
that start equal see the same inputs and receive the same gradients, so they stay equal however
long they train. The three starts and every seed train as one stack.

Sigmoid rather than ReLU: with ReLU, all-zero weights give zero hidden outputs and a zero
gradient for the first layer, which then never moves at all; with sigmoid every unit outputs
0.5, the first layer does learn, and the units can be seen moving in lockstep.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.init_symmetry.config import PRESETS, SAME_TOL, VARIANTS, Config

DIFFER = 0.1
"""A spread above which two units count as clearly different: a tenth of the largest |weight|."""


def axes(config: Config) -> tuple[Axis, ...]:
    def std(lang):
        return f"{'표준편차' if lang == 'ko' else 'std'} {config.random_std:g}"

    labels = {
        lang: (
            f"{'모두' if lang == 'ko' else 'all'} 0",
            f"{'모두' if lang == 'ko' else 'all'} {config.constant:g}",
            f"{'무작위' if lang == 'ko' else 'random'} ({std(lang)})",
        )
        for lang in glossary.LANGUAGES
    }
    return (Axis("start", VARIANTS, labels),)


def of(metrics, name, variant):
    """One start's metric, per seed (S, ...)."""
    return metrics[name][:, VARIANTS.index(variant)]


def equal_starts(metrics, name):
    """The larger of the zero and constant starts' metric, per seed (S, ...): the better equal start."""
    return np.maximum(of(metrics, name, "zero"), of(metrics, name, "constant"))


def identical(variant: str, ko_start: str, en_start: str) -> Claim:
    return Claim(
        id=f"init-symmetry-{variant}-identical",
        statement_ko=f"가중치를 모두 {ko_start} 시작하면 학습이 끝난 뒤에도 은닉층 뉴런이 모두 똑같습니다.",
        statement_en=f"Started with every weight {en_start}, the hidden units are still all identical after training.",
        statistic=lambda m: of(m, "unit_spread", variant),
        comparison="<",
        threshold=SAME_TOL,
        reason="identical up to float64 roundoff: no weight differs between units by 1e-6 of the largest weight",
        reason_ko="float64 반올림 오차 안에서 똑같아야 합니다. 어느 가중치도 뉴런 사이의 차이가 가장 큰 가중치의 1e-6배에 이르지 않아야 합니다",
        source="book 6.2.1",
        figure="fig-init-symmetry-spread",
    )


CLAIMS = (
    identical("zero", "0으로", "0"),
    identical("constant", "같은 값으로", "equal to one constant"),
    Claim(
        id="init-symmetry-random-differ",
        statement_ko="가중치를 무작위로 시작하면 은닉층 뉴런들이 서로 다른 가중치를 갖습니다.",
        statement_en="Started from random weights, the hidden units end up with different weights.",
        statistic=lambda m: of(m, "unit_spread", "random"),
        comparison=">",
        threshold=DIFFER,
        reason="clearly different: two units differ in some weight by a tenth of the largest weight or more",
        reason_ko="뚜렷하게 달라야 합니다. 어떤 두 뉴런이 어느 가중치에서 가장 큰 가중치의 10분의 1 이상 차이가 나야 합니다",
        source="book 6.2.1",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-equal-one-unit",
        statement_ko="같은 값으로 시작한 신경망에서는 은닉층 뉴런 전체가 사실상 뉴런 하나처럼 움직입니다.",
        statement_en="In a network started from equal weights, all hidden units act as a single unit.",
        statistic=lambda m: equal_starts(m, "distinct_units"),
        comparison="<",
        threshold=1.5,
        reason="exactly one distinct unit in both equal starts",
        reason_ko="같은 값으로 시작한 두 경우 모두 서로 다른 뉴런이 정확히 하나여야 합니다",
        source="book 6.2.1",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-zero-still-updates",
        statement_ko="0으로 시작해도 첫 번째 층의 가중치는 갱신됩니다. 다만 모든 뉴런이 똑같이 갱신될 뿐입니다.",
        statement_en="Started from zero, the first layer's weights do get updated, only every unit by the same amount.",
        statistic=lambda m: of(m, "w1_change", "zero"),
        comparison=">",
        threshold=1e-3,
        reason="moved by at least a tenth of the random start's std (0.01): learning, not standing still",
        reason_ko="무작위 시작의 표준편차(0.01)의 10분의 1 이상 움직여야 합니다. 제자리에 멈춰 있지 않고 학습한다는 뜻입니다",
        source="site",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-random-learns-more",
        statement_ko="무작위로 시작한 신경망이 같은 값으로 시작한 신경망보다 시험 정확도가 높습니다.",
        statement_en="The network started from random weights reaches a higher test accuracy than those started from equal weights.",
        statistic=lambda m: of(m, "test_acc", "random") - equal_starts(m, "test_acc"),
        comparison=">",
        threshold=0.1,
        reason="one effective hidden unit should cost at least ten points of accuracy against fifty",
        reason_ko="실질적으로 은닉층 뉴런이 하나뿐이라면 뉴런 50개일 때보다 정확도가 적어도 10%p는 낮아야 합니다",
        source="site",
        figure="fig-init-symmetry-accuracy",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="init-symmetry",
    page="initialization",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=1,
)
