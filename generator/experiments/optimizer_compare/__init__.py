"""Six optimisers training the same MNIST network (article section 0; book 6.1.8).

A 5-layer ReLU network with He initial weights, trained for 2000 mini-batches of 128 images by
SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam at the learning rates of the book's
``optimizer_compare_mnist.py`` (Nesterov and RMSprop at the defaults of the book's
``common/optimizer.py``; Adam's β1 = 0.9, β2 = 0.999 likewise). The book trains on 60000 images
and draws each batch with replacement; here the pool is the 8000 training images, visited in
shuffled epochs.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.optimizer_compare.config import OPTIMIZERS, PRESETS, Config
from generator.experiments.optimizer_paths import optimizer_label

TAIL = 100
"""Iterations at the end of training whose mean loss the claims compare: smooths mini-batch noise."""


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {lang: tuple(optimizer_label(name, lang) for name in OPTIMIZERS) for lang in glossary.LANGUAGES}
    return (Axis("optimizer", OPTIMIZERS, labels),)


def tail_loss(metrics, optimizer, last=TAIL):
    """Mean training loss of the last ``last`` iterations, per seed (S,); NaN for a seed that diverged."""
    return metrics["loss"][:, OPTIMIZERS.index(optimizer), -last:].mean(axis=-1)


def below_sgd(optimizer: str, ko_name: str) -> Claim:
    return Claim(
        id=f"optimizer-compare-{optimizer.lower()}-below-sgd",
        statement_ko=f"같은 반복 횟수 동안 {ko_name}의 훈련 손실이 SGD보다 낮아집니다.",
        statement_en=f"In the same number of iterations, {optimizer} brings the training loss lower than SGD does.",
        statistic=lambda m: tail_loss(m, "SGD") - tail_loss(m, optimizer),
        comparison=">",
        threshold=0.0,
        reason="'SGD learns slowest': any margin counts, on the mean loss of the last 100 iterations",
        reason_ko="“SGD가 가장 느리게 학습한다”를 마지막 100번 반복의 평균 손실로 비교하며, 차이가 얼마든 성립으로 봅니다",
        source="book 6.1.8",
        figure="fig-optimizer-compare-loss",
    )


CLAIMS = (
    below_sgd("Momentum", "모멘텀"),
    below_sgd("AdaGrad", "AdaGrad"),
    below_sgd("Adam", "Adam"),
    Claim(
        id="optimizer-compare-sgd-slowest",
        statement_ko="책이 비교하지 않은 두 기법까지 넣은 여섯 기법 가운데 SGD의 훈련 손실이 가장 높게 끝납니다.",
        statement_en="Of all six optimizers, the two the book leaves out included, SGD ends with the highest training loss.",
        statistic=lambda m: tail_loss(m, "SGD") - np.max([tail_loss(m, o) for o in OPTIMIZERS if o != "SGD"], axis=0),
        comparison=">",
        threshold=0.0,
        reason="'slowest of the six': SGD's mean loss of the last 100 iterations above each other optimizer's, "
        "by any margin; the book says it of four, and Nesterov and RMSprop are this site's addition",
        reason_ko="“여섯 기법 가운데 가장 느리다”: SGD의 마지막 100번 반복 평균 손실이 다른 모든 기법보다 높으면 차이가 얼마든 성립으로 봅니다. 책은 네 기법에 대해 "
        "이렇게 말했고, Nesterov와 RMSProp은 이 사이트가 더한 것입니다",
        source="site",
        figure="fig-optimizer-compare-loss",
    ),
)

EXPERIMENT = Experiment.in_package(
    __name__,
    id="optimizer-compare",
    page="optimizers",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=15,
)
