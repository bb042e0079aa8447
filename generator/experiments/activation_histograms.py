"""Hidden-layer activations under different initial weights (article section 1; book 6.2.2-6.2.3).

The book's ``weight_init_activation_histogram.py``: 1000 inputs of 100 features drawn from
N(0, 1) pass forward through 5 layers of 100 units (x W, no bias, then the activation), and the
activations of each layer are drawn as a 30-bin histogram. Nine settings: sigmoid and tanh with
weights of std 1, std 0.01 and Xavier's 1/sqrt(n); ReLU with std 0.01, Xavier and He's
sqrt(2/n). Forward only, no data set. Settings sharing an activation run as one stack.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import Relu, Sigmoid, Tanh, init_std, member_streams
from generator.experiments.base import Claim, Experiment, param

SETTINGS = (
    "sigmoid-large",
    "sigmoid-small",
    "sigmoid-xavier",
    "tanh-large",
    "tanh-small",
    "tanh-xavier",
    "relu-small",
    "relu-xavier",
    "relu-he",
)
"""Activation and initial weights; "large" and "small" are Config.large_std and small_std."""
ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu}
BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
"""Where a saturating activation levels off; ReLU has no upper bound."""
SATURATION_MARGIN = 0.05
"""Saturated: within this distance of either bound (sigmoid: below 0.05 or above 0.95)."""
CENTRE_MARGIN = 0.1
"""Near the centre: within this distance of the bounds' midpoint (sigmoid 0.5, tanh 0)."""


@dataclass(frozen=True)
class Config:
    n_samples: int = param(1000, "inputs drawn from N(0, 1) (book: 1000)", ge=2)
    n_units: int = param(100, "features per input and units per layer (book: 100)", ge=2)
    n_layers: int = param(5, "hidden layers (book: 5)", ge=2)
    large_std: float = param(1.0, "std of the large initial weights (book: 1)", gt=0)
    small_std: float = param(0.01, "std of the small initial weights (book: 0.01)", gt=0)
    bins: int = param(30, "histogram bins (book: 30)", ge=1)
    relu_max: float = param(1.0, "upper end of the ReLU histograms' range, whose lower end is 0 (book: (0, 1))", gt=0)

    def weight_init(self, setting: str):
        """The engine's initialisation for a setting's weights."""
        kind = setting.split("-", 1)[1]
        return {"large": self.large_std, "small": self.small_std}.get(kind, kind)

    def hist_range(self, setting: str) -> tuple[float, float]:
        """The histogram range: sigmoid (0, 1) as in the book, tanh (-1, 1), ReLU (0, relu_max)."""
        return BOUNDS.get(activation_of(setting), (0.0, self.relu_max))


def activation_of(setting: str) -> str:
    return setting.split("-", 1)[0]


def run(config: Config, data, seeds, progress=None):
    S, K, L = len(seeds), len(SETTINGS), config.n_layers
    shape = (S, K, L)
    metrics = {
        "hist_counts": np.zeros(shape + (config.bins,), dtype=np.int64),
        "bin_edges": np.zeros((S, K, config.bins + 1)),
        **{name: np.full(shape, np.nan) for name in ("mean", "std", "saturated_frac", "centre_frac", "zero_frac")},
    }
    inputs = [member_streams(seed).init.standard_normal((config.n_samples, config.n_units)) for seed in seeds]
    groups = [[k for k, s in enumerate(SETTINGS) if activation_of(s) == name] for name in ACTIVATIONS]
    for done, group in enumerate(groups, start=1):
        members = [(s, k) for s in range(S) for k in group]
        rngs = [member_streams(seeds[s], k).init for s, k in members]
        stds = np.array([init_std(config.weight_init(SETTINGS[k]), config.n_units) for _, k in members])
        a = np.stack([inputs[s] for s, _ in members])  # (T, N, D)
        activation = ACTIVATIONS[activation_of(SETTINGS[group[0]])]()
        for layer in range(L):
            W = stds[:, None, None] * np.stack([r.standard_normal((config.n_units, config.n_units)) for r in rngs])
            a = activation.forward(np.matmul(a, W))  # (T, N, D)
            for (s, k), values in zip(members, a):
                _measure(metrics, config, s, k, layer, values)
        if progress is not None:
            progress(done, len(groups))
    return metrics


def _measure(metrics, config, s, k, layer, values):
    setting = SETTINGS[k]
    lo, hi = config.hist_range(setting)
    counts, edges = np.histogram(values, config.bins, range=(lo, hi))
    metrics["hist_counts"][s, k, layer] = counts
    metrics["bin_edges"][s, k] = edges
    metrics["mean"][s, k, layer] = values.mean()
    metrics["std"][s, k, layer] = values.std()
    metrics["zero_frac"][s, k, layer] = (values == 0).mean()
    if activation_of(setting) in BOUNDS:
        metrics["saturated_frac"][s, k, layer] = ((values - lo < SATURATION_MARGIN) | (hi - values < SATURATION_MARGIN)).mean()
        metrics["centre_frac"][s, k, layer] = (np.abs(values - (lo + hi) / 2) < CENTRE_MARGIN).mean()


def of(metrics, name, setting):
    """One setting's per-layer statistic, (S, L)."""
    return metrics[name][:, SETTINGS.index(setting)]


def depth_ratio(metrics, setting):
    """Spread of the last layer's activations over the first's, per seed (S,)."""
    std = of(metrics, "std", setting)
    return std[:, -1] / std[:, 0]


CLAIMS = (
    Claim(
        id="activations-sigmoid-large-saturate",
        statement_ko="표준편차 1인 가중치로 시작하면 시그모이드 활성화 값이 0과 1 근처로 몰린다.",
        statement_en="With weights of std 1, sigmoid activations pile up near 0 and 1.",
        statistic=lambda m: of(m, "saturated_frac", "sigmoid-large").mean(axis=1),
        comparison=">",
        threshold=0.5,
        reason="'pile up at the ends': most activations, averaged over the layers, within 0.05 of 0 or 1",
        figure="fig-activation-histograms-sigmoid",
        unit="%",
    ),
    Claim(
        id="activations-sigmoid-small-centre",
        statement_ko="표준편차 0.01인 가중치로 시작하면 시그모이드 활성화 값이 0.5 부근에 집중된다.",
        statement_en="With weights of std 0.01, sigmoid activations concentrate around 0.5.",
        statistic=lambda m: of(m, "centre_frac", "sigmoid-small").min(axis=1),
        comparison=">",
        threshold=0.9,
        reason="'concentrated': nine in ten within 0.1 of 0.5 (three histogram bins either side), in every layer",
        figure="fig-activation-histograms-sigmoid",
        unit="%",
    ),
    Claim(
        id="activations-sigmoid-xavier-spread",
        statement_ko="Xavier 초깃값을 쓰면 시그모이드 활성화 값이 표준편차 0.01일 때보다 훨씬 넓게 퍼진다.",
        statement_en="With Xavier initial weights, sigmoid activations spread far more widely than with std 0.01.",
        statistic=lambda m: (of(m, "std", "sigmoid-xavier") / of(m, "std", "sigmoid-small")).min(axis=1),
        comparison=">",
        threshold=5.0,
        reason="'far more widely': five times the std of std 0.01's activations, in every layer",
        figure="fig-activation-histograms-sigmoid",
    ),
    Claim(
        id="activations-sigmoid-xavier-unsaturated",
        statement_ko="Xavier 초깃값에서는 표준편차 1일 때와 달리 0과 1 근처에 몰린 활성화 값이 드물다.",
        statement_en="With Xavier initial weights, unlike with std 1, few sigmoid activations sit near 0 or 1.",
        statistic=lambda m: of(m, "saturated_frac", "sigmoid-xavier").mean(axis=1) / of(m, "saturated_frac", "sigmoid-large").mean(axis=1),
        comparison="<",
        threshold=0.1,
        reason="an order of magnitude fewer saturated activations than with std 1, averaged over the layers",
        figure="fig-activation-histograms-sigmoid",
    ),
    Claim(
        id="activations-relu-small-vanish",
        statement_ko="ReLU에 표준편차 0.01인 가중치를 쓰면 활성화 값이 거의 0이 된다.",
        statement_en="With ReLU and weights of std 0.01, the activations all but vanish.",
        statistic=lambda m: of(m, "mean", "relu-small")[:, -1] / of(m, "mean", "relu-he")[:, -1],
        comparison="<",
        threshold=1e-3,
        reason="'tiny': the last layer's mean activation below a thousandth of He's",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-xavier-shrink",
        statement_ko="ReLU에 Xavier 초깃값을 쓰면 층이 깊어질수록 활성화 값의 분포가 0 쪽으로 좁아진다.",
        statement_en="With ReLU and Xavier initial weights, the activations narrow towards 0 as the layers deepen.",
        statistic=lambda m: depth_ratio(m, "relu-xavier"),
        comparison="<",
        threshold=0.5,
        reason="'skews towards 0 with depth': the last layer's std at most half the first's",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-he-keep",
        statement_ko="ReLU에 He 초깃값을 쓰면 층이 깊어져도 활성화 값의 퍼짐이 줄지 않는다.",
        statement_en="With ReLU and He initial weights, the spread of the activations does not shrink with depth.",
        statistic=lambda m: depth_ratio(m, "relu-he"),
        comparison=">",
        threshold=0.5,
        reason="'even in every layer': the last layer's std more than half the first's",
        figure="fig-activation-histograms-relu",
    ),
    Claim(
        id="activations-relu-he-no-growth",
        statement_ko="He 초깃값에서는 활성화 값의 퍼짐이 층을 지나며 커지지도 않는다.",
        statement_en="With He initial weights, the spread does not grow with depth either.",
        statistic=lambda m: depth_ratio(m, "relu-he"),
        comparison="<",
        threshold=2.0,
        reason="'even in every layer': the last layer's std less than twice the first's",
        figure="fig-activation-histograms-relu",
    ),
)

EXPERIMENT = Experiment(
    id="activation-histograms",
    section="initialization",
    config=Config,
    presets={"book": Config(), "quick": Config(n_samples=50, n_units=20, n_layers=3, bins=10)},
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    uses_data=False,
    cost=0.2,
)
