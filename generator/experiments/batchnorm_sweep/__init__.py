"""Batch normalisation across initial weight scales (article section 2; book 6.3.2, batch_norm_test.py).

A deep ReLU network is trained on 1000 images from 16 weight scales between 1 and 1e-4, each with
and without batch norm. Both networks of a scale start from the same random draws and see the
same mini-batches, so batch norm is the only difference. All scales, both variants and every seed
train as one stack. Without batch norm the largest scales overflow: that divergence is a result,
recorded in ``diverged_at``, and a diverged network counts as 0% accuracy in the claims.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.batchnorm_sweep.config import PRESETS, VARIANTS, Config

EARLY_EPOCH = 5
"""The epoch at which the "learns faster" claim compares the two: a quarter of the book's 20."""
WIDE_SCALE_MIN = 1e-2
"""Scales from 1 down to this one span the "depends little on the initial values" claim."""
CHANCE_LIKE = 0.2
"""Final accuracy at or below which a network counts as not having learnt (chance is about 10%)."""


def scale_label(scale: float) -> str:
    """A weight std as the figures and the page write it: two significant digits (0.54, 0.0074)."""
    return f"{scale:.2g}"


def axes(config: Config) -> tuple[Axis, ...]:
    bn = {lang: glossary.term("batch-norm", lang) for lang in glossary.LANGUAGES}
    variants = {"ko": (f"{bn['ko']} 사용", f"{bn['ko']} 없음"), "en": (f"with {bn['en']}", f"without {bn['en']}")}
    scales = tuple(float(s) for s in config.scales)
    labels = tuple(scale_label(s) for s in scales)
    return (
        Axis("scale", scales, {lang: labels for lang in glossary.LANGUAGES}),
        Axis("variant", VARIANTS, variants),
    )


def accuracy_at(metrics, variant, epoch=-1):
    """Training accuracy (S, scales) at ``epoch`` (clipped to the last one); diverged counts as 0."""
    acc = metrics["train_acc"][:, :, VARIANTS.index(variant)]
    return np.nan_to_num(acc[..., min(epoch, acc.shape[-1] - 1)], nan=0.0)


def share_higher_with_batch_norm(metrics, epoch=-1):
    """Fraction of scales where batch norm's training accuracy beats the plain network's (S,)."""
    return (accuracy_at(metrics, "batch-norm", epoch) > accuracy_at(metrics, "plain", epoch)).mean(axis=-1)


def share_not_learning(metrics):
    """Fraction of scales where the plain network ends at chance level or diverged (S,)."""
    return (accuracy_at(metrics, "plain") <= CHANCE_LIKE).mean(axis=-1)


def wide_scales(scales) -> np.ndarray:
    """Which of ``scales`` lie between 1 and WIDE_SCALE_MIN (a relative tolerance absorbs logspace's rounding)."""
    return np.asarray(scales) >= WIDE_SCALE_MIN * (1 - 1e-9)


def spread_over_wide_scales(metrics, variant):
    """max - min of final training accuracy over scales 1 ... 1e-2, per seed (S,)."""
    acc = accuracy_at(metrics, variant)
    wide = wide_scales(metrics["scales"][0])
    return acc[:, wide].max(axis=-1) - acc[:, wide].min(axis=-1)


CLAIMS = (
    Claim(
        id="batchnorm-higher-final-accuracy",
        statement_ko="배치 정규화를 쓴 신경망은 거의 모든 가중치 초깃값 척도에서 쓰지 않은 신경망보다 최종 훈련 정확도가 높습니다.",
        statement_en="With batch normalization the final training accuracy is higher than without it at almost every initial weight scale.",
        statistic=share_higher_with_batch_norm,
        comparison=">",
        threshold=0.7,
        reason="'almost every scale': more than 70% of the 16 scales (12 or more in a seed); a diverged network counts as 0%",
        reason_ko="“거의 모든 척도”: 16개 척도의 70%가 넘어야 합니다(한 시드에서는 12개 이상). 발산한 신경망은 0%로 셉니다",
        source="book 6.3.2",
        figure="fig-batchnorm-sweep-curves",
        unit="%",
    ),
    Claim(
        id="batchnorm-learns-faster",
        statement_ko="배치 정규화를 쓰면 학습이 빨라집니다. 5번째 에폭에서 이미 거의 모든 척도에서 훈련 정확도가 더 높습니다.",
        statement_en="Batch normalization speeds learning: by epoch 5 its training accuracy is already higher at almost every scale.",
        statistic=lambda m: share_higher_with_batch_norm(m, EARLY_EPOCH),
        comparison=">",
        threshold=0.7,
        reason="'faster at almost every scale': ahead at more than 70% of the 16 scales (12 or more in a seed) after a quarter of the 20 epochs",
        reason_ko="“거의 모든 척도에서 더 빠르다”: 20에폭의 4분의 1이 지났을 때 16개 척도의 70%가 넘는 척도(한 시드에서는 12개 이상)에서 앞서야 합니다",
        source="book 6.3.1",
        figure="fig-batchnorm-sweep-curves",
        unit="%",
    ),
    Claim(
        id="plain-fails-at-some-scales",
        statement_ko="배치 정규화가 없으면 몇몇 척도에서는 학습이 전혀 진행되지 않습니다.",
        statement_en="Without batch normalization the network does not learn at all at some scales.",
        statistic=share_not_learning,
        comparison=">",
        threshold=0.2,
        reason="'some scales do not learn': more than 20% of the 16 scales (4 or more in a seed) end at chance level (<= 20%) or diverged",
        reason_ko="“몇몇 척도에서 학습하지 못한다”: 16개 척도의 20%가 넘는 척도(한 시드에서는 4개 이상)가 우연 수준(20% 이하)에서 끝나거나 발산해야 합니다",
        source="book 6.3.2",
        figure="fig-batchnorm-sweep-final",
        unit="%",
    ),
    Claim(
        id="plain-fails-at-most-scales",
        statement_ko="배치 정규화가 없으면 몇몇 척도가 아니라 절반이 넘는 척도에서 학습이 진행되지 않습니다.",
        statement_en="Without batch normalization the network fails to learn not at some but at most of the scales.",
        statistic=share_not_learning,
        comparison=">",
        threshold=0.5,
        reason="'most': more than half of the scales (9 or more of 16) end at chance level (<= 20%) or diverged",
        reason_ko="“절반이 넘는”: 척도의 절반보다 많은 척도(16개 가운데 9개 이상)가 우연 수준(20% 이하)에서 끝나거나 발산해야 합니다",
        source="site",
        figure="fig-batchnorm-sweep-final",
        unit="%",
    ),
    Claim(
        id="batchnorm-less-dependent-on-init",
        statement_ko="배치 정규화를 쓰면 초깃값에 덜 의존합니다. 척도 1~0.01 사이에서 최종 훈련 정확도의 폭이 쓰지 않을 때보다 좁습니다.",
        statement_en="Batch normalization depends less on the initial values: across scales 1 to 0.01 its final training accuracy varies less than without it.",
        statistic=lambda m: spread_over_wide_scales(m, "batch-norm") - spread_over_wide_scales(m, "plain"),
        comparison="<",
        threshold=0.0,
        reason="'depends little on the initial values': a smaller spread (max - min) than without it; the value is the difference",
        reason_ko="“초깃값에 덜 의존한다”: 최종 훈련 정확도의 폭(최댓값 - 최솟값)이 배치 정규화를 쓰지 않을 때보다 좁아야 합니다. 측정값은 두 폭의 차이입니다",
        source="book 6.3.1",
        figure="fig-batchnorm-sweep-final",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="batchnorm-sweep",
    page="batch-norm",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=17,
)
