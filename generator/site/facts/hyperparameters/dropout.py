"""Facts of the dropout-ratio sweep on the hyperparameters page, and how its numbers stand beside the
regularization page's run of the same network."""

from dataclasses import dataclass

import numpy as np

from generator.experiments import dropout_ratio
from generator.site.facts import Network, network, settings

STALLED = 0.2
"""Training accuracy below twice chance (ten classes): the dropout sweep counts such a ratio as one at
which the network did not learn at all."""


@dataclass(frozen=True)
class RatioRow:
    """One dropout ratio of the sweep: accuracies over the test window, averaged over seeds (None where a seed diverged)."""

    ratio: float
    train: float | None
    test: float | None
    gap: float | None
    """train - test."""


@dataclass(frozen=True)
class SameSetting:
    """The ratio the regularization page trains (the book's 0.2), in this sweep and in that page's run.

    Both are the same network on the same 300 images; the runs differ in their random draws (initial
    weights, mini-batch order, masks), since each experiment draws its own streams, and in how long
    they train (here every ratio stops at the sweep's epochs, there dropout runs the book's 301)."""

    ratio: float
    first_epoch: int
    """The epochs both numbers average: this sweep's test window, ``first_epoch`` to ``last_epoch``."""
    last_epoch: int
    here: float | None
    """This sweep's test accuracy at ``ratio`` over those epochs, mean over seeds."""
    here_low: float | None
    """The least and greatest of that over seeds."""
    here_high: float | None
    there: float
    """The regularization page's dropout run, test accuracy over the same epochs, mean over seeds."""
    there_epochs: int
    """How many epochs that run trains in all."""
    baseline_same: bool
    """Whether no dropout gives this sweep and the regularization page's baseline the same test
    accuracy over these epochs: they draw the same streams, so they are one run."""


@dataclass(frozen=True)
class DropoutFacts(Network):
    book_preset: bool
    preset: str
    n_train: int
    epochs: int
    window: int
    """Last epochs whose accuracies are averaged (test accuracy is measured only there)."""
    first_window_epoch: int
    """The first of those epochs (191 of 200)."""
    rows: tuple[RatioRow, ...]
    baseline: RatioRow
    """Ratio 0: no dropout."""
    smallest: RatioRow
    """The smallest nonzero ratio and the largest ratio of the sweep."""
    largest: RatioRow
    best_test: RatioRow
    """The ratio with the highest test accuracy, averaged over seeds."""
    best_is_no_dropout: bool
    """Whether no ratio beat no dropout on test accuracy."""
    stalled_from: float | None
    """The smallest nonzero ratio whose training accuracy stays below ``STALLED`` (the network did not learn), if any."""
    stalled_signal: float | None
    """(1 - that ratio) to the power of the hidden layers: how much of a signal the book's dropout, which
    rescales only at test time, lets through all hidden layers during training."""
    diverged: int
    same_setting: SameSetting | None
    """The regularization page's ratio as this sweep and that page ran it; None when this build has no
    such run to set beside the sweep."""


def ratio_row(ratio, train, test) -> RatioRow:
    """One ratio's (S,) accuracies averaged over seeds; None when any seed diverged there."""
    train, test = (float(a.mean()) if np.isfinite(a).all() else None for a in (train, test))
    return RatioRow(float(ratio), train, test, None if train is None or test is None else train - test)


def same_setting(result, overfitting, test) -> SameSetting | None:
    """The regularization page's dropout ratio in this sweep (``test`` (S, R) over the window) beside that
    page's dropout run over the same epochs; None without that result, when the sweep lacks its ratio or
    when that run stops before this sweep's window."""
    if overfitting is None:
        return None
    c = settings(result)
    ratio, ratios = float(overfitting.config["dropout_ratio"]), list(result.axes["ratio"].values)
    first, last = c.epochs - c.test_window + 1, c.epochs
    variants = overfitting.axes["variant"]
    runs = np.asarray(overfitting.metrics["test_acc"], dtype=np.float64)  # (S, variant, epochs + 1)
    epochs = np.asarray(overfitting.metrics["epochs"])[0]  # (variant,)
    dropout, baseline = variants.index("dropout"), variants.index("baseline")
    if ratio not in ratios or epochs[dropout] < last:
        return None
    column = test[:, ratios.index(ratio)]
    finite = bool(np.isfinite(column).all())
    return SameSetting(
        ratio=ratio,
        first_epoch=first,
        last_epoch=last,
        here=float(column.mean()) if finite else None,
        here_low=float(column.min()) if finite else None,
        here_high=float(column.max()) if finite else None,
        there=float(runs[:, dropout, first : last + 1].mean()),
        there_epochs=int(epochs[dropout]),
        baseline_same=bool(epochs[baseline] >= last and 0.0 in ratios and np.allclose(
            runs[:, baseline, first : last + 1].mean(axis=-1), test[:, ratios.index(0.0)])),
    )


def dropout_facts(result, overfitting=None) -> DropoutFacts:
    """The sweep's facts; ``overfitting`` (the regularization page's result, if built) for the comparison."""
    m, c = result.metrics, settings(result)
    train, test = dropout_ratio.final(m, "train_acc"), dropout_ratio.final(m, "test_acc")  # (S, R)
    rows = tuple(ratio_row(r, train[:, i], test[:, i]) for i, r in enumerate(result.axes["ratio"].values))
    ranked = [row for row in rows if row.test is not None]
    best = max(ranked, key=lambda row: row.test) if ranked else rows[0]
    baseline, smallest, largest = rows[0], rows[1], rows[-1]
    stalled = [row.ratio for row in rows[1:] if row.train is not None and row.train < STALLED]
    return DropoutFacts(
        book_preset=result.preset == "book",
        preset=result.preset,
        **network(result),
        n_train=c.n_train,
        epochs=c.epochs,
        window=c.test_window,
        first_window_epoch=c.epochs - c.test_window + 1,
        rows=rows,
        baseline=baseline,
        smallest=smallest,
        largest=largest,
        best_test=best,
        best_is_no_dropout=best is baseline,
        stalled_from=stalled[0] if stalled else None,
        stalled_signal=(1 - stalled[0]) ** len(c.hidden_sizes) if stalled else None,
        diverged=int(np.count_nonzero(np.asarray(m["diverged_at"]) >= 0)),
        same_setting=same_setting(result, overfitting, test),
    )
