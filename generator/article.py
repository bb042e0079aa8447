"""The article's statements, section by section, and the claims that test each one.

The site's promise is that every statement of the article (the outline it is built from)
is checked against this build's results. Each entry here restates one statement in a line of our
own, names the claims whose verdicts bear on it, or says why no experiment can test it (a
definition, or a rule of method). The claims page lists them by the article's own headings; a
test checks that every named claim exists and that every statement has claims or a reason.
"""

from dataclasses import dataclass

from generator.pages import PAGES


@dataclass(frozen=True)
class Section:
    """One part of the article, cited by its own heading. The page that covers it, and the book's
    section it summarises, are the page's declaration (``generator.pages``: ``Page.article``)."""

    key: str
    """"§0" … "§5": what a claim's ``source`` ("article §3") names."""
    heading: str | None
    """The article's own heading, verbatim (its table of contents); None for §0, which is no heading."""
    en: str
    """The heading in English, for the English pages (the article itself is Korean)."""
    ko_title: str
    """How a Korean page names the part: the heading, or for §0 what it is about."""

    @property
    def page(self) -> str:
        """The slug of this site's page that covers it."""
        return next(p.slug for p in PAGES if p.article == self.key)

    @property
    def book(self) -> str:
        """The book's section it summarises ("6.4")."""
        return next(p.book for p in PAGES if p.article == self.key)


SECTIONS = (
    # The article's table of contents starts at 가중치의 초깃값; its excerpt and its summary name
    # the update methods of the book's 6.1 as well, which the site covers as §0.
    Section("§0", None, "Updating parameters", "매개변수 갱신"),
    Section("§1", "가중치의 초깃값", "Initial weights", "가중치의 초깃값"),
    Section("§2", "배치 정규화", "Batch normalization", "배치 정규화"),
    Section("§3", "바른 학습을 위해", "Learning that generalizes", "바른 학습을 위해"),
    Section("§4", "적절한 하이퍼파라미터 값 찾기", "Finding good hyperparameters", "적절한 하이퍼파라미터 값 찾기"),
    Section("§5", "정리", "Summary", "정리"),
)
"""The article's parts in order: §1–§5 are its headings; §0 comes from its excerpt and summary."""


def section(key: str) -> Section:
    """The part of the article named ``key`` ("§3"); an unknown key is an error."""
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(f"the article has no section {key!r}; it has {', '.join(s.key for s in SECTIONS)}")


@dataclass(frozen=True)
class Statement:
    section: str
    ko: str
    en: str
    claims: tuple[str, ...] = ()
    untestable_ko: str = ""
    """Why no experiment tests it, when ``claims`` is empty."""
    untestable_en: str = ""


STATEMENTS = (
    Statement(
        "§0", "SGD 외에 모멘텀, AdaGrad, RMSProp, Adam이라는 갱신 방법이 있습니다.",
        "Besides SGD there are Momentum, AdaGrad, RMSProp and Adam.",
        untestable_ko="정의입니다. 다섯 가지 모두 엔진에 구현되어 있고, 매개변수 갱신 페이지의 실험이 모두 씁니다.",
        untestable_en="A definition: all five are implemented in the engine, and the experiments of the page on updating parameters run them all.",
    ),
    Statement(
        "§0", "모든 문제에서 가장 뛰어난 갱신 방법은 없습니다.", "No update method is best for every problem.",
        ("optimizer-ranking-book-rates-winner-differs", "optimizer-ranking-tuned-winner-differs",
         "optimizer-ranking-mnist-winner-moves", "optimizer-ranking-bowl-winner-moves"),
    ),
    Statement(
        "§0", "f(x, y) = x²/20 + y²에서 SGD는 지그재그로 움직입니다.", "On f(x, y) = x²/20 + y², SGD zig-zags.",
        ("optimizer-paths-sgd-zigzag",),
    ),
    Statement(
        "§0", "모멘텀, AdaGrad, Adam은 최솟값에 더 곧게 다가갑니다.", "Momentum, AdaGrad and Adam approach the minimum more directly.",
        ("optimizer-paths-others-turn-less", "optimizer-paths-momentum-closer", "optimizer-paths-adagrad-closer",
         "optimizer-paths-adam-closer"),
    ),
    Statement(
        "§0", "MNIST에서 SGD가 가장 느리게 배웁니다.", "On MNIST, SGD learns slowest.",
        ("optimizer-compare-momentum-below-sgd", "optimizer-compare-adagrad-below-sgd", "optimizer-compare-adam-below-sgd",
         "optimizer-compare-sgd-slowest"),
    ),
    Statement(
        "§1", "가중치의 초깃값은 학습에 크게 영향을 줍니다.", "The initial weights matter greatly for learning.",
        ("init-compare-small-barely-learns", "init-compare-he-below-small", "init-compare-xavier-below-small"),
    ),
    Statement(
        "§1", "가중치 감소는 가중치를 작게 유지해 오버피팅을 억제합니다.", "Weight decay suppresses overfitting by keeping the weights small.",
        ("weight-decay-shrinks-weights", "weight-decay-shrinks-gap", "weight-decay-keeps-test-accuracy"),
    ),
    Statement(
        "§1", "오버피팅은 가중치가 커지는 것과 함께 일어나는 일이 많습니다.", "Overfitting often comes with large weights.",
        ("overfitting-weights-grow",),
    ),
    Statement(
        "§1", "가중치를 모두 같은 값으로 시작하면 뉴런이 모두 같아져 대칭이 깨지지 않습니다.",
        "Weights that start equal stay equal: every unit of a layer gets the same update, so the symmetry never breaks.",
        ("init-symmetry-zero-identical", "init-symmetry-constant-identical", "init-symmetry-equal-one-unit",
         "init-symmetry-random-differ", "init-symmetry-zero-still-updates", "init-symmetry-random-learns-more"),
    ),
    Statement(
        "§1", "시그모이드에서 표준편차 1로 시작하면 활성화 값이 0과 1에 몰려 기울기가 소실됩니다.",
        "With sigmoid and weights of std 1, activations pile up near 0 and 1 and the gradient vanishes.",
        ("activations-sigmoid-large-saturate",),
    ),
    Statement(
        "§1", "표준편차 0.01로 시작하면 활성화 값이 0.5 부근에 몰려 표현력이 제한됩니다.",
        "With weights of std 0.01, activations crowd around 0.5 and the network's representational power is limited.",
        ("activations-sigmoid-small-centre",),
    ),
    Statement(
        "§1", "Xavier 초깃값은 시그모이드와 tanh의 활성화 값을 고르게 퍼뜨립니다.",
        "Xavier initial weights spread the activations of sigmoid and tanh evenly.",
        ("activations-sigmoid-xavier-spread", "activations-sigmoid-xavier-unsaturated", "activations-tanh-xavier-centred",
         "activations-tanh-xavier-keep-width"),
    ),
    Statement(
        "§1", "ReLU에는 He 초깃값이 알맞습니다. 0.01은 활성화 값을 거의 없애고, Xavier는 층이 깊어질수록 치우치게 합니다.",
        "ReLU wants He initial weights: std 0.01 all but erases the activations, Xavier skews them towards 0 with depth.",
        ("activations-relu-small-vanish", "activations-relu-xavier-shrink", "activations-relu-xavier-half-per-layer",
         "activations-relu-he-keep", "activations-relu-he-no-growth"),
    ),
    Statement(
        "§1", "MNIST에서 표준편차 0.01로는 거의 배우지 못하고, He 초깃값이 가장 빨리 배웁니다.",
        "On MNIST, std 0.01 barely learns and He initial weights learn fastest.",
        ("init-compare-small-barely-learns", "init-compare-he-fastest"),
    ),
    Statement(
        "§2", "배치 정규화를 쓰면 학습이 빨라집니다.", "Batch normalization makes learning faster.",
        ("batchnorm-learns-faster",),
    ),
    Statement(
        "§2", "배치 정규화를 쓰면 초깃값에 크게 의존하지 않습니다.", "Batch normalization depends little on the initial weights.",
        ("batchnorm-less-dependent-on-init", "batchnorm-higher-final-accuracy"),
    ),
    Statement(
        "§2", "배치 정규화는 오버피팅을 억제해 드롭아웃의 필요를 줄입니다.",
        "Batch normalization suppresses overfitting, so dropout is needed less.",
        ("batchnorm-narrows-gap", "batchnorm-raises-test-accuracy", "batchnorm-less-need-for-dropout"),
    ),
    Statement(
        "§2", "배치 정규화의 역전파는 계산 그래프를 따라 유도할 수 있습니다.",
        "Batch normalization's backward pass follows from its computational graph.",
        ("batchnorm-gradcheck-agree", "batchnorm-gradcheck-agree-small-step", "batchnorm-gradcheck-bias-zero"),
    ),
    Statement(
        "§2", "가중치 척도 16가지에서 배치 정규화가 있으면 거의 모든 척도에서 더 빨리 배우고, 없으면 전혀 배우지 못하는 척도가 있습니다.",
        "Over 16 weight scales, with batch normalization learning is faster at almost every scale; without it some scales do not learn at all.",
        ("batchnorm-higher-final-accuracy", "plain-fails-at-some-scales", "plain-fails-at-most-scales"),
    ),
    Statement(
        "§3", "매개변수가 많고 훈련 데이터가 적으면 오버피팅이 일어납니다. 훈련 정확도는 100% 가까이 오르고 시험 정확도는 한참 낮습니다.",
        "With many parameters and little training data a network overfits: training accuracy nears 100% while test accuracy stays far lower.",
        ("overfitting-train-near-100", "overfitting-test-lags"),
    ),
    Statement(
        "§3", "단순한 모델일수록 일반화가 잘 됩니다.", "A simpler model generalises better.",
        ("smaller-network-smaller-gap", "smaller-network-keeps-test-accuracy"),
    ),
    Statement(
        "§3", "가중치 감소(λ = 0.1)는 훈련과 시험 정확도의 차이를 줄이고, 훈련 정확도는 100%에 이르지 않습니다.",
        "Weight decay (λ = 0.1) narrows the train–test gap, and training accuracy no longer reaches 100%.",
        ("weight-decay-shrinks-gap", "weight-decay-train-below-100", "weight-decay-keeps-test-accuracy"),
    ),
    Statement(
        "§3", "드롭아웃(비율 0.2)은 훈련과 시험 정확도의 차이를 줄이고, 훈련 정확도는 100%에 이르지 않습니다.",
        "Dropout (ratio 0.2) narrows the train–test gap, and training accuracy stays below 100%.",
        ("dropout-shrinks-gap", "dropout-train-below-100", "dropout-keeps-test-accuracy"),
    ),
    Statement(
        "§3", "시험 때 출력에 남긴 비율을 곱하는 방식과 학습 때 키우는 역 드롭아웃은 같은 일을 합니다.",
        "Scaling at test time and inverted dropout (scaling in training) do the same job.",
        ("inverted-dropout-matches-scaling",),
    ),
    Statement(
        "§3", "따로 학습한 모델의 출력을 평균하면(앙상블 학습) 정확도가 오릅니다.",
        "Averaging the outputs of separately trained models (ensemble learning) improves accuracy.",
        ("ensemble-beats-members",),
    ),
    Statement(
        "§3", "드롭아웃은 신경망 하나로 앙상블을 흉내 내며, 시험 때의 곱셈이 그 평균에 해당합니다.",
        "Dropout approximates an ensemble in one network, and the test-time scaling is the averaging.",
        ("dropout-masks-average-better", "mc-dropout-matches-scaling"),
    ),
    Statement(
        "§4", "드롭아웃 비율이 너무 작으면 효과가 없고, 너무 크면 언더피팅이 됩니다.",
        "Too small a dropout ratio has no effect; too large underfits.",
        ("dropout-small-ratio-no-effect", "dropout-large-ratio-underfits", "dropout-large-ratio-loses-test-accuracy"),
    ),
    Statement(
        "§4", "하이퍼파라미터를 시험 데이터로 조정하면 안 되고, 검증 데이터로 평가해야 합니다.",
        "Never tune hyperparameters on test data; evaluate them on validation data.",
        untestable_ko="방법의 규칙입니다. 이 사이트의 탐색은 검증 데이터로만 설정을 고르고, 시험 정확도는 마지막에 한 번만 잽니다.",
        untestable_en="A rule of method: this site's search chooses settings on validation data only and measures test accuracy once, at the end.",
    ),
    Statement(
        "§4", "무작위 탐색이 격자 탐색보다 낫습니다. 하이퍼파라미터마다 중요도가 다르기 때문입니다.",
        "Random sampling beats grid search, because hyperparameters differ in how much they matter.",
        ("search-random-beats-grid", "search-weight-decay-matters-less"),
    ),
    Statement(
        "§4", "범위는 로그 척도로 정합니다.", "Ranges are set on a log scale.",
        ("search-log-scale-covers-lower-decade", "search-linear-scale-favors-top-decade"),
    ),
    Statement(
        "§4", "가망 없는 값은 일찍 포기하고, 에폭을 작게 해서 평가합니다.",
        "Abandon hopeless values early and keep epochs small.",
        ("search-early-ranking-predicts-final", "search-halving-keeps-best"),
    ),
    Statement(
        "§4", "좋은 값이 모인 범위(학습률 0.001–0.01, 가중치 감소 10⁻⁸–10⁻⁶)로 좁혀 가며 탐색을 되풀이합니다.",
        "Narrow the range to where good values lie (learning rate 0.001–0.01, weight decay 10⁻⁸–10⁻⁶) and search again.",
        ("search-top-lr-narrow-band", "search-good-lr-above-0.001", "search-good-weight-decay-below-1e-6",
         "search-narrowing-keeps-best"),
    ),
    Statement(
        "§5", "정리의 다섯 문장은 앞 절의 주장을 다시 말한 것입니다.",
        "The summary's five sentences restate the sections above.",
        untestable_ko="앞 절들의 문장과 주장으로 확인합니다. 정리 페이지가 각 문장을 그 근거와 이어 줍니다.",
        untestable_en="Checked through the sections above; the summary page links each sentence to its evidence.",
    ),
)
