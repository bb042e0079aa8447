"""Overfitting and its cures, weight decay and dropout (article section 3; book 6.4).

A deep network trained on only 300 images: the baseline fits its training set almost perfectly
while test accuracy lags; weight decay (λ = 0.1) and dropout (ratio 0.2) narrow the gap.
The three variants and every seed train as one stack.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.errors import UserError
from generator.experiments.base import Claim, Experiment, param

VARIANTS = ("baseline", "weight-decay", "dropout")


@dataclass(frozen=True)
class Config:
    n_train: int = param(300, "training images taken from the training pool (book: 300)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book: six layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(200, "training epochs; the book's scripts run 201 and 301, here all variants run 200", ge=1)
    weight_decay: float = param(0.1, "λ of the weight-decay variant (book: 0.1)", ge=0)
    dropout_ratio: float = param(0.2, "dropout ratio of the dropout variant (book: 0.2)", ge=0, lt=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")

    def variant_settings(self):
        """(weight decay, dropout ratio) of each variant, in VARIANTS order."""
        return ((0.0, 0.0), (self.weight_decay, 0.0), (0.0, self.dropout_ratio))


def run(config: Config, data, seeds, progress=None):
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    x_test, t_test = data.x_test.astype(dtype), data.y_test
    settings = config.variant_settings()
    streams = [member_streams(seed, v) for seed in seeds for v in range(len(VARIANTS))]  # (S * V)
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        weight_decay=[s[0] for s in settings] * len(seeds),
        dropout_ratio=[s[1] for s in settings] * len(seeds),
        dtype=dtype,
    )
    result = train(
        net,
        make_optimizer("sgd", lr=config.lr),
        x,
        t,
        streams=streams,
        batch_size=config.batch_size,
        epochs=config.epochs,
        evaluate={"train": (x, t), "test": (x_test, t_test)},
        on_epoch=progress,
    )
    shape = (len(seeds), len(VARIANTS))

    def per_variant(a):
        return a.reshape(shape + a.shape[1:])  # (S, V, ...)

    return {
        "train_acc": per_variant(result.accuracy["train"]),
        "test_acc": per_variant(result.accuracy["test"]),
        "loss": per_variant(result.loss),
        "diverged_at": per_variant(result.diverged_at),
    }


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
        figure="fig-overfitting-baseline",
        unit="%",
    ),
    Claim(
        id="weight-decay-shrinks-gap",
        statement_ko="가중치 감소(λ = 0.1)는 훈련 정확도와 시험 정확도의 차이를 줄인다.",
        statement_en="Weight decay (λ = 0.1) narrows the gap between training and test accuracy.",
        statistic=lambda m: gap(m, "baseline") - gap(m, "weight-decay"),
        comparison=">",
        threshold=0.0,
        reason="any narrowing counts; the value is how many points the gap shrank",
        figure="fig-overfitting-weight-decay",
        unit="%",
    ),
    Claim(
        id="weight-decay-train-below-100",
        statement_ko="가중치 감소를 쓰면 훈련 정확도가 100%에 이르지 않는다.",
        statement_en="With weight decay, training accuracy no longer reaches 100%.",
        statistic=lambda m: final(m, "train_acc", "weight-decay"),
        comparison="<",
        threshold=0.99,
        reason="'does not reach 100%': more than one point short of perfect",
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
        figure="fig-overfitting-dropout",
        unit="%",
    ),
    Claim(
        id="dropout-train-below-100",
        statement_ko="드롭아웃을 쓰면 훈련 정확도가 100%에 이르지 않는다.",
        statement_en="With dropout, training accuracy stays below 100%.",
        statistic=lambda m: final(m, "train_acc", "dropout"),
        comparison="<",
        threshold=0.99,
        reason="'stays below 100%': more than one point short of perfect",
        figure="fig-overfitting-dropout",
        unit="%",
    ),
)

EXPERIMENT = Experiment(
    id="overfitting",
    section="regularization",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(n_train=100, hidden_sizes=(32, 32), batch_size=50, epochs=4),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=12,
)
