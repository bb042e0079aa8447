"""Three initial weight scales training the same MNIST network (article section 1; book 6.2.4).

A 5-layer ReLU network trained by SGD (lr 0.01) for 2000 mini-batches of 128 images, starting
from weights of std 0.01, Xavier's 1/√n or He's √(2/n) (book: ``weight_init_compare.py``, which
trains on 60000 images with batches drawn with replacement; here the 8000-image pool, in
shuffled epochs). The three initialisations and every seed train as one stack.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.init_compare.config import INITS, PRESETS, Config

TAIL = 100
"""Iterations at the end of training whose mean loss the claims compare: one smooths the batch noise."""


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {
        lang: (
            f"{'표준편차' if lang == 'ko' else 'std'} {config.small_std:g}",
            glossary.term("xavier-init", lang),
            glossary.term("he-init", lang),
        )
        for lang in glossary.LANGUAGES
    }
    return (Axis("init", INITS, labels),)


def mean_loss(metrics, init, last=None):
    """Mean training loss of one initialisation over its last ``last`` iterations (all if None), per seed (S,)."""
    loss = metrics["loss"][:, INITS.index(init)]
    return loss[:, -last:].mean(axis=-1) if last else loss.mean(axis=-1)


def below_small(init: str, ko_name: str) -> Claim:
    return Claim(
        id=f"init-compare-{init.lower()}-below-small",
        statement_ko=f"{ko_name}으로 시작하면 표준편차 0.01로 시작할 때보다 훈련 손실이 낮아집니다.",
        statement_en=f"Started from {init} initial weights, the network reaches a lower loss than from std 0.01.",
        statistic=lambda m: mean_loss(m, "std=0.01", TAIL) - mean_loss(m, init, TAIL),
        comparison=">",
        threshold=0.0,
        reason="'lower': any margin counts, on the mean loss of the last 100 iterations",
        reason_ko="“낮아진다”: 마지막 100번 반복의 평균 손실로 비교하며, 차이가 얼마든 성립으로 봅니다",
        source="book 6.2.4",
        figure="fig-init-compare-loss",
    )


CLAIMS = (
    Claim(
        id="init-compare-small-barely-learns",
        statement_ko="표준편차 0.01로 시작하면 학습이 거의 진행되지 않아 손실이 처음 값 ln 10 ≈ 2.30 근처에 머뭅니다.",
        statement_en="Started from std 0.01, the network barely learns: its loss stays near its initial ln 10 ≈ 2.30.",
        statistic=lambda m: mean_loss(m, "std=0.01", TAIL),
        comparison=">",
        threshold=2.0,
        reason="loss > 2.0: the right digit gets a (geometric) mean probability below e^-2 ≈ 0.14, near a guess's 0.1",
        reason_ko="손실이 2.0보다 크면 정답 숫자가 받는 확률의 (기하) 평균이 e^-2 ≈ 0.14보다 작아, 우연 수준의 0.1에 가깝습니다",
        source="book 6.2.4",
        figure="fig-init-compare-loss",
    ),
    below_small("Xavier", "Xavier 초깃값"),
    below_small("He", "He 초깃값"),
    Claim(
        id="init-compare-he-fastest",
        statement_ko="세 초깃값 가운데 He 초깃값으로 시작한 신경망이 가장 빨리 학습합니다.",
        statement_en="Of the three, the network started from He initial weights learns fastest.",
        statistic=lambda m: np.minimum(mean_loss(m, "std=0.01"), mean_loss(m, "Xavier")) - mean_loss(m, "He"),
        comparison=">",
        threshold=0.0,
        reason="'fastest': the lowest mean loss over all iterations (the area under the curve), by any margin",
        reason_ko="“가장 빨리”: 모든 반복에 걸친 평균 손실(곡선 아래 넓이)이 가장 낮아야 하며, 차이가 얼마든 성립으로 봅니다",
        source="book 6.2.4",
        figure="fig-init-compare-loss",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="init-compare",
    page="initialization",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=7,
)
