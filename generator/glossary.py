"""One Korean and one English term per concept, so every page names a thing the same way.

Templates call ``term("weight-decay")`` and get the word in the page's language. Korean terms
follow the Korean edition of the book (밑바닥부터 시작하는 딥러닝, chapter 6).

``ENTRIES`` says, for every concept, its word in each language, where the site explains it (a
page and a heading anchor) and what it is in one line per language: the glossary page (용어집 / Glossary) lists them, and
``term`` shows the line as a tooltip. ``AVOID`` names the other words for a concept that pages
must not use, so one concept keeps one name (a test reads every built page).
"""

from dataclasses import dataclass

from generator.pages import LANGUAGES


@dataclass(frozen=True)
class Entry:
    """A concept: its word in each language, where the site explains it, and what it is in a line."""

    ko: str
    """The Korean word, as the Korean edition of the book writes it."""
    en: str
    page: str
    """The slug of the page that explains it (``generator.pages``)."""
    anchor: str
    """The id of the heading it is explained under, on that page."""
    about_ko: str
    about_en: str

    def about(self, lang: str) -> str:
        return self.about_ko if lang == "ko" else self.about_en


ENTRIES: dict[str, Entry] = {
    "neural-network": Entry(
        "신경망", "neural network",
        "optimizers", "optimizers",
        "층을 쌓아 입력을 출력으로 바꾸는 함수로, 가중치와 편향을 학습으로 정합니다.",
        "A function built from stacked layers whose weights and biases are set by training.",
    ),
    "sigmoid": Entry(
        "시그모이드", "sigmoid",
        "initialization", "init-activations",
        "입력을 0과 1 사이로 부드럽게 누르는 S자 모양의 활성화 함수 1/(1 + e⁻ˣ)입니다.",
        "The S-shaped activation function 1/(1 + e⁻ˣ), which squashes its input between 0 and 1.",
    ),
    "accuracy": Entry(
        "정확도", "accuracy",
        "regularization", "overfitting",
        "분류한 이미지 가운데 정답 레이블을 맞힌 비율입니다.",
        "The share of images whose label the network predicts correctly.",
    ),
    "activation": Entry(
        "활성화 값", "activation",
        "initialization", "init-activations",
        "한 층의 뉴런이 활성화 함수를 거쳐 내보내는 값입니다.",
        "What a layer's neurons output after the activation function.",
    ),
    "adagrad": Entry(
        "AdaGrad", "AdaGrad",
        "optimizers", "adagrad",
        "지금까지 받은 기울기 제곱의 합으로 매개변수마다 학습률을 줄여 가는 최적화 기법입니다.",
        "An optimizer that shrinks each parameter's step by the sum of its past squared gradients.",
    ),
    "adam": Entry(
        "Adam", "Adam",
        "optimizers", "adam",
        "모멘텀과 RMSProp을 합치고 초기 편향을 보정하는 최적화 기법입니다.",
        "An optimizer that combines Momentum with RMSProp and corrects their start-up bias.",
    ),
    "backpropagation": Entry(
        "오차역전파법", "backpropagation",
        "batch-norm", "bn-backward",
        "손실의 기울기를 출력 쪽에서 입력 쪽으로 계산 그래프를 거꾸로 따라가며 구하는 방법입니다.",
        "Computing the loss gradient by walking the computational graph from output back to input.",
    ),
    "bayesian-optimization": Entry(
        "베이즈 최적화", "Bayesian optimization",
        "hyperparameters", "search-procedure",
        "지금까지의 결과로 점수의 모형을 세우고 그 모형으로 다음 시도를 고르는 탐색 방법입니다.",
        "A search that fits a model of the score to the trials so far and lets it pick the next trial.",
    ),
    "batch-norm": Entry(
        "배치 정규화", "batch normalization",
        "batch-norm", "bn-algorithm",
        "층의 입력을 미니배치마다 평균 0, 분산 1로 맞춘 뒤 학습하는 척도와 이동을 적용하는 층입니다.",
        "A layer that rescales its input to mean 0 and variance 1 per mini-batch, then applies a learned scale and shift.",
    ),
    "batch-size": Entry(
        "배치 크기", "batch size",
        "hyperparameters", "what-hyperparameters-are",
        "한 번의 갱신에 쓰는 훈련 데이터의 수입니다.",
        "How many training examples one update uses.",
    ),
    "central-difference": Entry(
        "중앙 차분", "central difference",
        "batch-norm", "bn-gradcheck",
        "한 점의 양쪽으로 같은 간격만큼 떨어진 두 함숫값의 차이로 미분을 어림하는 방법입니다.",
        "Estimating a derivative from the function at equal steps on both sides of a point.",
    ),
    "chance-level": Entry(
        "우연 수준", "chance level",
        "hyperparameters", "where-good",
        "아무것도 배우지 않고 무작위로 고를 때의 정확도로, 10개 클래스에서는 10%입니다.",
        "The accuracy of picking a class at random: 10% with ten classes.",
    ),
    "computational-graph": Entry(
        "계산 그래프", "computational graph",
        "batch-norm", "bn-backward",
        "계산을 노드와 화살표로 나누어 그린 그래프로, 역전파를 노드 하나씩 따질 수 있게 해 줍니다.",
        "A computation drawn as nodes and edges, so backpropagation can be worked out one node at a time.",
    ),
    "dropout": Entry(
        "드롭아웃", "dropout",
        "regularization", "dropout",
        "학습하는 동안 은닉층 뉴런을 무작위로 골라 출력을 0으로 만드는 방법입니다.",
        "Silencing randomly chosen hidden neurons at every training step.",
    ),
    "dropout-ratio": Entry(
        "드롭아웃 비율", "dropout ratio",
        "regularization", "dropout",
        "드롭아웃에서 뉴런 하나를 지울 확률입니다.",
        "The probability with which dropout silences a neuron.",
    ),
    "ensemble": Entry(
        "앙상블 학습", "ensemble learning",
        "regularization", "ensemble",
        "따로 학습한 여러 신경망의 출력을 평균 내어 예측하는 방법입니다.",
        "Predicting with the average output of several separately trained networks.",
    ),
    "epoch": Entry(
        "에폭", "epoch",
        "regularization", "overfitting",
        "훈련 데이터 전체를 한 번 다 쓰는 학습의 단위입니다.",
        "One pass of training over the whole training set.",
    ),
    "gradient": Entry(
        "기울기", "gradient",
        "optimizers", "sgd",
        "매개변수마다 손실이 얼마나 빨리 변하는지를 모은 값으로, 손실이 가장 가파르게 커지는 방향을 가리킵니다.",
        "The loss's rate of change in every parameter: the direction of steepest increase.",
    ),
    "gradient-check": Entry(
        "기울기 확인", "gradient check",
        "batch-norm", "bn-gradcheck",
        "오차역전파법으로 구한 기울기를 수치 미분과 비교해 구현을 확인하는 일입니다.",
        "Comparing backpropagated gradients with numerical ones to test an implementation.",
    ),
    "grid-search": Entry(
        "격자 탐색", "grid search",
        "hyperparameters", "search-procedure",
        "하이퍼파라미터마다 정해 둔 값들의 모든 조합을 시도하는 탐색 방법입니다.",
        "Trying every combination of a fixed list of values for each hyperparameter.",
    ),
    "he-init": Entry(
        "He 초깃값", "He initialization",
        "initialization", "init-he",
        "앞 층의 노드가 n개일 때 표준편차가 √(2/n)인 분포에서 가중치를 뽑는 초깃값으로, ReLU에 알맞습니다.",
        "Drawing weights with standard deviation √(2/n) for n inputs; suited to ReLU.",
    ),
    "hidden-layer": Entry(
        "은닉층", "hidden layer",
        "initialization", "init-activations",
        "입력층과 출력층 사이에 있는 층입니다.",
        "A layer between the input and the output layer.",
    ),
    "hyperparameter": Entry(
        "하이퍼파라미터", "hyperparameter",
        "hyperparameters", "what-hyperparameters-are",
        "학습이 정하지 않고 사람이 미리 정하는 값으로, 학습률과 층의 크기 같은 것입니다.",
        "A setting fixed before training rather than learned, such as the learning rate or a layer's size.",
    ),
    "inverted-dropout": Entry(
        "역 드롭아웃", "inverted dropout",
        "regularization", "dropout",
        "학습할 때 살아남은 출력을 키워 두어 추론할 때는 아무것도 곱하지 않는 드롭아웃입니다.",
        "Dropout that scales the surviving outputs up during training, so inference multiplies by nothing.",
    ),
    "learning-rate": Entry(
        "학습률", "learning rate",
        "optimizers", "sgd",
        "한 번의 갱신에서 기울기에 곱하는 보폭입니다.",
        "The step size that multiplies the gradient in each update.",
    ),
    "limited-representation": Entry(
        "표현력 제한", "limited representational power",
        "initialization", "init-failure-modes",
        "뉴런들이 거의 같은 값을 내서 뉴런이 많아도 적은 것과 다름없게 되는 상태입니다.",
        "When neurons output nearly the same values, so many neurons do the work of a few.",
    ),
    "loss": Entry(
        "손실", "loss",
        "optimizers", "sgd",
        "신경망의 출력이 정답에서 얼마나 먼지를 나타내는 값으로, 학습은 이 값을 줄입니다.",
        "How far the network's output is from the answer; training makes it smaller.",
    ),
    "mini-batch": Entry(
        "미니배치", "mini-batch",
        "batch-norm", "bn-algorithm",
        "한 번의 갱신에 쓰려고 훈련 데이터에서 뽑은 작은 묶음입니다.",
        "The small sample of training data that one update uses.",
    ),
    "momentum": Entry(
        "모멘텀", "Momentum",
        "optimizers", "momentum",
        "지난 갱신의 방향을 속도처럼 이어 가서 흔들림을 줄이는 최적화 기법입니다.",
        "An optimizer that carries a velocity from update to update, damping zigzags.",
    ),
    "nesterov": Entry(
        "Nesterov", "Nesterov",
        "optimizers", "nesterov",
        "속도만큼 앞으로 간 자리에서 기울기를 재는 모멘텀입니다.",
        "Momentum that measures the gradient where the velocity is about to carry it.",
    ),
    "numerical-gradient": Entry(
        "수치 미분", "numerical differentiation",
        "batch-norm", "bn-gradcheck",
        "함숫값의 작은 차이로 기울기를 어림하는 방법으로, 느리지만 구현하기 쉽습니다.",
        "Estimating a gradient from small differences of function values: slow but simple.",
    ),
    "optimizer": Entry(
        "최적화 기법", "optimizer",
        "optimizers", "optimizers",
        "기울기로 매개변수를 어떻게 갱신할지 정하는 규칙입니다.",
        "The rule that turns gradients into parameter updates.",
    ),
    "overfitting": Entry(
        "오버피팅", "overfitting",
        "regularization", "overfitting",
        "훈련 데이터에만 지나치게 맞아서 새로운 데이터에서는 정확도가 떨어지는 상태입니다.",
        "Fitting the training data so closely that accuracy on new data suffers.",
    ),
    "percentage-point": Entry(
        "퍼센트포인트(%p)", "percentage point",
        "regularization", "overfitting",
        "두 백분율의 차이를 나타내는 단위로, 90%와 85%의 차이는 5%p입니다.",
        "The unit of a difference between two percentages: 90% and 85% differ by 5 points.",
    ),
    "random-search": Entry(
        "무작위 탐색", "random search",
        "hyperparameters", "search-procedure",
        "정해 둔 범위에서 하이퍼파라미터 값을 무작위로 뽑아 시도하는 탐색 방법입니다.",
        "Trying hyperparameter values drawn at random from chosen ranges.",
    ),
    "regularization": Entry(
        "규제", "regularization",
        "regularization", "regularization",
        "오버피팅을 억제하려고 학습에 제약을 더하는 기법을 통틀어 이르는 말입니다.",
        "Any constraint added to training to hold back overfitting.",
    ),
    "rmsprop": Entry(
        "RMSProp", "RMSProp",
        "optimizers", "rmsprop",
        "기울기 제곱의 이동 평균으로 매개변수마다 학습률을 조절하는 최적화 기법입니다.",
        "An optimizer that scales each step by a moving average of squared gradients.",
    ),
    "seed": Entry(
        "시드", "seed",
        "index", "how-to-read",
        "난수 생성기의 시작값으로, 같은 시드면 같은 초깃값과 같은 미니배치 순서가 나옵니다.",
        "The starting value of the random number generator: the same seed gives the same initial weights and batches.",
    ),
    "sgd": Entry(
        "확률적 경사 하강법(SGD)", "stochastic gradient descent (SGD)",
        "optimizers", "sgd",
        "미니배치의 기울기 반대 방향으로 학습률만큼 매개변수를 옮기는 가장 단순한 최적화 기법입니다.",
        "The simplest optimizer: step against the mini-batch gradient, scaled by the learning rate.",
    ),
    "test-data": Entry(
        "시험 데이터", "test data",
        "hyperparameters", "validation-data",
        "학습과 조정이 모두 끝난 뒤 범용 성능을 한 번 재는 데만 쓰는 데이터입니다.",
        "Data used once, after all training and tuning, to measure how well the network generalizes.",
    ),
    "training-data": Entry(
        "훈련 데이터", "training data",
        "hyperparameters", "validation-data",
        "매개변수를 학습하는 데 쓰는 데이터입니다.",
        "The data the parameters are learned from.",
    ),
    "underfitting": Entry(
        "언더피팅", "underfitting",
        "hyperparameters", "what-hyperparameters-are",
        "신경망이 훈련 데이터조차 제대로 맞히지 못하는 상태입니다.",
        "When a network cannot even fit its training data.",
    ),
    "validation-data": Entry(
        "검증 데이터", "validation data",
        "hyperparameters", "validation-data",
        "하이퍼파라미터를 고르는 데 쓰려고 훈련 데이터에서 떼어 둔 데이터입니다.",
        "Data held out of the training set to choose hyperparameters with.",
    ),
    "vanishing-gradient": Entry(
        "기울기 소실", "vanishing gradient",
        "initialization", "init-failure-modes",
        "역전파하며 기울기가 층마다 작아져 앞쪽 층이 거의 학습되지 않는 현상입니다.",
        "Gradients shrinking layer by layer on the way back, so the early layers barely learn.",
    ),
    "weight-decay": Entry(
        "가중치 감소", "weight decay",
        "regularization", "weight-decay",
        "가중치가 클수록 손실에 벌점을 더해 가중치를 작게 유지하는 방법입니다.",
        "Adding a penalty on large weights to the loss, which keeps the weights small.",
    ),
    "weight-init": Entry(
        "가중치의 초깃값", "weight initialization",
        "initialization", "initialization",
        "학습을 시작할 때 가중치에 넣는 값과 그 값을 뽑는 분포입니다.",
        "The values weights start from, and the distribution they are drawn from.",
    ),
    "xavier-init": Entry(
        "Xavier 초깃값", "Xavier initialization",
        "initialization", "init-xavier",
        "앞 층의 노드가 n개일 때 표준편차가 1/√n인 분포에서 가중치를 뽑는 초깃값으로, 시그모이드와 tanh에 알맞습니다.",
        "Drawing weights with standard deviation 1/√n for n inputs; suited to sigmoid and tanh.",
    ),
    "early-stopping": Entry(
        "조기 종료", "early stopping",
        "hyperparameters", "early-stopping",
        "가망 없는 설정의 학습을 끝까지 가기 전에 멈추는 것입니다.",
        "Stopping the training of a hopeless setting before it runs to the end.",
    ),
    "successive-halving": Entry(
        "연속 반감", "successive halving",
        "hyperparameters", "early-stopping",
        "모든 설정을 조금씩 학습하고, 정해진 에폭마다 좋은 일부만 남겨 더 학습하는 조기 종료 방식입니다.",
        "Early stopping by rungs: train every setting a little, then keep only the best part for more epochs, and repeat.",
    ),
    "log-scale": Entry(
        "로그 척도", "log scale",
        "hyperparameters", "log-scale",
        "값 대신 그 로그(10의 지수)를 균등하게 뽑아, 자릿수마다 같은 몫의 시도를 주는 범위 설정입니다.",
        "Drawing the exponent rather than the value uniformly, so every decade of a range gets the same share of trials.",
    ),
    "mc-dropout": Entry(
        "몬테카를로 드롭아웃", "Monte Carlo dropout",
        "regularization", "mc-dropout",
        "학습을 마친 뒤에도 드롭아웃을 켜 둔 채 무작위 마스크 여러 개로 예측하고 그 확률을 평균하는 방법입니다.",
        "Predicting with dropout still on after training, averaging the probabilities over many random masks.",
    ),
}

AVOID: dict[str, dict[str, tuple[str, ...]]] = {
    "central-difference": {"ko": ("중심 차분",), "en": ("centered difference", "centred difference")},
    "chance-level": {"ko": ("찍기",), "en": ("guessing",)},
    "percentage-point": {"ko": ("%포인트", "% 포인트", "퍼센트 포인트"), "en": ()},
    "overfitting": {"ko": ("과적합", "과대적합"), "en": ("over-fitting",)},
    "weight-decay": {"ko": ("가중치 감쇠", "벌칙"), "en": ()},  # its penalty term is 벌점
    "hyperparameter": {"ko": ("하이퍼 파라미터", "초매개변수"), "en": ("hyper-parameter",)},
    "mini-batch": {"ko": ("미니 배치",), "en": ("minibatch",)},
    "epoch": {"ko": ("에포크",), "en": ()},
    "test-data": {"ko": ("테스트 데이터",), "en": ()},
    "validation-data": {"ko": ("검증 세트", "검증셋"), "en": ()},
    "dropout": {"ko": ("드랍아웃",), "en": ("drop-out",)},
    "weight-init": {"ko": ("초기값",), "en": ()},
    "vanishing-gradient": {"ko": ("기울기 소멸", "경사 소실"), "en": ()},
    "neural-network": {"ko": ("네트워크",), "en": ()},
    # not 정규화 alone: 배치 정규화 (batch normalization) contains it
    "regularization": {"ko": ("정규화(regularization)", "정규화 기법", "L2 정규화", "정규화 항", "정규화하지 않"), "en": ()},
    "grid-search": {"ko": ("그리드",), "en": ()},
    "log-scale": {"ko": ("로그 눈금", "로그 축"), "en": ()},
}
"""Words that name a concept the glossary already names: the site uses the glossary's word."""


def entry(concept: str) -> Entry:
    """Where ``concept`` is explained and what it is; an unknown concept is an error."""
    term(concept, "en")
    return ENTRIES[concept]


def word(concept: str) -> dict[str, str]:
    """The concept's word in each language: ``{"ko": ..., "en": ...}``."""
    found = entry(concept)
    return {"ko": found.ko, "en": found.en}


def term(concept: str, lang: str) -> str:
    """The glossary word for ``concept`` in ``lang``; an unknown concept is an error, not a blank."""
    try:
        found = ENTRIES[concept]
    except KeyError:
        raise KeyError(f"glossary: no term {concept!r}; add it to generator/glossary.py") from None
    return found.ko if lang == "ko" else found.en
