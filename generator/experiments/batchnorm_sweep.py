"""Batch normalisation across initial weight scales (article section 2; book 6.3.2, batch_norm_test.py).

A deep ReLU network is trained on 1000 images from 16 weight scales between 1 and 1e-4, each with
and without batch norm. Both networks of a scale start from the same random draws and see the
same mini-batches, so batch norm is the only difference. All scales, both variants and every seed
train as one stack. Without batch norm the largest scales overflow: that divergence is a result,
recorded in ``diverged_at``, and a diverged network counts as 0% accuracy in the claims.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.errors import UserError
from generator.experiments.base import Claim, Experiment, param

VARIANTS = ("batch-norm", "plain")
EARLY_EPOCH = 5
"""The epoch at which the "learns faster" claim compares the two: a quarter of the book's 20."""
WIDE_SCALE_MIN = 1e-2
"""Scales from 1 down to this one span the "depends little on the initial values" claim."""


@dataclass(frozen=True)
class Config:
    n_train: int = param(1000, "training images taken from the training pool (book: 1000)", ge=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 5, "units per hidden layer (book: five layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(20, "training epochs (book: 20)", ge=1)
    n_scales: int = param(16, "number of weight scales, log-spaced (book: 16)", ge=2)
    log10_scale_max: float = param(0.0, "largest weight std as a power of ten (book: 10^0 = 1)", ge=-8, le=2)
    log10_scale_min: float = param(-4.0, "smallest weight std as a power of ten (book: 10^-4)", ge=-8, le=2)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= n_train ({self.n_train}), got {self.batch_size}")
        if self.log10_scale_min >= self.log10_scale_max:
            raise UserError(
                f"{prefix}.log10_scale_min: must be < log10_scale_max ({self.log10_scale_max}), got {self.log10_scale_min}"
            )

    @property
    def scales(self) -> np.ndarray:
        """The weight stds, largest first, as the book's np.logspace(0, -4, num=16)."""
        return np.logspace(self.log10_scale_max, self.log10_scale_min, num=self.n_scales)


def train_members(config: Config, data, members, progress=None):
    """Train the networks ``members`` = [(seed, scale index, with batch norm), ...] as one stack.

    Returns per-member (T, ...) arrays: train_acc (T, epochs + 1), test_acc (T,), diverged_at (T,).
    A network's streams depend only on (seed, scale index), so with and without batch norm it
    starts from the same weights and draws the same mini-batches, whatever else is stacked.
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    scales = config.scales
    streams = [member_streams(seed, scale) for seed, scale, _ in members]
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init=[float(scales[scale]) for _, scale, _ in members],
        batch_norm=[bn for _, _, bn in members],
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
        evaluate={"train": (x, t)},
        on_epoch=progress,
    )
    with np.errstate(over="ignore", invalid="ignore"):  # diverged members hold non-finite weights
        test_acc = net.accuracy(data.x_test.astype(dtype), data.y_test)
    return {
        "train_acc": result.accuracy["train"],
        "test_acc": np.where(result.diverged, np.nan, test_acc),
        "diverged_at": result.diverged_at,
    }


def run(config: Config, data, seeds, progress=None):
    # Two stacks, with and without batch norm: one mixed stack would normalise every member and
    # discard half of it. A member's streams depend on (seed, scale) only, so each pair still
    # shares its initial weights and mini-batches, and batch norm is the only difference.
    shape = (len(seeds), config.n_scales)
    parts = []
    for bn in (True, False):  # VARIANTS order
        members = [(seed, scale, bn) for seed in seeds for scale in range(config.n_scales)]
        result = train_members(config, data, members, progress)
        parts.append({name: value.reshape(shape + value.shape[1:]) for name, value in result.items()})
    metrics = {name: np.stack([part[name] for part in parts], axis=2) for name in parts[0]}  # (S, scales, V, ...)
    metrics["scales"] = np.tile(config.scales, (len(seeds), 1))  # (S, scales)
    return metrics


def accuracy_at(metrics, variant, epoch=-1):
    """Training accuracy (S, scales) at ``epoch`` (clipped to the last one); diverged counts as 0."""
    acc = metrics["train_acc"][:, :, VARIANTS.index(variant)]
    return np.nan_to_num(acc[..., min(epoch, acc.shape[-1] - 1)], nan=0.0)


def share_higher_with_batch_norm(metrics, epoch=-1):
    """Fraction of scales where batch norm's training accuracy beats the plain network's (S,)."""
    return (accuracy_at(metrics, "batch-norm", epoch) > accuracy_at(metrics, "plain", epoch)).mean(axis=-1)


def spread_over_wide_scales(metrics, variant):
    """max - min of final training accuracy over scales 1 ... 1e-2, per seed (S,)."""
    acc = accuracy_at(metrics, variant)
    wide = metrics["scales"][0] >= WIDE_SCALE_MIN * (1 - 1e-9)
    return acc[:, wide].max(axis=-1) - acc[:, wide].min(axis=-1)


CLAIMS = (
    Claim(
        id="batchnorm-higher-final-accuracy",
        statement_ko="배치 정규화를 쓴 네트워크는 거의 모든 가중치 초깃값 척도에서 쓰지 않은 네트워크보다 최종 훈련 정확도가 높다.",
        statement_en="With batch normalisation the final training accuracy is higher than without it at almost every initial weight scale.",
        statistic=share_higher_with_batch_norm,
        comparison=">",
        threshold=0.7,
        reason="'almost every scale': at least 12 of the 16 scales (75%); a diverged network counts as 0%",
        figure="fig-batchnorm-sweep-curves",
        unit="%",
    ),
    Claim(
        id="batchnorm-learns-faster",
        statement_ko="배치 정규화를 쓰면 학습이 빨라진다. 5번째 에폭에서 이미 거의 모든 척도에서 훈련 정확도가 더 높다.",
        statement_en="Batch normalisation speeds learning: by epoch 5 its training accuracy is already higher at almost every scale.",
        statistic=lambda m: share_higher_with_batch_norm(m, EARLY_EPOCH),
        comparison=">",
        threshold=0.7,
        reason="'faster at almost every scale': ahead at 12 or more of 16 scales after a quarter of the 20 epochs",
        figure="fig-batchnorm-sweep-curves",
        unit="%",
    ),
    Claim(
        id="plain-fails-at-some-scales",
        statement_ko="배치 정규화가 없으면 몇몇 척도에서는 학습이 전혀 진행되지 않는다.",
        statement_en="Without batch normalisation the network does not learn at all at some scales.",
        statistic=lambda m: (accuracy_at(m, "plain") <= 0.2).mean(axis=-1),
        comparison=">",
        threshold=0.2,
        reason="'some scales do not learn': 4 or more of 16 scales (25%) end at chance level (<= 20%) or diverged",
        figure="fig-batchnorm-sweep-final",
        unit="%",
    ),
    Claim(
        id="batchnorm-less-dependent-on-init",
        statement_ko="배치 정규화를 쓰면 초깃값에 덜 의존한다. 척도 1~0.01 사이에서 최종 훈련 정확도의 폭이 쓰지 않을 때보다 좁다.",
        statement_en="Batch normalisation depends less on the initial values: across scales 1 to 0.01 its final training accuracy varies less than without it.",
        statistic=lambda m: spread_over_wide_scales(m, "batch-norm") - spread_over_wide_scales(m, "plain"),
        comparison="<",
        threshold=0.0,
        reason="'depends little on the initial values': a smaller spread (max - min) than without it; the value is the difference",
        figure="fig-batchnorm-sweep-final",
        unit="%",
    ),
)

EXPERIMENT = Experiment(
    id="batchnorm-sweep",
    section="batch-norm",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(n_train=200, hidden_sizes=(16, 16), batch_size=50, epochs=2, n_scales=4),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=17,
)
