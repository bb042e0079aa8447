"""Facts of the regularization page: overfitting, weight decay and dropout (article §3)."""

from dataclasses import dataclass

import numpy as np

from generator.experiments.overfitting import (
    VARIANTS,
    column,
    ensembles_of,
    final,
    last_epoch,
    mc_accuracy,
    member_accuracy,
    scaled_accuracy,
    smallest,
    weight_norm_at_end,
)
from generator import glossary
from generator.pages import page as site_page
from generator.results import Result
from generator.site.facts import Network, Run, SiteInputs, Text, network, require, settings

WINDOW = 10
"""Evaluations averaged for the quoted accuracies: the claims' own statistic (``overfitting.final``)."""


@dataclass(frozen=True)
class Change:
    """How far a test accuracy moved against the run without regularization, told in words."""

    size: float
    """The absolute difference of the two accuracies, as a fraction."""
    lower: bool
    """True when the test accuracy came out lower than without regularization."""


def change(after: float, before: float) -> Change:
    return Change(abs(after - before), after < before)


@dataclass(frozen=True)
class Reference:
    """The 300-image setting as this page's run measures it: the numbers other pages that train the
    same setting (the batch-norm page, the dropout-ratio sweep) compare theirs with.

    Read it from the overfitting result with ``reference(result)``.
    """

    n_train: int
    epochs: int
    """Epochs of the run without regularization (the book's 201)."""
    window_start: int
    """The first of the last ``WINDOW`` epochs the accuracies average (192); the last is ``epochs``."""
    train: float
    """The run without regularization: training and test accuracy over that window, mean over seeds."""
    test: float
    gap: float
    test_lowest: float
    """The lowest and highest seed's test accuracy over that window."""
    test_highest: float
    dropout_ratio: float
    dropout_epochs: int
    """Epochs of the book-style dropout run (the book's 301)."""
    dropout_test: float
    """The dropout run's test accuracy over the same window (192-201), where the other pages stop near, mean over seeds."""
    dropout_test_lowest: float
    dropout_test_highest: float


def reference(result: Result) -> Reference:
    """The reference numbers of the 300-image setting, from the overfitting experiment's result."""
    m, config = result.metrics, settings(result)
    e = last_epoch(m, "baseline")
    window = min(WINDOW, e + 1)
    test = final(m, "test_acc", "baseline", window)  # (S,)
    train = final(m, "train_acc", "baseline", window)
    dropout = np.asarray(m["test_acc"], dtype=np.float64)[:, column(m, "dropout"), e + 1 - window : e + 1].mean(axis=-1)  # (S,)
    return Reference(
        n_train=config.n_train,
        epochs=e,
        window_start=e + 1 - window,
        train=float(train.mean()),
        test=float(test.mean()),
        gap=float((train - test).mean()),
        test_lowest=float(np.nanmin(test)),
        test_highest=float(np.nanmax(test)),
        dropout_ratio=config.dropout_ratio,
        dropout_epochs=last_epoch(m, "dropout"),
        dropout_test=float(np.nanmean(dropout)),
        dropout_test_lowest=float(np.nanmin(dropout)),
        dropout_test_highest=float(np.nanmax(dropout)),
    )


@dataclass(frozen=True)
class SameSetting:
    """Another page whose experiment trains the 300-image setting, and how its run differs."""

    slug: str
    anchor: str
    title: Text
    epochs: int


SAME_SETTING = (("batchnorm-overfitting", "batch-norm", "bn-overfitting"), ("dropout-ratio", "hyperparameters", "dropout-ratio"))
"""The experiments that train this page's setting again: (experiment, its page, the heading showing it)."""


@dataclass(frozen=True)
class SizeRun:
    """A network of ``layers`` hidden layers trained on the same images (the deepest is the baseline)."""

    layers: int
    parameters: int
    """Weights and biases: Σ (inputs + 1) · outputs over its layers."""
    train: float
    test: float
    gap: float


@dataclass(frozen=True)
class MaskAverage:
    """Test accuracy of the dropout network averaged over ``masks`` random masks, mean over seeds."""

    masks: int
    test: float


@dataclass(frozen=True)
class RegularizationFacts(Network):
    n_train: int
    epochs: int
    """Epochs of the runs without dropout (the book's 201)."""
    dropout_epochs: int
    """Epochs of the dropout runs (the book's 301)."""
    weight_decay: float
    dropout_ratio: float
    dropout_kept: float
    """1 - dropout ratio: the fraction of units kept, and the test-time factor."""
    seeds: int
    window: int
    """How many final evaluations the quoted accuracies average."""
    window_start: int
    """The first epoch of that window for the runs without dropout (192 of 201) and with it (292 of 301)."""
    dropout_window_start: int
    extra_dropout_epochs: int
    """How many more epochs the dropout runs train (the book's 100)."""
    baseline: Run
    weight_decay_run: Run
    dropout_run: Run
    inverted_run: Run
    first_perfect_epoch: int | None
    """The first epoch at which every seed's baseline classifies all training images correctly."""
    weight_decay_test: Change
    """Test accuracy with weight decay and with dropout against without: how far, and which way."""
    dropout_test: Change
    smallest_test: Change
    weight_decay_gap: Change
    """The gap between training and test accuracy against the baseline's (``lower``: narrower)."""
    dropout_gap: Change
    narrower_but_lower: bool
    """Both regularizers narrowed the gap, and both lowered test accuracy: the page's main lesson."""
    """The smallest network's test accuracy against the baseline's."""
    reference: Reference
    same_setting: tuple[SameSetting, ...]
    """The other pages that train this setting, those whose results are present."""
    same_setting_epochs: int | None
    """Their epochs when all of them train as many (None when they differ or there are none)."""
    dropout_train_lowest: float
    """The lowest and highest final training accuracy of the dropout run over seeds."""
    dropout_train_highest: float
    dropout_test_at_epochs: float
    """The dropout run's test accuracy over the same last epochs as the runs without dropout (192-201)."""
    dropout_test_rise: float
    """How much the dropout run's test accuracy rose in its extra epochs: final minus the value above."""
    fewer_layers: tuple[int, ...]
    """Hidden layers of the networks set beside the baseline."""
    sizes: tuple[SizeRun, ...]
    """The networks of fewer hidden layers, then the baseline, fewest first."""
    smallest: SizeRun
    baseline_norm_start: float
    """Σ‖W‖² of the baseline before training and after its last epoch, and of weight decay after its last, mean over seeds."""
    baseline_norm_end: float
    weight_decay_norm_end: float
    baseline_norm_growth: float
    """How much Σ‖W‖² of the baseline grew over training, as a fraction of its start (0.02: 2% larger)."""
    inverted_vs_book: Change
    """Inverted dropout's test accuracy against the book's form."""
    dropout_test_spread: float
    """Max - min over seeds of the book-style dropout run's final test accuracy."""
    inverted_init_factor: float
    """1 / (1 - r): at one learning rate, inverted dropout is the book's network with the weights after each dropout layer this much larger at the start ..."""
    inverted_step_factor: float
    """... and their steps 1 / (1 - r)² as large."""
    test_images: int
    ensemble_size: int
    """Seeds whose baseline networks the ensemble averages."""
    ensemble_test: float
    member_test: float
    """Mean, best and worst test accuracy of the ensemble's members alone (from the same stored probabilities)."""
    member_best: float
    member_worst: float
    mc: tuple[MaskAverage, ...]
    scaled_test: float
    """The final dropout networks' test accuracy with the book's test-time scaling, mean over seeds."""
    scaled_vs_masks: Change
    """That scaled pass against the average over the most masks."""
    inverted_test: Change
    """Inverted dropout's test accuracy against the run without regularization."""

    @property
    def runs(self) -> tuple[Run, ...]:
        return (self.baseline, self.weight_decay_run, self.dropout_run)

    @property
    def mc_one(self) -> MaskAverage:
        return self.mc[0]

    @property
    def mc_most(self) -> MaskAverage:
        return self.mc[-1]

    @property
    def weight_matrices(self) -> int:
        """Hidden layers + 1: all but the first receive a dropout layer's output."""
        return self.hidden_layers + 1


def run_label(key: str, config) -> Text:
    """A run's name in the page's tables. The run without a regularizer is "억제 기법 없음": in Korean
    "정규화" names batch normalization only, so regularization is told as holding back overfitting."""
    if key == "baseline":
        return Text("억제 기법 없음", "no regularization")
    if key == "weight-decay":
        return Text(*(f"{glossary.term(key, lang)} (λ = {config['weight_decay']:g})" for lang in ("ko", "en")))
    return Text(f"{glossary.term(key, 'ko')} (비율 {config['dropout_ratio']:g})", f"{glossary.term(key, 'en')} (ratio {config['dropout_ratio']:g})")


def same_setting(inputs: SiteInputs) -> tuple[SameSetting, ...]:
    found = []
    for experiment, slug, anchor in SAME_SETTING:
        result = inputs.results.get(experiment)
        if result is not None:
            p = site_page(slug)
            found.append(SameSetting(slug, anchor, Text(p.title_ko, p.title_en), settings(result).epochs))
    return tuple(found)


def facts(inputs: SiteInputs) -> RegularizationFacts:
    result = require(inputs, "overfitting")
    m, config, axis = result.metrics, result.config, result.axes["variant"]
    window = min(WINDOW, last_epoch(m, "baseline") + 1)

    def run(key: str) -> Run:
        train = float(final(m, "train_acc", key, window).mean())
        test = float(final(m, "test_acc", key, window).mean())
        label = run_label(key, config) if key in VARIANTS else Text(axis.label(key, "ko"), axis.label(key, "en"))
        return Run(key, label, train, test, train - test)

    def size(key: str) -> SizeRun:
        r, layers = run(key), int(np.asarray(m["hidden_layers"])[0, column(m, key)])
        widths = [784, *config["hidden_sizes"][:layers], 10]
        parameters = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
        return SizeRun(layers, parameters, r.train, r.test, r.gap)

    baseline, weight_decay, dropout, inverted = (run(k) for k in ("baseline", "weight-decay", "dropout", "inverted-dropout"))
    every_seed_perfect = (m["train_acc"][:, axis.index("baseline"), : last_epoch(m, "baseline") + 1] >= 1).all(axis=0)  # (epochs + 1,)
    perfect = np.flatnonzero(every_seed_perfect)
    dropout_train = final(m, "train_acc", "dropout", window)  # (S,)
    dropout_test = final(m, "test_acc", "dropout", window)
    e = last_epoch(m, "baseline")
    at_epochs = float(np.asarray(m["test_acc"], dtype=np.float64)[:, column(m, "dropout"), e + 1 - window : e + 1].mean())
    sizes = tuple(sorted((size(k) for k in axis.values if k == "baseline" or k.startswith("layers-")), key=lambda s: s.layers))
    alive = np.asarray(m["diverged_at"])[:, column(m, "baseline")] < 0
    members = member_accuracy(m)[alive]
    everyone = ensembles_of(m, int(alive.sum()))
    kept = 1 - config["dropout_ratio"]
    norm_start = float(np.asarray(m["weight_norm"], dtype=np.float64)[:, column(m, "baseline"), 0].mean())
    others = same_setting(inputs)
    other_epochs = {o.epochs for o in others}
    return RegularizationFacts(
        **network(result),
        n_train=config["n_train"],
        epochs=last_epoch(m, "baseline"),
        dropout_epochs=last_epoch(m, "dropout"),
        weight_decay=config["weight_decay"],
        dropout_ratio=config["dropout_ratio"],
        dropout_kept=kept,
        seeds=len(result.seeds),
        window=window,
        window_start=e + 1 - window,
        dropout_window_start=last_epoch(m, "dropout") + 1 - window,
        extra_dropout_epochs=last_epoch(m, "dropout") - e,
        baseline=baseline,
        weight_decay_run=weight_decay,
        dropout_run=dropout,
        inverted_run=inverted,
        first_perfect_epoch=int(perfect[0]) if perfect.size else None,
        weight_decay_test=change(weight_decay.test, baseline.test),
        dropout_test=change(dropout.test, baseline.test),
        smallest_test=change(size(smallest(m)).test, baseline.test),
        weight_decay_gap=change(weight_decay.gap, baseline.gap),
        dropout_gap=change(dropout.gap, baseline.gap),
        narrower_but_lower=all(r.gap < baseline.gap and r.test < baseline.test for r in (weight_decay, dropout)),
        reference=reference(result),
        same_setting=others,
        same_setting_epochs=other_epochs.pop() if len(other_epochs) == 1 else None,
        dropout_train_lowest=float(np.nanmin(dropout_train)),
        dropout_train_highest=float(np.nanmax(dropout_train)),
        dropout_test_at_epochs=at_epochs,
        dropout_test_rise=dropout.test - at_epochs,
        fewer_layers=tuple(s.layers for s in sizes[:-1]),
        sizes=sizes,
        smallest=size(smallest(m)),
        baseline_norm_start=norm_start,
        baseline_norm_end=float(weight_norm_at_end(m, "baseline").mean()),
        weight_decay_norm_end=float(weight_norm_at_end(m, "weight-decay").mean()),
        baseline_norm_growth=float(weight_norm_at_end(m, "baseline").mean() / norm_start - 1),
        inverted_vs_book=change(inverted.test, dropout.test),
        dropout_test_spread=float(np.nanmax(dropout_test) - np.nanmin(dropout_test)),
        inverted_init_factor=1 / kept,
        inverted_step_factor=1 / kept**2,
        test_images=int(np.asarray(m["test_labels"]).shape[1]),
        ensemble_size=int(alive.sum()),
        ensemble_test=everyone[0][1] if everyone else float("nan"),
        member_test=float(members.mean()),
        member_best=float(members.max()),
        member_worst=float(members.min()),
        mc=tuple(MaskAverage(int(k), float(a)) for k, a in zip(result.axes["masks"].values, np.nanmean(mc_accuracy(m), axis=0))),
        scaled_test=float(np.nanmean(scaled_accuracy(m))),
        scaled_vs_masks=change(float(np.nanmean(scaled_accuracy(m))), float(np.nanmean(mc_accuracy(m), axis=0)[-1])),
        inverted_test=change(inverted.test, baseline.test),
    )
