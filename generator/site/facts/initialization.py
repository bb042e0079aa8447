"""Facts of the initialization page: equal starts, activation histograms and MNIST training from
three weight scales (article §1, book 6.2).

Quoted means are over seeds; where the page says how many hidden units stay distinct, the count is
the one least favourable to what the sentence says (the most distinct units of an equal start, the
fewest of the random start).
"""

import math
from dataclasses import dataclass

import numpy as np

from generator.experiments import optimizer_compare
from generator.experiments.activation_histograms import RELU_HALF, per_layer_factor
from generator.experiments.activation_histograms import of as setting_metric
from generator.experiments.activation_histograms.config import CENTRE_MARGIN, SATURATION_MARGIN, SETTINGS, activation_of
from generator.experiments.init_compare import TAIL, mean_loss
from generator.experiments.init_compare.config import INITS
from generator.experiments.init_symmetry.config import VARIANTS
from generator.site.facts import Network, SiteInputs, Text, network, require, settings

ACTIVATION_NAMES = {"sigmoid": Text("시그모이드", "sigmoid"), "tanh": Text("tanh", "tanh"), "relu": Text("ReLU", "ReLU")}
SYMMETRY_TAIL = 50
"""Updates at the end of the symmetry run whose mean loss the page quotes: one smooths the batch noise."""
CHANCE = 0.1
"""The accuracy of a guess among ten digits."""
NEAR_CHANCE = 2 * CHANCE
"""Below this test accuracy the page says a network stayed near a guess."""
STUCK = 0.1
"""A loss within this of ln 10 is said to have stayed at its start (ln 10 ≈ 2.30, a guess's loss)."""
EARLY_SHARE = 0.1
"""The first tenth of the MNIST run, whose mean loss tells a fast start from a slow one."""


def epochs(iterations: int, batch_size: int, n_train: int | None) -> float | None:
    """How many passes over a pool of ``n_train`` images ``iterations`` mini-batches of ``batch_size`` make."""
    return iterations * batch_size / n_train if n_train else None


@dataclass(frozen=True)
class Symmetry:
    """The two-layer network trained from all-zero, all-constant and random weights."""

    hidden_size: int
    activation: Text
    lr: float
    batch_size: int
    iterations: int
    constant: float
    random_std: float
    seeds: int
    stack: int
    """Networks trained together as one stack: every start of every seed."""
    n_train: int | None
    """Images in the training pool the mini-batches are drawn from."""
    epochs: float | None
    """Passes over that pool the run makes."""
    equal_starts_exact: bool
    """True when both equal starts' units differ by exactly 0 at every checkpoint of every seed."""
    equal_starts_largest_spread: float
    """The largest spread between units either equal start reached, at any checkpoint and seed."""
    distinct_zero: int
    """Distinct hidden units at the end of the zero start: the most over seeds."""
    distinct_constant: int
    distinct_random: int
    """Distinct hidden units at the end of the random start: the fewest over seeds."""
    random_all_distinct: bool
    """Every hidden unit of the random start is distinct from the others, in every seed."""
    acc_zero: float
    """Final test accuracy of each start, mean over seeds."""
    acc_constant: float
    acc_random: float
    equal_near_chance: bool
    """Both equal starts end below ``NEAR_CHANCE`` test accuracy."""
    tail: int
    """Updates the final losses average: ``SYMMETRY_TAIL``, or all of a shorter run."""
    loss_zero: float
    """Mean training loss of each start over its last ``tail`` updates, mean over seeds."""
    loss_constant: float
    loss_random: float
    initial_loss: float
    """ln 10: the loss of a network that gives all ten digits the same probability."""
    equal_losses_stay: bool
    """Both equal starts' final losses are within ``STUCK`` of ln 10."""


@dataclass(frozen=True)
class Spread:
    """The std of one setting's activations in the first and the last layer, mean over seeds."""

    first: float
    last: float


@dataclass(frozen=True)
class Activations:
    """The forward passes of the histogram experiment."""

    n_samples: int
    n_units: int
    n_layers: int
    per_layer: int
    """Activations in one layer's histogram: samples times units."""
    bins: int
    seeds: int
    stack: int
    """Networks one stack computes: the settings of one activation times the seeds."""
    large_std: float
    small_std: float
    xavier_std: float
    """1/√n and √(2/n) for n = n_units: the std of Xavier's and He's weights in this experiment."""
    he_std: float
    relu_max: float
    saturation_margin: float
    """Saturated: within this of a bound (sigmoid 0 and 1, tanh ±1)."""
    centre_margin: float
    """Near the centre: within this of the bounds' midpoint (sigmoid 0.5)."""
    sigmoid_small: Spread
    sigmoid_xavier: Spread
    tanh_xavier: Spread
    tanh_small: Spread
    relu_small: Spread
    relu_xavier: Spread
    relu_he: Spread
    sigmoid_xavier_saturated: float
    """Share of sigmoid activations within the margin of 0 or 1 with Xavier's weights, mean over layers and seeds."""
    tanh_large_saturated: float
    """Share of tanh activations within the margin of ±1 with std-1 weights, mean over layers."""
    relu_zero_lowest: float
    """The smallest and largest share of exact zeros over the ReLU settings and layers."""
    relu_zero_highest: float
    relu_xavier_per_layer: float
    """The factor by which ReLU with Xavier shrinks the spread per layer (geometric mean over layers)."""
    relu_half: float
    """1/√2: the factor losing half of a zero-centred signal predicts."""
    relu_he_outside: float
    """Share of He's ReLU activations beyond the histograms' right edge, over all layers."""


@dataclass(frozen=True)
class InitRun:
    """One initialisation's MNIST training."""

    final_loss: float
    """Mean loss over the last ``tail`` iterations, mean over seeds."""
    early_loss: float
    """Mean loss over the first ``early`` iterations, mean over seeds."""
    test_acc: float


@dataclass(frozen=True)
class Twin:
    """The same training on another page: the optimizers page's SGD network is He-initialised with
    the same layers, learning rate, batch size and updates; only its random draws differ."""

    final_loss: float
    """Its mean loss over the last ``Compare.tail`` iterations and its test accuracy, mean over seeds."""
    test_acc: float


@dataclass(frozen=True)
class Compare(Network):
    """The MNIST network trained from std 0.01, Xavier and He."""

    iterations: int
    small_std: float
    seeds: int
    stack: int
    """Networks trained together as one stack: every initialisation of every seed."""
    n_train: int | None
    epochs: float | None
    """Passes over the training pool the run makes."""
    tail: int
    """Iterations the final losses average: the claims' window, or all of a shorter run."""
    early: int
    """Iterations the early losses average: the first tenth of the run."""
    initial_loss: float
    """ln 10, where every network's loss starts."""
    small: InitRun
    xavier: InitRun
    he: InitRun
    he_ahead_at_end: bool
    """He ends with both a lower loss and a higher test accuracy than Xavier."""
    he_margin: float
    """How far He's loss over the whole run lies from the better of the other two (|claim value|)."""
    he_ahead_early: bool
    """He's loss over the first ``early`` iterations is below Xavier's."""
    sgd_twin: Twin | None
    """The optimizers page's SGD run when it is this page's He run in all but its random draws; None
    when that result is missing or its setting differs."""


@dataclass(frozen=True)
class InitializationFacts:
    symmetry: Symmetry
    activations: Activations
    compare: Compare


def symmetry_facts(result) -> Symmetry:
    m, config = result.metrics, settings(result)
    zero, constant, random = (VARIANTS.index(v) for v in ("zero", "constant", "random"))
    equal = np.asarray(m["unit_spread_trace"], dtype=np.float64)[:, [zero, constant]]
    distinct = np.asarray(m["distinct_units"])  # (S, V)
    accuracy = np.asarray(m["test_acc"], dtype=np.float64).mean(axis=0)  # (V,)
    loss = np.asarray(m["train_loss"], dtype=np.float64)  # (S, V, iterations)
    tail = min(SYMMETRY_TAIL, loss.shape[-1])
    final = loss[:, :, -tail:].mean(axis=(0, 2))  # (V,)
    n_train = result.dataset.n_train if result.dataset else None
    return Symmetry(
        hidden_size=config.hidden_size,
        activation=ACTIVATION_NAMES[config.activation],
        lr=config.lr,
        batch_size=config.batch_size,
        iterations=config.iterations,
        constant=config.constant,
        random_std=config.random_std,
        seeds=len(result.seeds),
        stack=len(result.seeds) * len(VARIANTS),
        n_train=n_train,
        epochs=epochs(config.iterations, config.batch_size, n_train),
        equal_starts_exact=bool((equal == 0).all()),
        equal_starts_largest_spread=float(equal.max()),
        distinct_zero=int(distinct[:, zero].max()),
        distinct_constant=int(distinct[:, constant].max()),
        distinct_random=int(distinct[:, random].min()),
        random_all_distinct=bool(distinct[:, random].min() == config.hidden_size),
        acc_zero=float(accuracy[zero]),
        acc_constant=float(accuracy[constant]),
        acc_random=float(accuracy[random]),
        equal_near_chance=bool(max(accuracy[zero], accuracy[constant]) < NEAR_CHANCE),
        tail=tail,
        loss_zero=float(final[zero]),
        loss_constant=float(final[constant]),
        loss_random=float(final[random]),
        initial_loss=math.log(10),
        equal_losses_stay=bool(min(final[zero], final[constant]) > math.log(10) - STUCK),
    )


def activation_facts(result) -> Activations:
    m, config = result.metrics, settings(result)
    settings_run = result.axes["setting"].values

    def mean(name, setting):
        """A setting's statistic per layer, mean over seeds (L,)."""
        return np.asarray(setting_metric(m, name, setting), dtype=np.float64).mean(axis=0)

    def spread(setting):
        std = mean("std", setting)
        return Spread(float(std[0]), float(std[-1]))

    relu = [s for s in settings_run if activation_of(s) == "relu"]
    zeros = np.stack([mean("zero_frac", s) for s in relu])  # (relu settings, L)
    per_layer = config.n_samples * config.n_units
    he_counts = np.asarray(setting_metric(m, "hist_counts", "relu-he"), dtype=np.float64)  # (S, L, bins)
    per_activation = sum(activation_of(s) == "relu" for s in SETTINGS)  # settings that share a stack
    return Activations(
        n_samples=config.n_samples,
        n_units=config.n_units,
        n_layers=config.n_layers,
        per_layer=per_layer,
        bins=config.bins,
        seeds=len(result.seeds),
        stack=per_activation * len(result.seeds),
        large_std=config.large_std,
        small_std=config.small_std,
        xavier_std=1 / math.sqrt(config.n_units),
        he_std=math.sqrt(2 / config.n_units),
        relu_max=config.relu_max,
        saturation_margin=SATURATION_MARGIN,
        centre_margin=CENTRE_MARGIN,
        sigmoid_small=spread("sigmoid-small"),
        sigmoid_xavier=spread("sigmoid-xavier"),
        tanh_xavier=spread("tanh-xavier"),
        tanh_small=spread("tanh-small"),
        relu_small=spread("relu-small"),
        relu_xavier=spread("relu-xavier"),
        relu_he=spread("relu-he"),
        sigmoid_xavier_saturated=float(mean("saturated_frac", "sigmoid-xavier").mean()),
        tanh_large_saturated=float(mean("saturated_frac", "tanh-large").mean()),
        relu_zero_lowest=float(zeros.min()),
        relu_zero_highest=float(zeros.max()),
        relu_xavier_per_layer=float(np.mean(per_layer_factor(m, "relu-xavier"))),
        relu_half=RELU_HALF,
        relu_he_outside=float(1 - he_counts.sum(axis=-1).mean() / per_layer),
    )


def sgd_twin(result, config, tail: int) -> Twin | None:
    """The optimizers page's SGD run, if it trained this page's He network the same way."""
    if result is None:
        return None
    other = settings(result)
    same = (
        tuple(other.hidden_sizes) == tuple(config.hidden_sizes)
        and (other.batch_size, other.iterations, other.lr_sgd, other.precision)
        == (config.batch_size, config.iterations, config.lr, config.precision)
    )
    if not same:
        return None
    sgd = optimizer_compare.OPTIMIZERS.index("SGD")
    loss = np.asarray(optimizer_compare.tail_loss(result.metrics, "SGD", tail), dtype=np.float64)  # (S,)
    accuracy = np.asarray(result.metrics["test_acc"], dtype=np.float64)[:, sgd]  # (S,)
    return Twin(float(np.nanmean(loss)), float(np.nanmean(accuracy)))  # as that page averages: seeds that did not diverge


def compare_facts(result, optimizers=None) -> Compare:
    m, config, inits = result.metrics, settings(result), result.axes["init"]
    tail = min(TAIL, config.iterations)
    early = max(1, int(config.iterations * EARLY_SHARE))
    accuracy = np.asarray(m["test_acc"], dtype=np.float64).mean(axis=0)  # (I,)
    loss = np.asarray(m["loss"], dtype=np.float64)  # (S, I, iterations)

    def run(key):
        start = float(loss[:, inits.index(key), :early].mean())
        return InitRun(float(mean_loss(m, key, tail).mean()), start, float(accuracy[inits.index(key)]))

    small, xavier, he = run("std=0.01"), run("Xavier"), run("He")
    lead = np.minimum(mean_loss(m, "std=0.01"), mean_loss(m, "Xavier")) - mean_loss(m, "He")  # (S,): the claim's statistic
    n_train = result.dataset.n_train if result.dataset else None
    return Compare(
        **network(result),
        iterations=config.iterations,
        small_std=config.small_std,
        seeds=len(result.seeds),
        stack=len(result.seeds) * len(INITS),
        n_train=n_train,
        epochs=epochs(config.iterations, config.batch_size, n_train),
        tail=tail,
        early=early,
        initial_loss=math.log(10),
        small=small,
        xavier=xavier,
        he=he,
        he_ahead_at_end=bool(he.final_loss < xavier.final_loss and he.test_acc > xavier.test_acc),
        he_margin=float(abs(np.nanmean(lead))),
        he_ahead_early=bool(he.early_loss < xavier.early_loss),
        sgd_twin=sgd_twin(optimizers, config, tail),
    )


def facts(inputs: SiteInputs) -> InitializationFacts:
    return InitializationFacts(
        symmetry=symmetry_facts(require(inputs, "init-symmetry")),
        activations=activation_facts(require(inputs, "activation-histograms")),
        compare=compare_facts(require(inputs, "init-compare"), inputs.results.get("optimizer-compare")),
    )
