"""Facts of the batch-norm page: the weight-scale sweep, batch norm against overfitting, and the
gradient check (article §2; book 6.3).

The sweep's final training accuracies are means over seeds at each scale; a scale where a seed
diverged is reported as diverged, never averaged in (its accuracy is NaN). The overfitting runs'
accuracies are the claims' own statistic, the mean of the last evaluations, then over seeds. The
gradient check's numbers are the worst case over seeds where the page says "at most" and means
where it says so.

The overfitting runs repeat the regularization page's setting (experiment ``overfitting``) but are
trained apart from it, so the two pages quote different numbers for "the same" network; ``SameSetting``
puts them side by side so that the page can say by how much and why.
"""

import math
from dataclasses import dataclass

import numpy as np

from generator.experiments.batchnorm_gradcheck import (
    AGREE,
    bias_before_norm,
    biases_before_norm,
    overall_nonzero,
    worst_error,
)
from generator.experiments.batchnorm_overfitting import WINDOW, final
from generator.experiments.batchnorm_sweep import (
    CHANCE_LIKE,
    EARLY_EPOCH,
    WIDE_SCALE_MIN,
    share_higher_with_batch_norm,
    share_not_learning,
    spread_over_wide_scales,
)
from generator.experiments.overfitting import column as overfitting_column
from generator.experiments.overfitting import final as overfitting_final
from generator.experiments.overfitting import last_epoch as overfitting_last_epoch
from generator.site.facts import Network, Run, SiteInputs, Text, network, require
from generator.site.facts.regularization import WINDOW as REGULARIZATION_WINDOW



@dataclass(frozen=True)
class Span:
    """A range of whole numbers, written "3" when it is one number and "3–4" otherwise."""

    first: int
    last: int

    @property
    def single(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class Diverged:
    """The networks without batch norm at one scale that overflowed."""

    scale: str
    """The weight std as the figures label it ("0.54")."""
    seeds: int
    """How many seeds diverged."""
    every_seed: bool
    updates: Span
    """The 1-based update at which the loss first overflowed, over the diverged seeds."""
    epochs: Span
    """The epoch those updates fall in."""

    @property
    def in_first_epoch(self) -> bool:
        """True when every one of those updates falls in the first epoch."""
        return self.epochs.last == 1


@dataclass(frozen=True)
class Count:
    """How many scales (of a sweep's 16) something holds at, from the fewest seed to the most:
    written "14" when every seed agrees and "13–14" otherwise."""

    low: int
    high: int

    @property
    def single(self) -> bool:
        return self.low == self.high


def _count(shares, scales: int) -> Count:
    """Shares of scales per seed (S,) as whole numbers of scales."""
    counts = np.rint(np.asarray(shares, dtype=np.float64) * scales).astype(int)
    return Count(int(counts.min()), int(counts.max()))


@dataclass(frozen=True)
class ScaleAccuracy:
    """A scale and a final training accuracy there (mean over seeds)."""

    scale: str
    accuracy: float
    before_last: bool = False
    """True for the second-to-last item of a list, where English writes "and"."""


@dataclass(frozen=True)
class SweepFacts(Network):
    n_train: int
    epochs: int
    n_scales: int
    log10_scale_max: int
    log10_scale_min: int
    seeds: int
    early_epoch: int
    """The epoch at which the "learns faster" claim compares the two."""
    chance_like: float
    """Final accuracy at or below which a network counts as not having learnt."""
    wide_scale_max: float
    wide_scale_min: float
    """The range of scales the "depends less on the initial values" claim looks at: from the
    largest scale down to its lower bound (``WIDE_SCALE_MIN``), as the claim states it."""
    he_std: float
    """sqrt(2 / n) for the hidden layers' n inputs: He initialization's std."""
    plain_diverged: tuple[Diverged, ...]
    """Scales where some network without batch norm diverged, largest scale first."""
    batch_norm_diverged: int
    """Networks with batch norm that diverged, over all scales and seeds."""
    plain_ahead: tuple[ScaleAccuracy, ...]
    """Scales where no plain network diverged and the plain mean is at least batch norm's."""
    plain_rest: int
    """The other scales: no divergence, and batch norm ahead."""
    plain_rest_lowest: float | None
    plain_rest_highest: float | None
    batch_norm_best: ScaleAccuracy | None
    batch_norm_worst: ScaleAccuracy | None
    batch_norm_at_largest: float
    batch_norm_at_smallest: float
    higher_final_scales: float
    """Scales (of n_scales) where batch norm ends ahead, averaged over seeds."""
    higher_final_same_every_seed: bool
    """True when every seed has the same count, so it can be written as a whole number."""
    spread_difference: float
    """Spread (max - min) of final accuracy over the wide scales with batch norm minus without."""
    spread_difference_size: float
    batch_norm_spread: float
    """That spread with batch norm, mean over seeds."""
    plain_spread: float
    """That spread without batch norm (a diverged network counts as 0), mean over seeds."""
    final_ahead: Count
    """Scales where batch norm ends ahead (the "higher final accuracy" claim's count)."""
    early_ahead: Count
    """Scales where batch norm is ahead at ``early_epoch`` (the "learns faster" claim's count)."""
    not_learning: Count
    """Scales where the network without batch norm ends at ``chance_like`` or below, or diverged."""


@dataclass(frozen=True)
class Change:
    """A difference of two accuracies or gaps (means over seeds), with its direction and size for the prose."""

    value: float
    size: float
    """abs(value)."""
    higher: bool
    """True when value > 0."""


def _change(value: float) -> Change:
    return Change(float(value), abs(float(value)), bool(value > 0))


@dataclass(frozen=True)
class Range:
    """The least and the greatest of one accuracy over seeds."""

    low: float
    high: float


@dataclass(frozen=True)
class SameSetting:
    """This page's overfitting runs beside the regularization page's runs of the same setting.

    Both train the book's 300-image network, but separately: here the four variants of a seed share
    one set of random streams (``member_streams(seed)``), there each run has its own
    (``member_streams(seed, variant)``), so the initial weights and the order of the mini-batches
    differ; and here every run trains 200 epochs, there 201 without dropout and 301 with it.
    """

    epochs: int
    """Epochs of the other page's runs without dropout (the book's 201)."""
    dropout_epochs: int
    """Epochs of its dropout run (the book's 301)."""
    window_first: int
    """First epoch of the window this page averages (191 of 200)."""
    other_window_first: int
    """First epoch of the window the other page averages for its run without dropout (192 of 201); it
    quotes its dropout run over the same epochs."""
    plain_test: float
    """The other page's test accuracy without regularization, mean of its window and seeds."""
    plain_gap: float
    plain_test_change: Change
    """This page's test accuracy without batch norm or dropout minus the other page's."""
    plain_range: Range
    """This page's run without either, over seeds."""
    plain_within_seeds: bool
    """True when the other page's mean lies within this page's seeds."""
    dropout_test: float
    """The other page's dropout test accuracy over its epochs ``other_window_first`` to ``epochs``."""
    dropout_test_change: Change
    dropout_range: Range
    dropout_within_seeds: bool


LATE = 50
"""The overfitting prose says whether a run was still learning: its test accuracy gain over its last 50 epochs."""
STILL_RISING = 0.02
"""A gain over those epochs above two points (twice the claims' noise) counts as still learning."""


@dataclass(frozen=True)
class OverfitFacts(Network):
    n_train: int
    epochs: int
    dropout_ratio: float
    eval_every: int
    seeds: int
    window: int
    """How many final evaluations (one per epoch) the quoted accuracies average."""
    plain: Run
    batch_norm: Run
    dropout: Run
    both: Run
    plain_perfect_epoch: int | None
    """The first measured epoch at which every seed's plain network classifies all training images correctly."""
    batch_norm_perfect_epoch: int | None
    batch_norm_memorises_sooner: bool
    """True when batch norm reaches that point at an earlier measured epoch than the plain network (or only it does)."""
    batch_norm_test: Change
    """Test accuracy with batch norm minus without."""
    batch_norm_gap: Change
    """The train-test gap with batch norm minus without (higher: wider)."""
    dropout_with_batch_norm: Change
    """Test accuracy of batch norm + dropout minus batch norm alone."""
    dropout_without_batch_norm: Change
    """Test accuracy of dropout minus neither."""
    batch_norm_with_dropout: Change
    """Test accuracy of batch norm + dropout minus dropout alone."""
    late_epoch: int
    """The measured epoch LATE epochs before the end (or 0), from which the late gain is counted."""
    dropout_late_gain: float
    """Test accuracy gained by the dropout run from ``late_epoch`` to the end (mean over seeds)."""
    dropout_still_learning: bool
    both_late_gain: float
    both_still_learning: bool
    best_test: Text
    """The run with the highest test accuracy."""
    best_test_is_plain: bool
    same_setting: SameSetting | None
    """The regularization page's runs of this setting beside these; None without its result."""

    @property
    def runs(self) -> tuple[Run, ...]:
        return (self.plain, self.batch_norm, self.dropout, self.both)


@dataclass(frozen=True)
class GradcheckFacts:
    hidden_sizes: tuple[int, ...]
    batch_size: int
    h: float
    h_small: float
    seeds: int
    entries: int
    entries_text: str
    """The number of parameter entries grouped by thousands as the page writes it: "90,010"."""
    agree_every_seed: bool
    """True when backpropagation and central differences agreed in every seed, over the entries whose step
    crosses no ReLU kink (the claim's statistic)."""
    worst_error: float
    """The largest relative error over seeds and parameters with a gradient, entries crossing no kink."""
    worst_error_small_step: float
    """The same with the smaller step ``h_small``."""
    small_step_worse: bool
    """True when the smaller step gives the larger worst error: float64 roundoff, growing as 1/h, dominates."""
    kink_entries: int
    """Entries, summed over seeds and parameters, whose step ``h`` crosses a ReLU kink."""
    kink_seeds: int
    """Seeds with at least one such entry."""
    kink_parameters: tuple[str, ...]
    """The parameters with at least one such entry in some seed."""
    kink_entries_small_step: int
    """The same count for the smaller step."""
    worst_error_all: float
    """The largest relative error over seeds, parameters with a gradient and all entries, kinks included."""
    worst_all_parameter: str
    worst_all_seed: int
    worst_all_beyond_threshold: bool
    """True when that worst case, kinks included, misses the agreement threshold."""
    biases: tuple[str, ...]
    """The biases right before batch norm ("b1", "b2")."""
    bias_largest: float
    """Their largest |gradient|, either way, over the network's largest, worst seed."""
    fewest_nonzero: str
    """The parameter with a gradient that has the smallest share of non-zero entries."""
    fewest_nonzero_share: float
    """That share, mean over seeds."""
    fewest_in_first_layer: bool
    """True when that parameter is W1, whose rows for pixels blank in every image of the batch have no gradient."""
    batch1_nonzero_entries: int
    """Entries with a non-zero gradient on a batch of one image, mean over seeds, rounded."""
    batch1_nonzero_share: float
    batch1_nonzero_parameters: tuple[str, ...]
    """The parameters with any non-zero entry on a batch of one image."""


@dataclass(frozen=True)
class BatchNormFacts:
    sweep: SweepFacts
    overfit: OverfitFacts
    check: GradcheckFacts


def _sweep(inputs: SiteInputs) -> SweepFacts:
    result = require(inputs, "batchnorm-sweep")
    m, config = result.metrics, result.config
    scale_axis, variant_axis = result.axes["scale"], result.axes["variant"]
    labels = [scale_axis.label(s, "en") for s in scale_axis.values]  # numbers: the same in both languages
    scales = np.array(scale_axis.values)
    bn, plain = variant_axis.index("batch-norm"), variant_axis.index("plain")
    last = np.asarray(m["train_acc"], dtype=np.float64)[..., -1]  # (S, scales, V); NaN where a network diverged
    diverged_at = np.asarray(m["diverged_at"])  # (S, scales, V), -1 where it never did
    bn_final = last[:, :, bn].mean(axis=0)  # (scales,)
    plain_final = last[:, :, plain].mean(axis=0)
    per_epoch = config["n_train"] // config["batch_size"]

    diverged, ahead, rest = [], [], []
    for i, label in enumerate(labels):
        at = diverged_at[:, i, plain]
        lost = at[at >= 0]
        if lost.size:
            epochs = -(-lost // per_epoch)
            diverged.append(Diverged(label, int(lost.size), bool(lost.size == at.size),
                                     Span(int(lost.min()), int(lost.max())), Span(int(epochs.min()), int(epochs.max()))))
        elif plain_final[i] >= bn_final[i]:
            ahead.append(i)
        else:
            rest.append(i)

    finite = np.isfinite(bn_final)
    best = worst = None
    if finite.any():
        b, w = int(np.nanargmax(bn_final)), int(np.nanargmin(bn_final))
        best, worst = ScaleAccuracy(labels[b], float(bn_final[b])), ScaleAccuracy(labels[w], float(bn_final[w]))
    counts = share_higher_with_batch_norm(m) * len(labels)  # (S,)
    spread_per_seed = spread_over_wide_scales(m, "batch-norm") - spread_over_wide_scales(m, "plain")  # the claim's statistic
    spread = float(spread_per_seed.mean())
    n = len(labels)
    return SweepFacts(
        **network(result),
        n_train=config["n_train"],
        epochs=config["epochs"],
        n_scales=len(labels),
        log10_scale_max=round(config["log10_scale_max"]),
        log10_scale_min=round(config["log10_scale_min"]),
        seeds=len(result.seeds),
        early_epoch=min(EARLY_EPOCH, config["epochs"]),
        chance_like=CHANCE_LIKE,
        wide_scale_max=float(scales.max()),
        wide_scale_min=WIDE_SCALE_MIN,
        he_std=math.sqrt(2 / config["hidden_sizes"][0]),
        plain_diverged=tuple(diverged),
        batch_norm_diverged=int(np.count_nonzero(diverged_at[:, :, bn] >= 0)),
        plain_ahead=tuple(ScaleAccuracy(labels[i], float(plain_final[i]), k == len(ahead) - 2) for k, i in enumerate(ahead)),
        plain_rest=len(rest),
        plain_rest_lowest=float(plain_final[rest].min()) if rest else None,
        plain_rest_highest=float(plain_final[rest].max()) if rest else None,
        batch_norm_best=best,
        batch_norm_worst=worst,
        batch_norm_at_largest=float(bn_final[0]),
        batch_norm_at_smallest=float(bn_final[-1]),
        higher_final_scales=float(counts.mean()),
        higher_final_same_every_seed=bool(np.allclose(counts, counts[0])),
        spread_difference=spread,
        spread_difference_size=abs(spread),
        batch_norm_spread=float(spread_over_wide_scales(m, "batch-norm").mean()),
        plain_spread=float(spread_over_wide_scales(m, "plain").mean()),
        final_ahead=_count(share_higher_with_batch_norm(m), n),
        early_ahead=_count(share_higher_with_batch_norm(m, EARLY_EPOCH), n),
        not_learning=_count(share_not_learning(m), n),
    )


def _first_perfect(train_acc, epochs) -> int | None:
    """The first measured epoch at which every seed's training accuracy is 1, from (S, evaluations)."""
    perfect = np.flatnonzero((train_acc >= 1).all(axis=0))
    return int(epochs[perfect[0]]) if perfect.size else None


def _overfit(inputs: SiteInputs) -> OverfitFacts:
    result = require(inputs, "batchnorm-overfitting")
    m, config, axis = result.metrics, result.config, result.axes["variant"]
    epochs = np.asarray(m["eval_epochs"])[0]
    window = min(WINDOW, len(epochs))

    def run(key: str) -> Run:
        train = float(final(m, "train_acc", key, window).mean())
        test = float(final(m, "test_acc", key, window).mean())
        return Run(key, Text(axis.label(key, "ko"), axis.label(key, "en")), train, test, train - test)

    plain, batch_norm, dropout, both = (run(key) for key in ("plain", "batch-norm", "dropout", "batch-norm-dropout"))
    train_acc = np.asarray(m["train_acc"], dtype=np.float64)
    test_acc = np.asarray(m["test_acc"], dtype=np.float64)
    plain_perfect = _first_perfect(train_acc[:, axis.index("plain")], epochs)
    bn_perfect = _first_perfect(train_acc[:, axis.index("batch-norm")], epochs)
    late = int(np.flatnonzero(epochs <= max(0, config["epochs"] - LATE))[-1])  # index of the late measurement

    def late_gain(key: str) -> float:
        curve = test_acc[:, axis.index(key)]  # (S, evaluations)
        return float((curve[:, -1] - curve[:, late]).mean())

    runs = (plain, batch_norm, dropout, both)
    best = max(runs, key=lambda r: r.test)
    per_seed = {key: final(m, "test_acc", key, window) for key in ("plain", "dropout")}  # (S,) each
    return OverfitFacts(
        **network(result),
        n_train=config["n_train"],
        epochs=config["epochs"],
        dropout_ratio=config["dropout_ratio"],
        eval_every=config["eval_every"],
        seeds=len(result.seeds),
        window=window,
        plain=plain,
        batch_norm=batch_norm,
        dropout=dropout,
        both=both,
        plain_perfect_epoch=plain_perfect,
        batch_norm_perfect_epoch=bn_perfect,
        batch_norm_memorises_sooner=bn_perfect is not None and (plain_perfect is None or bn_perfect < plain_perfect),
        batch_norm_test=_change(batch_norm.test - plain.test),
        batch_norm_gap=_change(batch_norm.gap - plain.gap),
        dropout_with_batch_norm=_change(both.test - batch_norm.test),
        dropout_without_batch_norm=_change(dropout.test - plain.test),
        batch_norm_with_dropout=_change(both.test - dropout.test),
        late_epoch=int(epochs[late]),
        dropout_late_gain=late_gain("dropout"),
        dropout_still_learning=late_gain("dropout") > STILL_RISING,
        both_late_gain=late_gain("batch-norm-dropout"),
        both_still_learning=late_gain("batch-norm-dropout") > STILL_RISING,
        best_test=best.label,
        best_test_is_plain=best.key == "plain",
        same_setting=_same_setting(inputs, int(epochs[-window]), plain.test, dropout.test, per_seed),
    )


def _same_setting(inputs: SiteInputs, window_first: int, plain_test: float, dropout_test: float,
                  per_seed) -> SameSetting | None:
    """The regularization page's baseline and dropout runs beside this page's (``SameSetting``), each
    averaged as that page averages it."""
    other = inputs.results.get("overfitting")
    if other is None:
        return None
    m = other.metrics
    e = overfitting_last_epoch(m, "baseline")
    span = min(REGULARIZATION_WINDOW, e + 1)
    test = np.asarray(m["test_acc"], dtype=np.float64)
    other_plain_test = float(overfitting_final(m, "test_acc", "baseline", span).mean())
    other_plain_train = float(overfitting_final(m, "train_acc", "baseline", span).mean())
    # the dropout run over the same epochs as the baseline, as the regularization page quotes it
    other_dropout = float(test[:, overfitting_column(m, "dropout"), e + 1 - span : e + 1].mean())

    def spread(key: str) -> Range:
        return Range(float(per_seed[key].min()), float(per_seed[key].max()))

    plain_range, dropout_range = spread("plain"), spread("dropout")
    return SameSetting(
        epochs=e,
        dropout_epochs=overfitting_last_epoch(m, "dropout"),
        window_first=window_first,
        other_window_first=e + 1 - span,
        plain_test=other_plain_test,
        plain_gap=other_plain_train - other_plain_test,
        plain_test_change=_change(plain_test - other_plain_test),
        plain_range=plain_range,
        plain_within_seeds=plain_range.low <= other_plain_test <= plain_range.high,
        dropout_test=other_dropout,
        dropout_test_change=_change(dropout_test - other_dropout),
        dropout_range=dropout_range,
        dropout_within_seeds=dropout_range.low <= other_dropout <= dropout_range.high,
    )


def _check(inputs: SiteInputs) -> GradcheckFacts:
    result = require(inputs, "batchnorm-gradcheck")
    m, config = result.metrics, result.config
    axis = result.axes["parameter"]  # labels ("γ1") are the same in both languages
    names = axis.values
    zero = biases_before_norm(len(config["hidden_sizes"]))
    checked = [k for k, name in enumerate(names) if name not in zero]
    fewest = checked[int(np.argmin(np.asarray(m["nonzero_frac"])[:, checked].mean(axis=0)))]
    entries = np.asarray(m["entries"])  # (S, P), the same in every seed
    single = np.asarray(m["nonzero_frac_batch1"])
    total = int(entries[0].sum())
    kinks = np.asarray(m["kink_entries"])  # (S, P)
    every = np.asarray(m["max_rel_error"], dtype=np.float64)[:, checked]  # (S, P checked), kinks included
    s_worst, k_worst = np.unravel_index(int(np.argmax(every)), every.shape)
    smooth_small = float(np.max(worst_error(m, "max_rel_error_smooth_small_h")))
    return GradcheckFacts(
        hidden_sizes=tuple(config["hidden_sizes"]),
        batch_size=config["batch_size"],
        h=config["h"],
        h_small=config["h_small"],
        seeds=len(result.seeds),
        entries=total,
        entries_text=f"{total:,}",
        agree_every_seed=bool((worst_error(m) < AGREE).all()),
        worst_error=float(worst_error(m).max()),
        worst_error_small_step=smooth_small,
        small_step_worse=smooth_small > float(worst_error(m).max()),
        kink_entries=int(kinks.sum()),
        kink_seeds=int(np.count_nonzero(kinks.sum(axis=1))),
        kink_parameters=tuple(axis.label(names[k], "en") for k in np.flatnonzero(kinks.sum(axis=0))),
        kink_entries_small_step=int(np.asarray(m["kink_entries_small_h"]).sum()),
        worst_error_all=float(every.max()),
        worst_all_parameter=axis.label(names[checked[k_worst]], "en"),
        worst_all_seed=int(result.seeds[s_worst]),
        worst_all_beyond_threshold=bool(every.max() >= AGREE),
        biases=tuple(axis.label(name, "en") for name in zero),
        bias_largest=float(bias_before_norm(m).max()),
        fewest_nonzero=axis.label(names[fewest], "en"),
        fewest_nonzero_share=float(np.asarray(m["nonzero_frac"])[:, fewest].mean()),
        fewest_in_first_layer=names[fewest] == "W1",
        batch1_nonzero_entries=round(float((single * entries).sum(axis=1).mean())),
        batch1_nonzero_share=float(overall_nonzero(m, "nonzero_frac_batch1").mean()),
        batch1_nonzero_parameters=tuple(axis.label(names[k], "en") for k in np.flatnonzero(single.max(axis=0) > 0)),
    )


def facts(inputs: SiteInputs) -> BatchNormFacts:
    return BatchNormFacts(sweep=_sweep(inputs), overfit=_overfit(inputs), check=_check(inputs))
