"""Facts of the initialization page: equal starts, activation histograms and MNIST training from
three weight scales (article §1, book 6.2).

Quoted means are over seeds; where the page says how many hidden units stay distinct, the count is
the one least favourable to what the sentence says (the most distinct units of an equal start, the
fewest of the random start).
"""

from dataclasses import dataclass

import numpy as np

from generator.experiments.activation_histograms import of as setting_metric
from generator.experiments.activation_histograms import per_layer_factor
from generator.experiments.init_compare import TAIL, mean_loss
from generator.site.facts import SiteInputs, Text, require

ACTIVATION_NAMES = {"sigmoid": Text("시그모이드", "sigmoid"), "tanh": Text("tanh", "tanh"), "relu": Text("ReLU", "ReLU")}


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
    equal_starts_exact: bool
    """True when both equal starts' units differ by exactly 0 at every checkpoint of every seed."""
    equal_starts_largest_spread: float
    """The largest spread between units either equal start reached, at any checkpoint and seed."""
    distinct_zero: int
    """Distinct hidden units at the end of the zero start: the most over seeds."""
    distinct_constant: int
    distinct_random: int
    """Distinct hidden units at the end of the random start: the fewest over seeds."""
    acc_zero: float
    """Final test accuracy of each start, mean over seeds."""
    acc_constant: float
    acc_random: float


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
    large_std: float
    small_std: float
    relu_max: float
    sigmoid_xavier: Spread
    tanh_xavier: Spread
    tanh_small: Spread
    relu_small: Spread
    relu_xavier: Spread
    relu_he: Spread
    tanh_large_saturated: float
    """Share of tanh activations within the margin of ±1 with std-1 weights, mean over layers."""
    relu_zero_lowest: float
    """The smallest and largest share of exact zeros over the ReLU settings and layers."""
    relu_zero_highest: float
    relu_xavier_per_layer: float
    """The factor by which ReLU with Xavier shrinks the spread per layer (geometric mean over layers)."""
    relu_he_outside: float
    """Share of He's ReLU activations beyond the histograms' right edge, over all layers."""


@dataclass(frozen=True)
class InitRun:
    """One initialisation's MNIST training."""

    key: str
    label: Text
    final_loss: float
    """Mean loss over the last ``tail`` iterations, mean over seeds."""
    test_acc: float


@dataclass(frozen=True)
class Compare:
    """The MNIST network trained from std 0.01, Xavier and He."""

    hidden_layers: int
    hidden_units: int
    lr: float
    batch_size: int
    iterations: int
    small_std: float
    seeds: int
    dataset: str
    tail: int
    """Iterations the final losses average: the claims' window, or all of a shorter run."""
    small: InitRun
    xavier: InitRun
    he: InitRun
    he_ahead_at_end: bool
    """He ends with both a lower loss and a higher test accuracy than Xavier."""
    he_margin: float
    """How far He's loss over the whole run lies from the better of the other two (|claim value|)."""


@dataclass(frozen=True)
class InitializationFacts:
    symmetry: Symmetry
    activations: Activations
    compare: Compare


def symmetry_facts(result) -> Symmetry:
    m, config, starts = result.metrics, result.config, result.axes["start"]
    zero, constant, random = (starts.index(v) for v in ("zero", "constant", "random"))
    equal = np.asarray(m["unit_spread_trace"], dtype=np.float64)[:, [zero, constant]]
    distinct = np.asarray(m["distinct_units"])  # (S, V)
    accuracy = np.asarray(m["test_acc"], dtype=np.float64).mean(axis=0)  # (V,)
    return Symmetry(
        hidden_size=config["hidden_size"],
        activation=ACTIVATION_NAMES[config["activation"]],
        lr=config["lr"],
        batch_size=config["batch_size"],
        iterations=config["iterations"],
        constant=config["constant"],
        random_std=config["random_std"],
        seeds=len(result.seeds),
        equal_starts_exact=bool((equal == 0).all()),
        equal_starts_largest_spread=float(equal.max()),
        distinct_zero=int(distinct[:, zero].max()),
        distinct_constant=int(distinct[:, constant].max()),
        distinct_random=int(distinct[:, random].min()),
        acc_zero=float(accuracy[zero]),
        acc_constant=float(accuracy[constant]),
        acc_random=float(accuracy[random]),
    )


def activation_facts(result) -> Activations:
    m, config = result.metrics, result.config
    settings = result.axes["setting"].values

    def mean(name, setting):
        """A setting's statistic per layer, mean over seeds (L,)."""
        return np.asarray(setting_metric(m, name, setting), dtype=np.float64).mean(axis=0)

    def spread(setting):
        std = mean("std", setting)
        return Spread(float(std[0]), float(std[-1]))

    relu = [s for s in settings if s.startswith("relu-")]
    zeros = np.stack([mean("zero_frac", s) for s in relu])  # (relu settings, L)
    per_layer = config["n_samples"] * config["n_units"]
    he_counts = np.asarray(setting_metric(m, "hist_counts", "relu-he"), dtype=np.float64)  # (S, L, bins)
    return Activations(
        n_samples=config["n_samples"],
        n_units=config["n_units"],
        n_layers=config["n_layers"],
        per_layer=per_layer,
        bins=config["bins"],
        seeds=len(result.seeds),
        large_std=config["large_std"],
        small_std=config["small_std"],
        relu_max=config["relu_max"],
        sigmoid_xavier=spread("sigmoid-xavier"),
        tanh_xavier=spread("tanh-xavier"),
        tanh_small=spread("tanh-small"),
        relu_small=spread("relu-small"),
        relu_xavier=spread("relu-xavier"),
        relu_he=spread("relu-he"),
        tanh_large_saturated=float(mean("saturated_frac", "tanh-large").mean()),
        relu_zero_lowest=float(zeros.min()),
        relu_zero_highest=float(zeros.max()),
        relu_xavier_per_layer=float(np.mean(per_layer_factor(m, "relu-xavier"))),
        relu_he_outside=float(1 - he_counts.sum(axis=-1).mean() / per_layer),
    )


def compare_facts(result) -> Compare:
    m, config, inits = result.metrics, result.config, result.axes["init"]
    tail = min(TAIL, config["iterations"])
    accuracy = np.asarray(m["test_acc"], dtype=np.float64).mean(axis=0)  # (I,)

    def run(key):
        label = Text(inits.label(key, "ko"), inits.label(key, "en"))
        return InitRun(key, label, float(mean_loss(m, key, tail).mean()), float(accuracy[inits.index(key)]))

    small, xavier, he = run("std=0.01"), run("Xavier"), run("He")
    lead = np.minimum(mean_loss(m, "std=0.01"), mean_loss(m, "Xavier")) - mean_loss(m, "He")  # (S,): the claim's statistic
    return Compare(
        hidden_layers=len(config["hidden_sizes"]),
        hidden_units=config["hidden_sizes"][0],
        lr=config["lr"],
        batch_size=config["batch_size"],
        iterations=config["iterations"],
        small_std=config["small_std"],
        seeds=len(result.seeds),
        dataset=result.dataset.name,
        tail=tail,
        small=small,
        xavier=xavier,
        he=he,
        he_ahead_at_end=bool(he.final_loss < xavier.final_loss and he.test_acc > xavier.test_acc),
        he_margin=float(abs(np.nanmean(lead))),
    )


def facts(inputs: SiteInputs) -> InitializationFacts:
    return InitializationFacts(
        symmetry=symmetry_facts(require(inputs, "init-symmetry")),
        activations=activation_facts(require(inputs, "activation-histograms")),
        compare=compare_facts(require(inputs, "init-compare")),
    )
