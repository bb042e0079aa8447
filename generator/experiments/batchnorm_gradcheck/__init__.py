"""Gradient check of a batch-norm network, every entry (article section 2; book 6.3, 5.7.3).

The book checks backpropagation through batch norm on a batch of ONE image. Batch norm then
subtracts a sample from itself: every normalised value is 0, and every gradient of the network
but the last bias is exactly zero, so the check compares zeros with zeros. Here the same
[784, 100, 100, 10] network is checked on a batch of several images, in float64, for all of its
90,010 parameter entries (central differences, vectorised in ``generator.engine.gradcheck``), and
the batch of one is measured too, to show what it leaves unchecked.

A central difference whose step pushes a ReLU input across its kink at 0 is not a derivative, and
one such entry can miss by 1e-3 however right the backward pass is. The check detects those
entries and judges agreement on the others, where only a wrong formula can make it fail; the
crossings are counted and the worst case over all entries is reported beside it.
"""

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.batchnorm_gradcheck.config import (
    PRESETS,
    Config,
    biases_before_norm,
    checked_indices,
    param_names,
)

AGREE = 1e-6
"""Largest relative error at which backpropagation and central differences count as agreeing."""
BIAS_ZERO = 1e-8
"""Largest |gradient| of a bias before batch norm, over the network's largest, that counts as zero."""


def pretty(name: str) -> str:
    """A parameter name as the page and the figures write it: gamma1 as γ1, beta1 as β1."""
    return name.replace("gamma", "γ").replace("beta", "β")


def axes(config: Config) -> tuple[Axis, ...]:
    names = config.param_names
    labels = tuple(pretty(name) for name in names)
    return (Axis("parameter", names, {lang: labels for lang in glossary.LANGUAGES}),)


def hidden_layers(metrics) -> int:
    """Hidden layers of the checked network, read off the P axis: four parameters each, and two for the output."""
    return (metrics["entries"].shape[1] - 2) // 4


def worst_error(metrics, name="max_rel_error_smooth"):
    """Largest relative error over the parameters that have a gradient, per seed (S,); by default over
    the entries whose step crosses no ReLU kink (``max_rel_error`` for all entries)."""
    return metrics[name][:, checked_indices(hidden_layers(metrics))].max(axis=1)


def kink_share(metrics, name="kink_entries"):
    """Fraction of all parameter entries whose step crosses a ReLU kink, per seed (S,)."""
    return metrics[name].sum(axis=1) / metrics["entries"].sum(axis=1)


def bias_before_norm(metrics):
    """Largest |gradient| of a bias before batch norm, analytic or numerical, over the network's largest (S,)."""
    zero = [param_names(hidden_layers(metrics)).index(b) for b in biases_before_norm(hidden_layers(metrics))]
    largest = np.maximum(metrics["max_abs_analytic"][:, zero], metrics["max_abs_numerical"][:, zero]).max(axis=1)
    return largest / metrics["max_abs_analytic"].max(axis=1)


def overall_nonzero(metrics, key):
    """Fraction of all parameter entries with a non-zero analytic gradient (S,)."""
    entries = metrics["entries"]
    return (metrics[key] * entries).sum(axis=1) / entries.sum(axis=1)


def least_nonzero(metrics):
    """Smallest per-parameter non-zero fraction among the parameters that have a gradient (S,)."""
    return metrics["nonzero_frac"][:, checked_indices(hidden_layers(metrics))].min(axis=1)


CLAIMS = (
    Claim(
        id="batchnorm-gradcheck-agree",
        statement_ko="배치 정규화 계층을 포함한 신경망에서도 오차역전파법으로 구한 기울기는 수치 미분과 일치합니다.",
        statement_en="Backpropagation through batch normalization gives the same gradients as numerical differentiation.",
        statistic=worst_error,
        comparison="<",
        threshold=AGREE,
        reason="float64 central differences are good to ~1e-9 where the loss is smooth; a wrong backward formula errs "
        "by 1e-2 or more. Judged on the entries whose step crosses no ReLU kink (there a difference is no "
        "derivative); the crossings are counted and the worst case over all entries is shown beside it",
        reason_ko="손실이 매끄러운 곳에서 float64 중앙 차분은 1e-9 정도까지 정확하고, 역전파 식이 틀리면 오차가 1e-2 이상입니다. 간격 안에서 ReLU가 꺾이는 "
        "점을 넘지 않는 항목으로 판단합니다(꺾이는 점을 넘는 차분은 미분이 아닙니다). 넘는 항목은 따로 세고, 모든 항목에서 가장 나쁜 값을 옆에 함께 보여 줍니다",
        source="book 5.7.3",
        figure="fig-batchnorm-gradcheck-errors",
    ),
    Claim(
        id="batchnorm-gradcheck-agree-small-step",
        statement_ko="간격을 10분의 1로 줄인 중앙 차분과 비교해도 오차역전파법의 기울기는 모든 매개변수에서 일치합니다.",
        statement_en="Compared with central differences of a ten times smaller step, backpropagation still agrees for "
        "every parameter.",
        statistic=lambda m: worst_error(m, "max_rel_error_smooth_small_h"),
        comparison="<",
        threshold=AGREE,
        reason="the first check's threshold, so agreement does not hinge on one step; as there, entries whose step "
        "crosses a ReLU kink are left out",
        reason_ko="일치가 간격 하나에 달려 있지 않도록 첫 번째 확인과 같은 기준을 씁니다. 거기서처럼 간격 안에서 ReLU가 꺾이는 점을 넘는 항목은 뺍니다",
        source="site",
        figure="fig-batchnorm-gradcheck-errors",
    ),
    Claim(
        id="batchnorm-gradcheck-kinks-rare",
        statement_ko="간격 안에서 ReLU가 꺾이는 점을 넘는 항목은 드물어서, 기울기 확인에서 빠지는 항목이 거의 없습니다.",
        statement_en="Few entries' steps cross a ReLU kink, so the check leaves almost no entry out.",
        statistic=kink_share,
        comparison="<",
        threshold=0.01,
        reason="fewer than one entry in a hundred left out; a wrong formula would show on far more entries than that",
        reason_ko="빠지는 항목이 100개 가운데 1개보다 적어야 합니다. 식이 틀렸다면 그보다 훨씬 많은 항목에서 드러날 것입니다",
        source="site",
        figure="fig-batchnorm-gradcheck-errors",
        unit="%",
    ),
    Claim(
        id="batchnorm-gradcheck-bias-zero",
        statement_ko="배치 정규화 바로 앞의 편향은 기울기가 0입니다. 평균을 빼는 순간 편향의 효과가 사라지기 때문이며, 역전파와 수치 미분 모두 0을 줍니다.",
        statement_en="A bias right before batch normalization has zero gradient, both ways: subtracting the batch mean cancels it.",
        statistic=bias_before_norm,
        comparison="<",
        threshold=BIAS_ZERO,
        reason="exact zero up to float64 roundoff (~1e-11 after dividing by 2h); a real gradient is ~1e-2 of the largest",
        reason_ko="float64 반올림 오차(2h로 나눈 뒤 1e-11 정도)를 빼면 정확히 0이어야 합니다. 실제 기울기는 가장 큰 기울기의 1e-2배 정도입니다",
        source="site",
        figure="fig-batchnorm-gradcheck-errors",
    ),
    Claim(
        id="batchnorm-gradcheck-batch-nonzero",
        statement_ko="여러 장의 배치로 확인하면 기울기가 있어야 할 매개변수마다 실제로 0이 아닌 값을 비교하게 됩니다.",
        statement_en="With a batch of several images, every parameter that should have a gradient has non-zero entries to compare.",
        statistic=least_nonzero,
        comparison=">",
        threshold=0.25,
        reason="more than a quarter of each parameter's entries; W1's rows for pixels blank in every image are zero by nature",
        reason_ko="매개변수마다 항목의 4분의 1이 넘게 0이 아니어야 합니다. 모든 이미지에서 비어 있는 픽셀에 해당하는 W1의 행은 본래 0입니다",
        source="site",
        figure="fig-batchnorm-gradcheck-nonzero",
        unit="%",
    ),
    Claim(
        id="batchnorm-gradcheck-batch1-zero",
        statement_ko="책처럼 이미지 한 장으로 확인하면 배치 정규화 신경망의 기울기는 거의 전부 0이어서, 확인이 아무것도 검증하지 못합니다.",
        statement_en="Checked on a single image as in the book, almost every gradient of the batch-norm network is zero, so the check verifies nothing.",
        statistic=lambda m: overall_nonzero(m, "nonzero_frac_batch1"),
        comparison="<",
        threshold=1e-3,
        reason="'almost every': fewer than one entry in a thousand is non-zero",
        reason_ko="“거의 전부”: 0이 아닌 항목이 1000개 가운데 1개보다 적어야 합니다",
        source="site",
        figure="fig-batchnorm-gradcheck-nonzero",
        unit="%",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="batchnorm-gradcheck",
    page="batch-norm",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=2,
)
