"""Does batch normalisation suppress overfitting, so that dropout is needed less? (article section 2; book 6.3.1)

The overfitting experiment's setting (book 6.4.1: 300 training images, six hidden layers of 100
ReLU units, He initialisation, SGD) trained four ways: with neither batch norm nor dropout, with
batch norm, with dropout (ratio 0.2), and with both. The four variants of a seed share their
random streams, so they start from the same weights and see the same mini-batches (the two
dropout variants also draw the same masks): what differs is only what is switched on. All
variants and seeds train as one stack.
"""

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.batchnorm_overfitting.config import DENSE_END, PRESETS, VARIANTS, Config

WINDOW = DENSE_END
"""Evaluations averaged at the end of training, one per epoch, as the overfitting experiment's claims do."""
NOISE = 0.01
"""One percentage point: the standard error of an accuracy near 75% measured on 2000 test images."""


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {}
    for lang in glossary.LANGUAGES:
        bn, dropout = glossary.term("batch-norm", lang), glossary.term("dropout", lang)
        labels[lang] = (
            "둘 다 없음" if lang == "ko" else "neither",
            bn,
            dropout,
            f"{bn} + {dropout}",
        )
    return (Axis("variant", VARIANTS, labels),)


def final(metrics, name, variant, last=WINDOW):
    """Mean of the last ``last`` evaluations of one variant, per seed (S,): smooths epoch-to-epoch noise."""
    return metrics[name][:, VARIANTS.index(variant), -last:].mean(axis=-1)


def gap(metrics, variant):
    """Training minus test accuracy at the end of training, per seed (S,)."""
    return final(metrics, "train_acc", variant) - final(metrics, "test_acc", variant)


def test_change(metrics, variant, against):
    """Test accuracy of ``variant`` minus that of ``against`` at the end of training, per seed (S,)."""
    return final(metrics, "test_acc", variant) - final(metrics, "test_acc", against)


CLAIMS = (
    Claim(
        id="batchnorm-narrows-gap",
        statement_ko="배치 정규화는 오버피팅을 억제합니다. 배치 정규화를 쓰면 훈련 정확도와 시험 정확도의 차이가 쓰지 않을 때보다 작습니다.",
        statement_en="Batch normalization suppresses overfitting: with it, the gap between training and test accuracy is "
        "narrower than without it.",
        statistic=lambda m: gap(m, "plain") - gap(m, "batch-norm"),
        comparison=">",
        threshold=NOISE,
        reason="narrower by more than one point, the standard error of a test accuracy on 2000 images; "
        "mean of the last 10 epochs",
        reason_ko="차이가 1%p보다 많이 줄어야 합니다. 1%p는 이미지 2000장으로 잰 시험 정확도의 표본 오차입니다. 마지막 10에폭의 평균으로 비교합니다",
        source="article §2",
        figure="fig-batchnorm-overfitting-compare",
        unit="pp",
    ),
    Claim(
        id="batchnorm-raises-test-accuracy",
        statement_ko="배치 정규화를 쓰면 쓰지 않을 때보다 시험 정확도가 높습니다.",
        statement_en="With batch normalization, test accuracy is higher than without it.",
        statistic=lambda m: test_change(m, "batch-norm", "plain"),
        comparison=">",
        threshold=NOISE,
        reason="a narrower gap helps only if test accuracy rises; by more than one point, the standard error of "
        "2000 test images",
        reason_ko="차이가 좁아지는 것은 시험 정확도가 오를 때만 도움이 됩니다. 시험 이미지 2000장의 표본 오차인 1%p보다 많이 올라야 합니다",
        source="site",
        figure="fig-batchnorm-overfitting-compare",
        unit="pp",
    ),
    Claim(
        id="batchnorm-less-need-for-dropout",
        statement_ko="배치 정규화를 쓰면 드롭아웃이 덜 필요합니다. 배치 정규화에 드롭아웃을 더해도 시험 정확도가 1%p 넘게 오르지 않습니다.",
        statement_en="With batch normalization, dropout is needed less: adding dropout to batch normalization raises test "
        "accuracy by no more than one point.",
        statistic=lambda m: test_change(m, "batch-norm-dropout", "batch-norm"),
        comparison="<",
        threshold=NOISE,
        reason="'less need': what dropout adds on top of batch norm stays within one point, the standard error of "
        "2000 test images",
        reason_ko="“덜 필요하다”: 배치 정규화 위에 드롭아웃이 더하는 몫이 시험 이미지 2000장의 표본 오차인 1%p 안에 머물러야 합니다",
        source="article §2",
        figure="fig-batchnorm-overfitting-compare",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="batchnorm-overfitting",
    page="batch-norm",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=14,
)
