"""Overfitting and its cures, weight decay and dropout (article section 3; book 6.4).

A deep network trained on only 300 images: the baseline fits its training set almost perfectly
while test accuracy lags; weight decay (λ = 0.1) and dropout (ratio 0.2) narrow the gap.
The three variants and every seed train as one stack.
"""

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.overfitting.config import PRESETS, VARIANTS, Config


def axes(config: Config) -> tuple[Axis, ...]:
    labels = {
        lang: (
            "정규화 없음" if lang == "ko" else "no regularization",
            f"{glossary.term('weight-decay', lang)} (λ = {config.weight_decay:g})",
            f"{glossary.term('dropout', lang)} ({'비율' if lang == 'ko' else 'ratio'} {config.dropout_ratio:g})",
        )
        for lang in glossary.LANGUAGES
    }
    return (Axis("variant", VARIANTS, labels),)


def final(metrics, name, variant, last=10):
    """Mean of the last ``last`` evaluations of one variant, per seed (S,): smooths epoch-to-epoch noise."""
    return metrics[name][:, VARIANTS.index(variant), -last:].mean(axis=-1)


def gap(metrics, variant):
    return final(metrics, "train_acc", variant) - final(metrics, "test_acc", variant)


CLAIMS = (
    Claim(
        id="overfitting-train-near-100",
        statement_ko="훈련 데이터 300장으로 학습하면 훈련 정확도가 거의 100%에 이른다.",
        statement_en="Trained on 300 images, the network reaches nearly 100% training accuracy.",
        statistic=lambda m: final(m, "train_acc", "baseline"),
        comparison=">",
        threshold=0.98,
        reason="'nearly 100%': within two points of perfect, averaged over the last 10 epochs",
        source="book 6.4.1",
        figure="fig-overfitting-baseline",
        unit="%",
    ),
    Claim(
        id="overfitting-test-lags",
        statement_ko="같은 네트워크의 시험 정확도는 훈련 정확도보다 한참 낮다.",
        statement_en="Test accuracy of the same network stays far below its training accuracy.",
        statistic=lambda m: gap(m, "baseline"),
        comparison=">",
        threshold=0.1,
        reason="'far below': a gap of more than ten percentage points",
        source="book 6.4.1",
        figure="fig-overfitting-baseline",
        unit="pp",
    ),
    Claim(
        id="weight-decay-shrinks-gap",
        statement_ko="가중치 감소(λ = 0.1)는 훈련 정확도와 시험 정확도의 차이를 줄인다.",
        statement_en="Weight decay (λ = 0.1) narrows the gap between training and test accuracy.",
        statistic=lambda m: gap(m, "baseline") - gap(m, "weight-decay"),
        comparison=">",
        threshold=0.0,
        reason="any narrowing counts; the value is how many points the gap shrank",
        source="book 6.4.2",
        figure="fig-overfitting-weight-decay",
        unit="pp",
    ),
    Claim(
        id="weight-decay-train-below-100",
        statement_ko="가중치 감소를 쓰면 훈련 정확도가 100%에 이르지 않는다.",
        statement_en="With weight decay, training accuracy no longer reaches 100%.",
        statistic=lambda m: final(m, "train_acc", "weight-decay"),
        comparison="<",
        threshold=0.99,
        reason="'does not reach 100%': more than one point short of perfect",
        source="book 6.4.2",
        figure="fig-overfitting-weight-decay",
        unit="%",
    ),
    Claim(
        id="dropout-shrinks-gap",
        statement_ko="드롭아웃(비율 0.2)은 훈련 정확도와 시험 정확도의 차이를 줄인다.",
        statement_en="Dropout (ratio 0.2) narrows the gap between training and test accuracy.",
        statistic=lambda m: gap(m, "baseline") - gap(m, "dropout"),
        comparison=">",
        threshold=0.0,
        reason="any narrowing counts; the value is how many points the gap shrank",
        source="book 6.4.3",
        figure="fig-overfitting-dropout",
        unit="pp",
    ),
    Claim(
        id="dropout-train-below-100",
        statement_ko="드롭아웃을 쓰면 훈련 정확도가 100%에 이르지 않는다.",
        statement_en="With dropout, training accuracy stays below 100%.",
        statistic=lambda m: final(m, "train_acc", "dropout"),
        comparison="<",
        threshold=0.99,
        reason="'stays below 100%': more than one point short of perfect",
        source="book 6.4.3",
        figure="fig-overfitting-dropout",
        unit="%",
    ),
    Claim(
        id="weight-decay-keeps-test-accuracy",
        statement_ko="가중치 감소(λ = 0.1)를 써도 시험 정확도가 정규화하지 않았을 때보다 낮아지지 않는다.",
        statement_en="With weight decay (λ = 0.1), test accuracy is no lower than without regularization.",
        statistic=lambda m: final(m, "test_acc", "weight-decay") - final(m, "test_acc", "baseline"),
        comparison=">",
        threshold=-0.01,
        reason="a regularizer is meant to help on unseen data; 'no lower' allows one point of noise",
        source="site",
        figure="fig-overfitting-weight-decay",
        unit="pp",
    ),
    Claim(
        id="dropout-keeps-test-accuracy",
        statement_ko="드롭아웃(비율 0.2)을 써도 시험 정확도가 정규화하지 않았을 때보다 낮아지지 않는다.",
        statement_en="With dropout (ratio 0.2), test accuracy is no lower than without regularization.",
        statistic=lambda m: final(m, "test_acc", "dropout") - final(m, "test_acc", "baseline"),
        comparison=">",
        threshold=-0.01,
        reason="a regularizer is meant to help on unseen data; 'no lower' allows one point of noise",
        source="site",
        figure="fig-overfitting-dropout",
        unit="pp",
    ),
)


EXPERIMENT = Experiment(
    id="overfitting",
    page="regularization",
    config=Config,
    presets=PRESETS,
    train=f"{__name__}.train",
    claims=CLAIMS,
    axes=axes,
    figures=f"{__name__}.figures",
    bench=f"{__name__}.bench",
    sources=(f"{__name__}.config", f"{__name__}.train"),
    cost=12,
)
