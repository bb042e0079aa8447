"""Hidden-layer activations under different initial weights (article section 1; book 6.2.2-6.2.3).

The book's ``weight_init_activation_histogram.py``: 1000 inputs of 100 features drawn from
N(0, 1) pass forward through 5 layers of 100 units (x W, no bias, then the activation), and the
activations of each layer are drawn as a 30-bin histogram. Nine settings: sigmoid and tanh with
weights of std 1, std 0.01 and Xavier's 1/sqrt(n); ReLU with std 0.01, Xavier and He's
sqrt(2/n). Forward only, no data set. Settings sharing an activation run as one stack.
"""

import numpy as np

from generator import glossary
from generator.experiments.activation_histograms.config import (
    PRESETS,
    SETTINGS,
    Config,
    activation_of,
    init_of,
)
from generator.experiments.base import Axis, Claim, Experiment

ACTIVATIONS = ("sigmoid", "tanh", "relu")
"""The activations of the settings, in SETTINGS order."""
INITS = ("large", "small", "xavier", "he")
"""The initial weight scales of the settings."""
RELU_HALF = 2 ** -0.5
"""The factor by which ReLU scales the spread when it zeroes half of a zero-centred signal: √(1/2)."""


def axes(config: Config) -> tuple[Axis, ...]:
    """``setting`` is the metrics' axis; ``activation`` and ``init`` label its two halves, for the
    figures' panel titles and row labels (split a setting with ``activation_of`` and ``init_of``)."""
    activation = {"ko": ("시그모이드", "tanh", "ReLU"), "en": ("sigmoid", "tanh", "ReLU")}

    def scale(kind, lang):
        if kind in ("large", "small"):
            return f"{'표준편차' if lang == 'ko' else 'std'} {getattr(config, f'{kind}_std'):g}"
        return glossary.term(f"{kind}-init", lang).split()[0]

    init = {lang: tuple(scale(kind, lang) for kind in INITS) for lang in glossary.LANGUAGES}

    def setting(name, lang):
        return f"{activation[lang][ACTIVATIONS.index(activation_of(name))]}, {init[lang][INITS.index(init_of(name))]}"

    return (
        Axis("setting", SETTINGS, {lang: tuple(setting(s, lang) for s in SETTINGS) for lang in glossary.LANGUAGES}),
        Axis("activation", ACTIVATIONS, activation),
        Axis("init", INITS, init),
    )


def of(metrics, name, setting):
    """One setting's per-layer statistic, (S, L)."""
    return metrics[name][:, SETTINGS.index(setting)]


def depth_ratio(metrics, setting):
    """Spread of the last layer's activations over the first's, per seed (S,)."""
    std = of(metrics, "std", setting)
    return std[:, -1] / std[:, 0]


def per_layer_factor(metrics, setting):
    """The factor by which the spread shrinks from one layer to the next, geometric mean over the layers, per seed (S,)."""
    return depth_ratio(metrics, setting) ** (1 / (metrics["std"].shape[-1] - 1))


CLAIMS = (
    Claim(
        id="activations-sigmoid-large-saturate",
        statement_ko="표준편차 1인 가중치로 시작하면 시그모이드 활성화 값이 0과 1 근처로 몰립니다.",
        statement_en="With weights of std 1, sigmoid activations pile up near 0 and 1.",
        statistic=lambda m: of(m, "saturated_frac", "sigmoid-large").mean(axis=1),
        comparison=">",
        threshold=0.5,
        reason="'pile up at the ends': most activations, averaged over the layers, within 0.05 of 0 or 1",
        reason_ko="“양 끝으로 몰린다”: 층마다 구한 비율의 평균으로, 활성화 값의 절반보다 많은 값이 0이나 1에서 0.05 안에 있어야 합니다",
        source="book 6.2.2",
        figure="fig-activation-histograms-sigmoid",
        unit="%",
    ),
    Claim(
        id="activations-sigmoid-small-centre",
        statement_ko="표준편차 0.01인 가중치로 시작하면 시그모이드 활성화 값이 0.5 부근에 집중됩니다.",
        statement_en="With weights of std 0.01, sigmoid activations concentrate around 0.5.",
        statistic=lambda m: of(m, "centre_frac", "sigmoid-small").min(axis=1),
        comparison=">",
        threshold=0.9,
        reason="'concentrated': nine in ten within 0.1 of 0.5 (three histogram bins either side), in every layer",
        reason_ko="“집중된다”: 모든 층에서 활성화 값 10개 가운데 9개보다 많은 값이 0.5에서 0.1 안(양쪽으로 히스토그램 구간 3개)에 있어야 합니다",
        source="book 6.2.2",
        figure="fig-activation-histograms-sigmoid",
        unit="%",
    ),
    Claim(
        id="activations-sigmoid-xavier-spread",
        statement_ko="Xavier 초깃값을 쓰면 시그모이드 활성화 값이 표준편차 0.01일 때보다 훨씬 넓게 퍼집니다.",
        statement_en="With Xavier initial weights, sigmoid activations spread far more widely than with std 0.01.",
        statistic=lambda m: (of(m, "std", "sigmoid-xavier") / of(m, "std", "sigmoid-small")).min(axis=1),
        comparison=">",
        threshold=5.0,
        reason="'far more widely': five times the std of std 0.01's activations, in every layer",
        reason_ko="“훨씬 넓게”: 모든 층에서 활성화 값의 표준편차가 표준편차 0.01일 때의 5배를 넘어야 합니다",
        source="book 6.2.2",
        figure="fig-activation-histograms-sigmoid",
    ),
    Claim(
        id="activations-sigmoid-xavier-unsaturated",
        statement_ko="Xavier 초깃값에서는 표준편차 1일 때와 달리 0과 1 근처에 몰린 활성화 값이 드뭅니다.",
        statement_en="With Xavier initial weights, unlike with std 1, few sigmoid activations sit near 0 or 1.",
        statistic=lambda m: of(m, "saturated_frac", "sigmoid-xavier").mean(axis=1) / of(m, "saturated_frac", "sigmoid-large").mean(axis=1),
        comparison="<",
        threshold=0.1,
        reason="an order of magnitude fewer saturated activations than with std 1, averaged over the layers",
        reason_ko="0이나 1 근처에 몰린 활성화 값이 층 평균으로 표준편차 1일 때의 10분의 1보다 적어야 합니다",
        source="book 6.2.2",
        figure="fig-activation-histograms-sigmoid",
    ),
    Claim(
        id="activations-tanh-xavier-centred",
        statement_ko="tanh에 Xavier 초깃값을 쓰면 모든 층의 활성화 값이 0을 중심으로 대칭인 종 모양으로 분포합니다.",
        statement_en="With tanh and Xavier initial weights, the activations of every layer form a bell centred on 0.",
        statistic=lambda m: np.abs(of(m, "mean", "tanh-xavier")).max(axis=1),
        comparison="<",
        threshold=0.05,
        reason="'centred': no layer's mean further from 0 than 0.05, under one histogram bin (2/30 ≈ 0.067)",
        reason_ko="“0을 중심으로”: 어느 층도 평균이 0에서 0.05보다 멀리 있지 않아야 합니다. 0.05는 히스토그램 구간 하나(2/30 ≈ 0.067)보다 작습니다",
        source="book 6.2.2",
        figure="fig-activation-histograms-tanh",
    ),
    Claim(
        id="activations-tanh-xavier-keep-width",
        statement_ko="tanh에 Xavier 초깃값을 쓰면 모든 층의 활성화 값이 같은 폭으로 분포합니다.",
        statement_en="With tanh and Xavier initial weights, the activations keep the same width in every layer.",
        statistic=lambda m: depth_ratio(m, "tanh-xavier"),
        comparison=">",
        threshold=0.8,
        reason="our reading of the book's even bells; 'the same width': the last layer's std within a fifth of the first's",
        reason_ko="책의 고른 종 모양을 이 사이트가 읽은 것입니다. “같은 폭”: 마지막 층의 표준편차가 첫 층보다 5분의 1 넘게 줄지 않아야 합니다",
        source="site",
        figure="fig-activation-histograms-tanh",
    ),
    Claim(
        id="activations-relu-small-vanish",
        statement_ko="ReLU에 표준편차 0.01인 가중치를 쓰면 활성화 값이 거의 0이 됩니다.",
        statement_en="With ReLU and weights of std 0.01, the activations all but vanish.",
        statistic=lambda m: of(m, "mean", "relu-small")[:, -1] / of(m, "mean", "relu-he")[:, -1],
        comparison="<",
        threshold=1e-3,
        reason="'tiny': the last layer's mean activation below a thousandth of He's",
        reason_ko="“거의 0”: 마지막 층의 활성화 값 평균이 He 초깃값일 때의 1000분의 1보다 작아야 합니다",
        source="book 6.2.3",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-xavier-shrink",
        statement_ko="ReLU에 Xavier 초깃값을 쓰면 층이 깊어질수록 활성화 값의 분포가 0 쪽으로 좁아집니다.",
        statement_en="With ReLU and Xavier initial weights, the activations narrow towards 0 as the layers deepen.",
        statistic=lambda m: depth_ratio(m, "relu-xavier"),
        comparison="<",
        threshold=0.5,
        reason="'skews towards 0 with depth': the last layer's std at most half the first's",
        reason_ko="“층이 깊어질수록 0 쪽으로 치우친다”: 마지막 층의 표준편차가 첫 층의 절반 이하여야 합니다",
        source="book 6.2.3",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-xavier-half-per-layer",
        statement_ko="ReLU에 Xavier 초깃값을 쓰면 신호의 절반이 사라진다는 계산대로 층마다 활성화 값의 표준편차가 약 1/√2배로 줄어듭니다.",
        statement_en="With ReLU and Xavier initial weights, each layer passes on about 1/√2 of the spread it receives, "
        "as losing half the signal predicts.",
        statistic=lambda m: np.abs(per_layer_factor(m, "relu-xavier") - RELU_HALF),
        comparison="<",
        threshold=0.05,
        reason="'about 1/√2 ≈ 0.71': the per-layer factor (geometric mean over the layers) within 0.05 of it",
        reason_ko="“약 1/√2 ≈ 0.71”: 층마다 줄어드는 배율(층에 걸친 기하 평균)이 이 값에서 0.05 안에 있어야 합니다",
        source="site",
        figure="fig-activation-std-by-layer",
    ),
    Claim(
        id="activations-relu-he-keep",
        statement_ko="ReLU에 He 초깃값을 쓰면 층이 깊어져도 활성화 값의 퍼짐이 줄지 않습니다.",
        statement_en="With ReLU and He initial weights, the spread of the activations does not shrink with depth.",
        statistic=lambda m: depth_ratio(m, "relu-he"),
        comparison=">",
        threshold=0.5,
        reason="'even in every layer': the last layer's std more than half the first's",
        reason_ko="“모든 층에서 고르게”: 마지막 층의 표준편차가 첫 층의 절반보다 커야 합니다",
        source="book 6.2.3",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-he-no-growth",
        statement_ko="He 초깃값에서는 활성화 값의 퍼짐이 층을 지나며 커지지도 않습니다.",
        statement_en="With He initial weights, the spread does not grow with depth either.",
        statistic=lambda m: depth_ratio(m, "relu-he"),
        comparison="<",
        threshold=2.0,
        reason="'even in every layer': the last layer's std less than twice the first's",
        reason_ko="“모든 층에서 고르게”: 마지막 층의 표준편차가 첫 층의 2배보다 작아야 합니다",
        source="book 6.2.3",
        figure="fig-activation-histograms-relu",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="activation-histograms",
    page="initialization",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    uses_data=False,
    cost=0.2,
)
