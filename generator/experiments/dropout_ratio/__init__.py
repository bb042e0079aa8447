"""The dropout ratio swept from none to most units dropped (article section 4; book 6.4.3, 6.5).

Article §4 says of the dropout ratio that too small a value has no effect and too large a value
underfits. The test is the overfitting setup of book 6.4 (300 training images, six hidden layers of
100 ReLU units, He initialization, SGD with learning rate 0.01, batch 100, 200 epochs), run once per
ratio from 0 to 0.7, every ratio and seed as one stack. Training accuracy is measured every epoch,
test accuracy over the last ``test_window`` epochs; the claims average that window, as the
overfitting claims do. Ratio 0 is the no-dropout baseline every other ratio is set against.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.dropout_ratio.config import PRESETS, Config


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {lang: tuple(f"{r:g}" for r in config.ratios) for lang in glossary.LANGUAGES}
    return (Axis("ratio", config.ratios, labels),)


def final(metrics, name):
    """Mean over the test window (the last evaluations) of ``name``, per seed and ratio (S, R)."""
    values = np.asarray(metrics[name], dtype=np.float64)
    window = np.shape(metrics["test_acc"])[-1]
    return values[..., -window:].mean(axis=-1)


def gap(metrics):
    """Training minus test accuracy over the test window (S, R)."""
    return final(metrics, "train_acc") - final(metrics, "test_acc")


def smallest_ratio_narrowing(metrics):
    """How much the smallest nonzero ratio narrows the gap of no dropout (S,)."""
    g = gap(metrics)
    return g[:, 0] - g[:, 1]


def largest_ratio_train(metrics):
    """Training accuracy at the largest ratio (S,)."""
    return final(metrics, "train_acc")[:, -1]


def largest_ratio_test_loss(metrics):
    """Test accuracy of the sweep's best ratio minus that of the largest ratio, per seed (S,)."""
    test = final(metrics, "test_acc")
    finite = np.isfinite(test)
    best = np.where(finite.any(axis=1), np.where(finite, test, -np.inf).max(axis=1), np.nan)
    return best - test[:, -1]


CLAIMS = (
    Claim(
        id="dropout-small-ratio-no-effect",
        statement_ko="드롭아웃 비율이 너무 작으면 효과가 없습니다. 비율 0.05는 훈련 정확도와 시험 정확도의 차이를 거의 줄이지 못합니다.",
        statement_en="Too small a dropout ratio has no effect: a ratio of 0.05 hardly narrows the gap between training and "
                     "test accuracy.",
        statistic=smallest_ratio_narrowing,
        comparison="<",
        threshold=0.03,
        reason="'no effect': the smallest ratio of the sweep narrows the gap of no dropout by less than 3 points, small "
               "next to a gap of tens of points",
        reason_ko="“효과가 없다”: 실험한 비율 가운데 가장 작은 비율이 드롭아웃이 없을 때의 차이를 3%p보다 적게 줄여야 합니다. 수십 %p인 차이에 비하면 작은 값입니다",
        source="article §4",
        figure="fig-dropout-ratio",
        unit="pp",
    ),
    Claim(
        id="dropout-large-ratio-underfits",
        statement_ko="드롭아웃 비율이 너무 크면 언더피팅이 일어납니다. 비율 0.7에서는 훈련 정확도가 100%에 한참 못 미칩니다.",
        statement_en="Too large a dropout ratio underfits: at a ratio of 0.7 training accuracy stays far below 100%.",
        statistic=largest_ratio_train,
        comparison="<",
        threshold=0.9,
        reason="'underfits': the network no longer fits even its 300 training images, more than 10 points short of "
               "perfect (ten times the 1-point margin of 'below 100%' on the regularization page)",
        reason_ko="“언더피팅”: 신경망이 훈련 이미지 300장조차 맞추지 못해 100%보다 10%p 넘게 낮아야 합니다. 오버피팅을 다루는 쪽에서 “100%에 이르지 않는다”에 "
                  "둔 1%p 여유의 10배입니다",
        source="article §4",
        figure="fig-dropout-ratio",
        unit="%",
    ),
    Claim(
        id="dropout-large-ratio-loses-test-accuracy",
        statement_ko="너무 큰 드롭아웃 비율은 시험 정확도도 떨어뜨립니다. 비율 0.7의 시험 정확도가 실험한 비율 가운데 가장 좋은 비율보다 낮습니다.",
        statement_en="Too large a dropout ratio costs test accuracy too: at 0.7 test accuracy is below that of the sweep's "
                     "best ratio.",
        statistic=largest_ratio_test_loss,
        comparison=">",
        threshold=0.02,
        reason="underfitting shows on unseen data: more than 2 points (40 of the 2,000 test images) below the best ratio, "
               "twice the test set's sampling error of about one point",
        reason_ko="언더피팅은 처음 보는 데이터에서도 드러납니다. 가장 좋은 비율보다 2%p(시험 이미지 2,000장 가운데 40장) 넘게 낮아야 하며, 이는 시험 데이터의 "
                  "표본 오차 약 1%p의 두 배입니다",
        source="site",
        figure="fig-dropout-ratio",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="dropout-ratio",
    page="hyperparameters",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=8,
)
