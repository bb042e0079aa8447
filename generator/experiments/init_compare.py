"""Three initial weight scales training the same MNIST network (article section 1; book 6.2.4).

A 5-layer ReLU network trained by SGD (lr 0.01) for 2000 mini-batches of 128 images, starting
from weights of std 0.01, Xavier's 1/√n or He's √(2/n) (book: ``weight_init_compare.py``, which
trains on 60000 images with batches drawn with replacement; here the 8000-image pool, in
shuffled epochs). The three initialisations and every seed train as one stack; member
``member_streams(seed, init index)`` draws the same weights and batches stacked or alone.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.base import Claim, Experiment, param

INITS = ("std=0.01", "Xavier", "He")


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100,) * 4, "units per hidden layer (book: four layers of 100)", ge=1, min_len=1)
    lr: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    batch_size: int = param(128, "mini-batch size (book: 128)", ge=1)
    iterations: int = param(2000, "mini-batch updates (book: 2000)", ge=1)
    small_std: float = param(0.01, "std of the first, small initialisation (book: 0.01)", gt=0)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    @property
    def weight_inits(self) -> tuple:
        """The engine's weight_init of each variant, in INITS order."""
        return (self.small_std, "xavier", "he")


def train_members(config: Config, data, members, progress=None):
    """Train one stack with a member per (seed, init index) of ``members``.

    Returns (loss (T, iterations), final test accuracy (T,), diverged_at (T,)).
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed, index) for seed, index in members]
    inits = [config.weight_inits[index] for _, index in members]
    net = MultiLayerNet(784, config.hidden_sizes, 10, streams=streams, activation="relu", weight_init=inits, dtype=dtype)
    optimizer = make_optimizer("sgd", lr=config.lr)
    result = train(
        net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=config.iterations, on_epoch=progress
    )
    test_acc = np.where(result.diverged, np.nan, net.accuracy(data.x_test.astype(dtype), data.y_test))
    return result.loss, test_acc, result.diverged_at


def run(config: Config, data, seeds, progress=None):
    members = [(seed, index) for seed in seeds for index in range(len(INITS))]
    loss, test_acc, diverged_at = train_members(config, data, members, progress)
    shape = (len(seeds), len(INITS))
    return {
        "loss": loss.reshape(shape + loss.shape[1:]),  # (S, I, iterations)
        "test_acc": test_acc.reshape(shape),
        "diverged_at": diverged_at.reshape(shape),
    }


def mean_loss(metrics, init, last=None):
    """Mean training loss of one initialisation over its last ``last`` iterations (all if None), per seed (S,)."""
    loss = metrics["loss"][:, INITS.index(init)]
    return loss[:, -last:].mean(axis=-1) if last else loss.mean(axis=-1)


def below_small(init: str, ko_name: str) -> Claim:
    return Claim(
        id=f"init-compare-{init.lower()}-below-small",
        statement_ko=f"{ko_name}으로 시작하면 표준편차 0.01로 시작할 때보다 훈련 손실이 낮아진다.",
        statement_en=f"Started from {init} initial weights, the network reaches a lower loss than from std 0.01.",
        statistic=lambda m: mean_loss(m, "std=0.01", 100) - mean_loss(m, init, 100),
        comparison=">",
        threshold=0.0,
        reason="'lower': any margin counts, on the mean loss of the last 100 iterations",
        figure="fig-init-compare-loss",
    )


CLAIMS = (
    Claim(
        id="init-compare-small-barely-learns",
        statement_ko="표준편차 0.01로 시작하면 학습이 거의 진행되지 않아 손실이 처음 값 ln 10 ≈ 2.30 근처에 머문다.",
        statement_en="Started from std 0.01, the network barely learns: its loss stays near its initial ln 10 ≈ 2.30.",
        statistic=lambda m: mean_loss(m, "std=0.01", 100),
        comparison=">",
        threshold=2.0,
        reason="loss > 2.0: the right digit gets a (geometric) mean probability below e^-2 ≈ 0.14, near a guess's 0.1",
        figure="fig-init-compare-loss",
    ),
    below_small("Xavier", "Xavier 초깃값"),
    below_small("He", "He 초깃값"),
    Claim(
        id="init-compare-he-fastest",
        statement_ko="세 초깃값 가운데 He 초깃값으로 시작한 네트워크가 가장 빨리 학습한다.",
        statement_en="Of the three, the network started from He initial weights learns fastest.",
        statistic=lambda m: np.minimum(mean_loss(m, "std=0.01"), mean_loss(m, "Xavier")) - mean_loss(m, "He"),
        comparison=">",
        threshold=0.0,
        reason="'fastest': the lowest mean loss over all iterations (the area under the curve), by any margin",
        figure="fig-init-compare-loss",
    ),
)

EXPERIMENT = Experiment(
    id="init-compare",
    section="initialization",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(hidden_sizes=(16, 16), batch_size=32, iterations=20),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=7,
)
