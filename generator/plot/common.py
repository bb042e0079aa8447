"""Drawing helpers shared by the figure modules: wording, smoothing, seeds and divergence.

Every metric holds one row per seed on axis 0; a diverged run is recorded in ``diverged_at`` (the
1-based iteration of the first non-finite loss, -1 where it never happened) and its later values
are NaN. These helpers draw that one way on every page.
"""

import math

import numpy as np

SMOOTH_WINDOW = 11
"""Width of the book's smoothing window (common/util.py, smooth_curve)."""
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tr(lang, ko, en):
    return ko if lang == "ko" else en


def power_of_ten(x: float) -> str:
    """10⁻⁶ for 1e-6 (superscript characters: mathtext has no Hangul glyphs)."""
    return "10" + str(round(math.log10(x))).translate(SUPERSCRIPT)


def span_text(values) -> str:
    """``3`` when the whole numbers ``values`` are all 3, ``2–4`` when they run from 2 to 4."""
    low, high = int(min(values)), int(max(values))
    return f"{low}" if low == high else f"{low}–{high}"


def seeds_note(result, lang) -> str:
    n = len(result.seeds)
    return tr(lang, f"선: 시드 {n}개 평균, 띠: 최솟값–최댓값", f"line: mean of {n} seeds, band: min–max")


def mean_band(ax, x, values, style, label=None, *, markevery=None, markersize=3.5):
    """Mean over seeds (axis 0) with the min–max band. Where any seed is NaN the mean is NaN and
    the line breaks: a diverged seed is never averaged in as a number or silently left out."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        low, high, mean = values.min(axis=0), values.max(axis=0), values.mean(axis=0)
    ax.fill_between(x, low, high, color=style["color"], alpha=0.2, linewidth=0)
    ax.plot(x, mean, color=style["color"], linestyle=style["linestyle"], marker=style.get("marker"),
            markevery=markevery, markersize=markersize, label=label)


def smooth_curve(x, window=SMOOTH_WINDOW) -> np.ndarray:
    """The book's smoothing (common/util.py): a Kaiser window (β = 2) over the curve, ends mirrored.

    Curves shorter than the window (the quick preset) get the widest odd window that fits.
    """
    x = np.asarray(x, dtype=np.float64)
    window = min(window, len(x) - 1 if len(x) % 2 == 0 else len(x))
    if window < 3:
        return x.copy()
    half = window // 2
    s = np.r_[x[window - 1 : 0 : -1], x, x[-1:-window:-1]]  # (n + 2 * (window - 1),)
    w = np.kaiser(window, 2)
    y = np.convolve(w / w.sum(), s, mode="valid")  # (n + window - 1,)
    return y[half : len(y) - half]


def smoothed_losses(result, i) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed loss of run ``i`` per seed (S, iterations), NaN from divergence on, and which seeds diverged (S,)."""
    m = result.metrics
    loss = np.asarray(m.loss[:, i], dtype=np.float64)
    diverged_at = np.asarray(m.diverged_at[:, i])
    out = np.full_like(loss, np.nan)
    for s, curve in enumerate(loss):
        finite = len(curve) if diverged_at[s] < 0 else int(diverged_at[s]) - 1  # iterations before the first non-finite loss
        if finite > 0:
            out[s, :finite] = smooth_curve(curve[:finite])
    return out, diverged_at >= 0


def smoothed_loss_rows(result, names, *per_run) -> list[list]:
    """Rows of run name, seed, iteration (1-based), loss and smoothed loss, then each (S, runs) array of
    ``per_run`` at that seed and run; ``names`` are the runs in the order of the loss's axis 1."""
    m = result.metrics
    rows = []
    for i, name in enumerate(names):
        smooth, _ = smoothed_losses(result, i)
        for s, seed in enumerate(result.seeds):
            extra = [values[s, i] for values in per_run]
            rows += [[name, seed, it + 1, m.loss[s, i, it], smooth[s, it], *extra]
                     for it in range(m.loss.shape[2])]
    return rows


def mark_diverged(ax, iterations, diverged_at, y, color, **plot_kwargs):
    """A cross at height ``y`` for each seed that diverged, at the iteration it did (``diverged_at``: (S,))."""
    for at in np.asarray(diverged_at):
        if at >= 0:
            ax.plot(iterations[int(at) - 1], y, marker="x", color=color, markersize=8, **plot_kwargs)


def corner_notes(ax, notes) -> None:
    """Notes such as which seeds diverged, one a line at the lower left; nothing when there are none."""
    if notes:
        ax.text(0.01, 0.02, "\n".join(notes), transform=ax.transAxes, fontsize=8, va="bottom")
