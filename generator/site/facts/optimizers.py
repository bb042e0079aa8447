"""Facts of the optimizers page: six paths on one bowl, six optimisers training on MNIST, and whether one of
them wins on both problems and at every learning rate (article §0)."""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from generator.experiments.optimizer_compare import TAIL, tail_loss
from generator.experiments.optimizer_compare.config import INPUTS
from generator.experiments.optimizer_compare.config import LR_FIELDS as COMPARE_LR_FIELDS
from generator.experiments.optimizer_paths.config import LR_FIELDS as PATH_LR_FIELDS
from generator.experiments.optimizer_paths.config import MOMENTUM
from generator.experiments.optimizer_ranking import TAIL as RANKING_TAIL
from generator.experiments.optimizer_ranking import scores, tuned_winner, winner, winners
from generator.site.facts import SiteInputs, Text, require



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
    first_dx: float
    """How far the first update moved along x and along y (absolute values)."""
    first_dy: float


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
    momentum_overshoots: bool
    """Momentum came nearest the minimum before its last step: it passed by and was coming back."""

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
    n_train: int | None
    """Images in the training pool every run draws its mini-batches from; None when the result does not say."""
    n_test: int | None
    """Images the test accuracy is measured on."""
    epochs: float | None
    """iterations · batch_size / n_train: how many times a run goes through the training pool."""
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
    sgd_highest_seeds: int
    """Seeds in which SGD's final loss is above every other optimiser's (the slowest claim, seed by seed)."""
    sgd_highest_everywhere: bool
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
class Score:
    """One optimiser on one problem at one learning-rate multiplier."""

    value: float
    """Bowl: the distance left to the minimum. MNIST: the mean tail loss over the seeds that did not diverge."""
    extreme: bool
    """Outside [0.001, 1000): written in powers of ten."""
    diverged: int
    """Seeds whose run diverged (none on the bowl)."""
    lost: bool
    """Every seed diverged: there is no value to show."""
    best: bool
    """Lowest of its column, a diverged seed ranking the run last (the figure's ring)."""


@dataclass(frozen=True)
class RankingRow:
    key: str
    label: Text
    bowl_lr: float
    """The learning rate at ×1 on each problem (the book's)."""
    mnist_lr: float
    bowl: tuple[Score, ...]
    """One per multiplier."""
    mnist: tuple[Score, ...]


@dataclass(frozen=True)
class Wins:
    """An optimiser and the number of seeds it won."""

    label: Text
    seeds: int


@dataclass(frozen=True)
class Column:
    """One problem at one multiplier: who wins."""

    multiplier: str
    winner: Text
    """The lowest seed mean ("—" where every run diverged)."""
    wins: tuple[Wins, ...]
    """Seed by seed, as the claims count: each optimiser that won a seed, most seeds first."""


@dataclass(frozen=True)
class Tuned:
    """The winner when every optimiser gets its best multiplier (by seed mean)."""

    label: Text
    multiplier: str
    lr: float
    value: float
    extreme: bool


@dataclass(frozen=True)
class Ranking:
    multipliers: tuple[str, ...]
    networks: int
    """MNIST networks per seed: optimisers × multipliers."""
    seeds: int
    steps: int
    iterations: int
    compare_iterations: int
    """optimizer-compare's budget, for the sentence that says this one is shorter."""
    epochs: float | None
    """Passes over the training pool in one MNIST run of ``iterations`` updates."""
    compare_epochs: float | None
    tail: int
    bowl_book_is_paths: bool
    """At ×1 the bowl's distances are optimizer-paths' (the same 30 updates at the same rates): one setting, one number."""
    sgd_book_mnist: float
    """SGD's MNIST score at ×1: the same network and rate as optimizer-compare, after fewer updates."""
    rows: tuple[RankingRow, ...]
    bowl: tuple[Column, ...]
    mnist: tuple[Column, ...]
    bowl_book: Column
    mnist_book: Column
    bowl_tuned: Tuned
    mnist_tuned: Tuned
    mnist_runner_up: Tuned
    """The best of the other optimisers, each at its best multiplier: how close the tuned race is."""
    mnist_tuned_wins: tuple[Wins, ...]
    """Seed by seed, as the tuned claim counts."""
    mnist_book_is_compares: bool
    """At ×1, the lowest MNIST loss after ``iterations`` belongs to the optimiser lowest after optimizer-compare's 2000."""
    diverged: tuple[Text, ...]
    """"Momentum ×10"-style names of the MNIST runs with a diverged seed, in row order."""


@dataclass(frozen=True)
class OptimizersFacts:
    paths: Paths
    mnist: Mnist
    ranking: Ranking


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
    path = np.asarray(m["path"][0], dtype=np.float64)  # (O, steps + 1, 2); every seed the same
    first = np.abs(path[:, 1] - path[:, 0])  # (O, 2)
    x, y = result.axes["coordinate"].index("x"), result.axes["coordinate"].index("y")
    runs = {
        key: PathRun(key, label(axis, key), config[PATH_LR_FIELDS[key]], float(distance[o]), float(value[o]), int(round(turns[o])),
                     float(first[o, x]), float(first[o, y]))
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
        momentum_overshoots=momentum_step < steps,
    )


def epochs(iterations: int, batch_size: int, n_train: int | None) -> float | None:
    """How many passes over a pool of ``n_train`` images ``iterations`` mini-batches of ``batch_size`` make."""
    return iterations * batch_size / n_train if n_train else None


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
    per_seed = np.array([tail_loss(m, key, tail) for key in axis.values])  # (O, S)
    sgd = axis.index("SGD")
    sgd_highest = int(np.sum(per_seed[sgd] > np.delete(per_seed, sgd, axis=0).max(axis=0)))
    others = [o for o, key in enumerate(axis.values) if key != "SGD"]
    raw = np.asarray(m["loss"][:, axis.index("RMSprop")], dtype=np.float64)  # (S, iterations)
    peaks = np.where(np.isfinite(raw), raw, -np.inf).max(axis=0)  # (iterations,)
    first_step = config["lr_rmsprop"] / math.sqrt(1 - config["decay_rate"])
    he_std = math.sqrt(2 / INPUTS)
    n_train = result.dataset.n_train if result.dataset else None
    return Mnist(
        hidden_layers=len(config["hidden_sizes"]),
        hidden_sizes=tuple(config["hidden_sizes"]),
        batch_size=config["batch_size"],
        iterations=config["iterations"],
        alpha=config["momentum"],
        decay_rate=config["decay_rate"],
        seeds=len(result.seeds),
        dataset=result.dataset.name if result.dataset else None,
        n_train=n_train,
        n_test=result.dataset.n_test if result.dataset else None,
        epochs=epochs(config["iterations"], config["batch_size"], n_train),
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
        sgd_highest_seeds=sgd_highest,
        sgd_highest_everywhere=sgd_highest == len(result.seeds),
        highest_other=label(axis, axis.values[max(others, key=lambda o: np.nan_to_num(losses[o], nan=-np.inf))]),
        sgd_lowest_accuracy=bool(np.isfinite(accuracy).any()) and int(np.nanargmin(accuracy)) == axis.index("SGD"),
        rmsprop_first_step=first_step,
        he_std=he_std,
        rmsprop_step_in_stds=first_step / he_std,
        rmsprop_peak_loss=float(peaks.max()),
        rmsprop_peak_iteration=int(np.argmax(peaks)) + 1,
    )


def extreme(value: float) -> bool:
    return bool(np.isfinite(value)) and not 1e-3 <= abs(value) < 1e3


def tally(winners_per_seed, axis) -> tuple[Wins, ...]:
    """Each optimiser that won a seed (an index, or NO_WINNER) and how many seeds, most first, then in axis order."""
    counts = np.bincount(np.asarray(winners_per_seed)[np.asarray(winners_per_seed) >= 0], minlength=len(axis.values))
    order = sorted(np.flatnonzero(counts), key=lambda o: (-counts[o], o))
    return tuple(Wins(label(axis, axis.values[o]), int(counts[o])) for o in order)


def column_winner(axis, o: int) -> Text:
    return label(axis, axis.values[o]) if o >= 0 else Text("—", "—")


def ranking_facts(result, compare: Mnist, paths: Paths) -> Ranking:
    m, config = result.metrics, result.config
    axis, multipliers = result.axes["optimizer"], result.axes["multiplier"]
    names = tuple(multipliers.label(v, "en") for v in multipliers.values)
    book = multipliers.index(1.0)
    bowl = np.asarray(m["bowl_distance"], dtype=np.float64)[0]  # (O, M): every seed the same
    bowl_score = scores(m, "bowl")[0]
    mnist_score = scores(m, "mnist")  # (S, O, M), inf where a seed diverged
    lost = (np.asarray(m["diverged_at"]) >= 0).sum(axis=0)  # (O, M)
    mnist_mean = seed_mean(np.where(np.isfinite(mnist_score), mnist_score, np.nan))  # over the seeds that finished
    mnist_rank = mnist_score.mean(axis=0)  # inf where any seed diverged: ranks last
    seeds = len(result.seeds)
    bowl_best, mnist_best = winner(bowl_score, axis=0), winner(mnist_rank, axis=0)  # (M,)

    def score(value, diverged, best):
        return Score(float(value), extreme(value), int(diverged), int(diverged) == seeds, bool(best))

    rows = tuple(
        RankingRow(
            key,
            label(axis, key),
            config["bowl_lrs"][o],
            config["mnist_lrs"][o],
            tuple(score(bowl[o, k], 0, bowl_best[k] == o) for k in range(len(names))),
            tuple(score(mnist_mean[o, k], lost[o, k], mnist_best[k] == o) for k in range(len(names))),
        )
        for o, key in enumerate(axis.values)
    )
    per_seed = {"bowl": winners(m, "bowl"), "mnist": winners(m, "mnist")}  # (S, M)
    columns = {
        problem: tuple(Column(names[k], column_winner(axis, int(best[k])), tally(per_seed[problem][:, k], axis)) for k in range(len(names)))
        for problem, best in (("bowl", bowl_best), ("mnist", mnist_best))
    }

    def tuned(values, lrs, place=0) -> Tuned:
        """The optimiser in ``place`` (0: first) when each is ranked by its best multiplier."""
        best = values.argmin(axis=1)  # (O,)
        o = int(np.argsort(values.min(axis=1), kind="stable")[place])
        k = int(best[o])
        return Tuned(label(axis, axis.values[o]), names[k], lrs[o] * multipliers.values[k], float(values[o, k]), extreme(values[o, k]))

    diverged = tuple(
        Text(f"{axis.label(key, 'ko')} {names[k]}", f"{axis.label(key, 'en')} {names[k]}")
        for o, key in enumerate(axis.values)
        for k in range(len(names))
        if lost[o, k]
    )
    return Ranking(
        multipliers=names,
        networks=len(axis.values) * len(names),
        seeds=seeds,
        steps=config["bowl_steps"],
        iterations=config["iterations"],
        compare_iterations=compare.iterations,
        epochs=epochs(config["iterations"], config["batch_size"], result.dataset.n_train if result.dataset else None),
        compare_epochs=compare.epochs,
        tail=min(RANKING_TAIL, np.shape(m["loss"])[-1]),
        sgd_book_mnist=float(mnist_mean[axis.index("SGD"), book]),
        bowl_book_is_paths=config["bowl_steps"] == paths.steps and all(
            math.isclose(bowl[o, book], run.distance, rel_tol=1e-9, abs_tol=1e-12)
            for o, run in ((axis.index(r.key), r) for r in paths.runs)
        ),
        rows=rows,
        bowl=columns["bowl"],
        mnist=columns["mnist"],
        bowl_book=columns["bowl"][book],
        mnist_book=columns["mnist"][book],
        bowl_tuned=tuned(bowl_score, config["bowl_lrs"]),
        mnist_tuned=tuned(mnist_rank, config["mnist_lrs"]),
        mnist_runner_up=tuned(mnist_rank, config["mnist_lrs"], place=1),
        mnist_tuned_wins=tally(tuned_winner(m, "mnist"), axis),
        mnist_book_is_compares=int(mnist_best[book]) == axis.index(compare.lowest.key),
        diverged=diverged,
    )


def facts(inputs: SiteInputs) -> OptimizersFacts:
    paths = paths_facts(require(inputs, "optimizer-paths"))
    mnist = mnist_facts(require(inputs, "optimizer-compare"))
    ranking = ranking_facts(require(inputs, "optimizer-ranking"), mnist, paths)
    return OptimizersFacts(paths=paths, mnist=mnist, ranking=ranking)
