"""Six optimisers training the same MNIST network (article section 0; book 6.1.8).

A 5-layer ReLU network with He initial weights, trained for 2000 mini-batches of 128 images by
SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam at the learning rates of the book's
``optimizer_compare_mnist.py`` (Nesterov and RMSprop at the defaults of the book's
``common/optimizer.py``; Adam's β1 = 0.9, β2 = 0.999 likewise). The book trains on 60000 images
and draws each batch with replacement; here the pool is the 8000 training images, visited in
shuffled epochs.

An optimiser's state belongs to a whole stack, so each optimiser trains its own stack with one
member per seed: six stacks of S members rather than one of 6·S. That costs five more Python
loops over 2000 iterations but needs nothing beyond the engine's optimisers. A member's stream is
``member_streams(seed, optimizer index)``, so a seed's run is the same whatever else is trained.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import OPTIMIZERS as OPTIMIZER_CLASSES
from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.base import Claim, Experiment, param

OPTIMIZERS = tuple(cls.name for cls in OPTIMIZER_CLASSES)  # SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100,) * 4, "units per hidden layer (book: four layers of 100)", ge=1, min_len=1)
    batch_size: int = param(128, "mini-batch size (book: 128)", ge=1)
    iterations: int = param(2000, "mini-batch updates per optimiser (book: 2000)", ge=1)
    lr_sgd: float = param(0.01, "SGD learning rate (book: 0.01)", gt=0)
    lr_momentum: float = param(0.01, "Momentum learning rate (book: 0.01)", gt=0)
    lr_nesterov: float = param(0.01, "Nesterov learning rate (book's default: 0.01)", gt=0)
    lr_adagrad: float = param(0.01, "AdaGrad learning rate (book: 0.01)", gt=0)
    lr_rmsprop: float = param(0.01, "RMSprop learning rate (book's default: 0.01)", gt=0)
    lr_adam: float = param(0.001, "Adam learning rate (book: 0.001)", gt=0)
    momentum: float = param(0.9, "momentum of Momentum and Nesterov (book: 0.9)", ge=0, lt=1)
    decay_rate: float = param(0.99, "RMSprop's decay of past squared gradients (book's default: 0.99)", gt=0, lt=1)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    @property
    def hyperparameters(self) -> tuple[dict, ...]:
        """Each optimiser's hyperparameters, in OPTIMIZERS order."""
        return (
            {"lr": self.lr_sgd},
            {"lr": self.lr_momentum, "momentum": self.momentum},
            {"lr": self.lr_nesterov, "momentum": self.momentum},
            {"lr": self.lr_adagrad},
            {"lr": self.lr_rmsprop, "decay_rate": self.decay_rate},
            {"lr": self.lr_adam},
        )


def train_optimizer(config: Config, data, index: int, seeds, progress=None):
    """Train one stack, a member per seed, with optimiser ``OPTIMIZERS[index]``.

    Returns (loss (S, iterations), final test accuracy (S,), diverged_at (S,)).
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed, index) for seed in seeds]
    net = MultiLayerNet(784, config.hidden_sizes, 10, streams=streams, activation="relu", weight_init="he", dtype=dtype)
    optimizer = make_optimizer(OPTIMIZERS[index], **config.hyperparameters[index])
    result = train(
        net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=config.iterations, on_epoch=progress
    )
    test_acc = np.where(result.diverged, np.nan, net.accuracy(data.x_test.astype(dtype), data.y_test))
    return result.loss, test_acc, result.diverged_at


def run(config: Config, data, seeds, progress=None):
    def report(index):
        if progress is None:
            return None
        return lambda done, total: progress(index * total + done, len(OPTIMIZERS) * total)

    runs = [train_optimizer(config, data, i, seeds, report(i)) for i in range(len(OPTIMIZERS))]
    loss, test_acc, diverged_at = (np.stack(parts, axis=1) for parts in zip(*runs))  # (S, O, ...)
    return {"loss": loss, "test_acc": test_acc, "diverged_at": diverged_at}


def tail_loss(metrics, optimizer, last=100):
    """Mean training loss of the last ``last`` iterations, per seed (S,): smooths mini-batch noise."""
    return metrics["loss"][:, OPTIMIZERS.index(optimizer), -last:].mean(axis=-1)


def below_sgd(optimizer: str, ko_name: str) -> Claim:
    return Claim(
        id=f"optimizer-compare-{optimizer.lower()}-below-sgd",
        statement_ko=f"같은 반복 횟수 동안 {ko_name}의 훈련 손실이 SGD보다 낮아진다.",
        statement_en=f"In the same number of iterations, {optimizer} brings the training loss lower than SGD does.",
        statistic=lambda m: tail_loss(m, "SGD") - tail_loss(m, optimizer),
        comparison=">",
        threshold=0.0,
        reason="'SGD learns slowest': any margin counts, on the mean loss of the last 100 iterations",
        figure="fig-optimizer-compare-loss",
    )


CLAIMS = (below_sgd("Momentum", "모멘텀"), below_sgd("AdaGrad", "AdaGrad"), below_sgd("Adam", "Adam"))

EXPERIMENT = Experiment(
    id="optimizer-compare",
    section="optimizers",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(hidden_sizes=(16, 16), batch_size=32, iterations=20),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=15,
)
