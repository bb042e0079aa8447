"""Facts of the optimizers page: six paths on one bowl, and six optimisers training on MNIST (article §0)."""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from generator.experiments.optimizer_compare import TAIL, tail_loss
from generator.experiments.optimizer_compare.config import INPUTS
from generator.experiments.optimizer_compare.config import LR_FIELDS as COMPARE_LR_FIELDS
from generator.experiments.optimizer_paths.config import LR_FIELDS as PATH_LR_FIELDS
from generator.experiments.optimizer_paths.config import MOMENTUM
from generator.site.facts import SiteInputs, Text, require

EXPERIMENTS = ("optimizer-paths", "optimizer-compare")


def seed_mean(values) -> np.ndarray:
    """Mean over the seed axis, leaving out seeds that diverged (NaN); NaN where every seed did."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column is a result, not a problem
        return np.nanmean(np.asarray(values, dtype=np.float64), axis=0)


@dataclass(frozen=True)
class PathRun:
    """One optimiser on the bowl: where its last point lies."""

    key: str
    label: Text
    lr: float
    distance: float
    """From the last point to the minimum (0, 0)."""
    value: float
    """f at the last point."""
    turns: int
    """How many times the motion along y turned back."""


@dataclass(frozen=True)
class Paths:
    start_x: float
    start_y: float
    steps: int
    chances: int
    """How many times a path of ``steps`` steps could turn back along y: steps - 1."""
    sgd: PathRun
    momentum: PathRun
    nesterov: PathRun
    adagrad: PathRun
    rmsprop: PathRun
    adam: PathRun
    closest: PathRun
    """The optimiser whose last point is nearest the minimum."""
    sgd_x_factor: float
    """1 - η/10: what one SGD step multiplies x by on this bowl."""
    sgd_y_factor: float
    """1 - 2η: what one SGD step multiplies y by."""
    sgd_end_x: float
    """start_x · sgd_x_factor^steps: SGD's last x, in closed form."""
    sgd_end_y: float
    sgd_slowest_factor: float
    """The larger of |sgd_x_factor| and |sgd_y_factor|: how fast SGD's slower coordinate shrinks."""
    adam_margin: float
    """|SGD's distance - Adam's|."""
    adam_value_higher: bool
    """Adam's last point has a higher f than SGD's."""
    alpha: float
    """Momentum's and Nesterov's α."""
    sqrt_alpha: float
    """√α: the factor an under-damped Momentum's swings shrink by per step."""
    momentum_nearest: float
    """Momentum's closest approach to the minimum, and the step it came there."""
    momentum_nearest_step: int
    nesterov_nearest: float
    nesterov_nearest_step: int
    nesterov_farther_than_sgd: bool

    @property
    def runs(self) -> tuple[PathRun, ...]:
        return (self.sgd, self.momentum, self.nesterov, self.adagrad, self.rmsprop, self.adam)


@dataclass(frozen=True)
class MnistRun:
    """One optimiser on MNIST, averaged over the seeds that did not diverge."""

    key: str
    label: Text
    lr: float
    tail_loss: float
    """Mean training loss of the last ``Mnist.tail`` iterations: the claims' statistic."""
    test_acc: float
    diverged: int
    """Seeds whose loss overflowed."""


@dataclass(frozen=True)
class Mnist:
    hidden_layers: int
    hidden_sizes: tuple[int, ...]
    batch_size: int
    iterations: int
    alpha: float
    """Momentum's and Nesterov's α."""
    decay_rate: float
    """RMSprop's ρ."""
    seeds: int
    dataset: str | None
    tail: int
    """How many final iterations the quoted losses average."""
    sgd: MnistRun
    momentum: MnistRun
    nesterov: MnistRun
    adagrad: MnistRun
    rmsprop: MnistRun
    adam: MnistRun
    by_loss: tuple[MnistRun, ...]
    """The six from lowest to highest final loss."""
    lowest: MnistRun
    """The first of ``by_loss``."""
    diverged: tuple[MnistRun, ...]
    """Those with at least one diverged seed, in axis order."""
    highest_other: Text
    """The optimiser other than SGD with the highest final loss."""
    sgd_lowest_accuracy: bool
    rmsprop_first_step: float
    """η/√(1 - ρ): how far RMSprop's first update moves every weight, whatever its gradient."""
    he_std: float
    """√(2/784): the standard deviation of the first layer's He initial weights."""
    rmsprop_step_in_stds: float
    rmsprop_peak_loss: float
    """RMSprop's highest raw loss over seeds and iterations, and its 1-based iteration."""
    rmsprop_peak_iteration: int

    @property
    def runs(self) -> tuple[MnistRun, ...]:
        return (self.sgd, self.momentum, self.nesterov, self.adagrad, self.rmsprop, self.adam)


@dataclass(frozen=True)
class OptimizersFacts:
    paths: Paths
    mnist: Mnist
    same_winner: bool
    """The same optimiser ends closest on the bowl and lowest on MNIST."""


def label(axis, key: str) -> Text:
    return Text(axis.label(key, "ko"), axis.label(key, "en"))


def nearest(result, o: int) -> tuple[float, int]:
    """The closest approach of path ``o`` to the minimum, and its step. Seed 0's path is every seed's:
    nothing in the experiment is random."""
    path = np.asarray(result.metrics["path"][0, o], dtype=np.float64)  # (steps + 1, 2)
    axis = result.axes["coordinate"]
    distance = np.hypot(path[:, axis.index("x")], path[:, axis.index("y")])
    step = int(np.argmin(distance))
    return float(distance[step]), step


def paths_facts(result) -> Paths:
    m, config, axis = result.metrics, result.config, result.axes["optimizer"]
    distance = seed_mean(m["final_distance"])  # (O,)
    value = seed_mean(m["final_value"])
    turns = seed_mean(m["y_reversals"])
    runs = {
        key: PathRun(key, label(axis, key), config[PATH_LR_FIELDS[key]], float(distance[o]), float(value[o]), int(round(turns[o])))
        for o, key in enumerate(axis.values)
    }
    sgd, adam = runs["SGD"], runs["Adam"]
    steps = config["steps"]
    fx, fy = 1 - sgd.lr / 10, 1 - 2 * sgd.lr
    momentum_nearest, momentum_step = nearest(result, axis.index("Momentum"))
    nesterov_nearest, nesterov_step = nearest(result, axis.index("Nesterov"))
    return Paths(
        start_x=config["start_x"],
        start_y=config["start_y"],
        steps=steps,
        chances=steps - 1,
        sgd=sgd,
        momentum=runs["Momentum"],
        nesterov=runs["Nesterov"],
        adagrad=runs["AdaGrad"],
        rmsprop=runs["RMSprop"],
        adam=adam,
        closest=runs[axis.values[int(np.nanargmin(distance))]],
        sgd_x_factor=fx,
        sgd_y_factor=fy,
        sgd_end_x=config["start_x"] * fx**steps,
        sgd_end_y=config["start_y"] * fy**steps,
        sgd_slowest_factor=max(abs(fx), abs(fy)),
        adam_margin=abs(sgd.distance - adam.distance),
        adam_value_higher=adam.value > sgd.value,
        alpha=MOMENTUM,
        sqrt_alpha=math.sqrt(MOMENTUM),
        momentum_nearest=momentum_nearest,
        momentum_nearest_step=momentum_step,
        nesterov_nearest=nesterov_nearest,
        nesterov_nearest_step=nesterov_step,
        nesterov_farther_than_sgd=runs["Nesterov"].distance > sgd.distance,
    )


def mnist_facts(result) -> Mnist:
    m, config, axis = result.metrics, result.config, result.axes["optimizer"]
    tail = min(TAIL, np.shape(m["loss"])[-1])
    losses = np.array([seed_mean(tail_loss(m, key, tail)) for key in axis.values])  # (O,)
    accuracy = seed_mean(m["test_acc"])  # (O,)
    diverged = (np.asarray(m["diverged_at"]) >= 0).sum(axis=0)  # (O,)
    runs = {
        key: MnistRun(key, label(axis, key), config[COMPARE_LR_FIELDS[key]], float(losses[o]), float(accuracy[o]), int(diverged[o]))
        for o, key in enumerate(axis.values)
    }
    order = sorted(range(len(axis.values)), key=lambda o: (np.isnan(losses[o]), losses[o]))  # NaN last
    others = [o for o, key in enumerate(axis.values) if key != "SGD"]
    raw = np.asarray(m["loss"][:, axis.index("RMSprop")], dtype=np.float64)  # (S, iterations)
    peaks = np.where(np.isfinite(raw), raw, -np.inf).max(axis=0)  # (iterations,)
    first_step = config["lr_rmsprop"] / math.sqrt(1 - config["decay_rate"])
    he_std = math.sqrt(2 / INPUTS)
    return Mnist(
        hidden_layers=len(config["hidden_sizes"]),
        hidden_sizes=tuple(config["hidden_sizes"]),
        batch_size=config["batch_size"],
        iterations=config["iterations"],
        alpha=config["momentum"],
        decay_rate=config["decay_rate"],
        seeds=len(result.seeds),
        dataset=result.dataset.name if result.dataset else None,
        tail=tail,
        sgd=runs["SGD"],
        momentum=runs["Momentum"],
        nesterov=runs["Nesterov"],
        adagrad=runs["AdaGrad"],
        rmsprop=runs["RMSprop"],
        adam=runs["Adam"],
        by_loss=tuple(runs[axis.values[o]] for o in order),
        lowest=runs[axis.values[order[0]]],
        diverged=tuple(run for run in runs.values() if run.diverged),
        highest_other=label(axis, axis.values[max(others, key=lambda o: np.nan_to_num(losses[o], nan=-np.inf))]),
        sgd_lowest_accuracy=bool(np.isfinite(accuracy).any()) and int(np.nanargmin(accuracy)) == axis.index("SGD"),
        rmsprop_first_step=first_step,
        he_std=he_std,
        rmsprop_step_in_stds=first_step / he_std,
        rmsprop_peak_loss=float(peaks.max()),
        rmsprop_peak_iteration=int(np.argmax(peaks)) + 1,
    )


def facts(inputs: SiteInputs) -> OptimizersFacts:
    paths = paths_facts(require(inputs, "optimizer-paths"))
    mnist = mnist_facts(require(inputs, "optimizer-compare"))
    return OptimizersFacts(paths=paths, mnist=mnist, same_winner=paths.closest.key == mnist.lowest.key)
