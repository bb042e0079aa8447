"""What the hyperparameter search's figures share: the look of a trial, a round and a diverged run,
one seed's trials as arrays, the range a round sampled, panels one per seed, and the search's order.
"""

import matplotlib.cm
import numpy as np

from generator.experiments.hyperparameter_search import prefix, ranking
from generator.plot.style import PALETTE, new_figure

CMAP = "viridis"
"""Perceptually uniform and readable under color-vision deficiencies; final validation accuracy."""
DIVERGED = {"marker": "X", "color": PALETTE[3], "markersize": 7, "linestyle": "none"}
ROUND_STYLE = {1: {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
               2: {"color": PALETTE[1], "linestyle": "--", "marker": "^"}}
PANEL_COLUMNS = 5


def sci(x) -> str:
    """``5.2e-3`` rather than ``5.2e-03``: short enough for a panel title."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def round_label(result, round_: int, lang: str) -> str:
    """The round's name as the result's axis records it: 1차, round 1."""
    return result.axes["round"].label(round_, lang)


def hyperparameter_label(result, name: str, lang: str) -> str:
    return result.axes["hyperparameter"].label(name, lang)


def trials(result, s: int, round_: int) -> dict:
    """One seed's trials of one round: lr, weight decay (T,), curves (T, epochs + 1), divergence."""
    m, p = result.metrics, prefix(round_)
    return {
        "lr": np.asarray(m[f"{p}lr"][s], dtype=np.float64),
        "weight_decay": np.asarray(m[f"{p}weight_decay"][s], dtype=np.float64),
        "val_acc": np.asarray(m[f"{p}val_acc"][s], dtype=np.float64),
        "train_acc": np.asarray(m[f"{p}train_acc"][s], dtype=np.float64),
        "diverged_at": np.asarray(m[f"{p}diverged_at"][s]),
        "top": [int(i) for i in m[f"{p}top_trials"][s] if i >= 0],
    }


def sampling_range(result, s: int, round_: int) -> np.ndarray:
    """[lr, weight decay] x [low, high] (2, 2) as powers of ten: the range a round sampled."""
    c = result.config
    if round_ == 1:
        return np.array([[c["log10_lr_min"], c["log10_lr_max"]], [c["log10_wd_min"], c["log10_wd_max"]]])
    return np.asarray(result.metrics.round2_log10_range[s], dtype=np.float64)


def seed_panels(result, extra_height: float):
    """One panel per seed, up to three in a row, sharing both axes; unused panels hidden."""
    n = len(result.seeds)
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    fig, axes = new_figure(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    fig.set_size_inches(8.0, 2.9 * nrows + extra_height)
    for ax in axes.flat[n:]:
        ax.set_axis_off()
    return fig, axes


def finish_seed_panels(fig, axes, norm, xlabel, ylabel, bar_label):
    """Axis labels on the outer panels and one color bar for all of them."""
    for column in axes.T:
        lowest = [ax for ax in column if ax.axison][-1]  # above a hidden panel when the seeds leave a gap
        lowest.set_xlabel(xlabel, fontsize=9)
        lowest.xaxis.set_tick_params(labelbottom=True)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel, fontsize=9)
    bar = fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=matplotlib.colormaps[CMAP]), ax=axes,
                       shrink=0.9, pad=0.02)
    bar.set_label(bar_label, fontsize=9)
    bar.ax.tick_params(labelsize=8)


def by_rank(final) -> np.ndarray:
    """Every trial index in the search's order: ranked trials best first, then the diverged ones."""
    return np.concatenate([ranking(final), np.flatnonzero(~np.isfinite(final))])


def sorted_final(t) -> np.ndarray:
    """Final validation accuracies best first, diverged trials (NaN) at the end."""
    final = t["val_acc"][:, -1]
    return final[by_rank(final)]
