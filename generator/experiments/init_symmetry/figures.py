"""Figures of the init-symmetry experiment (article section 1; book 6.2.1).

How far apart the hidden units drift from the zero, constant and random starts, against the two
levels the claims use (``SAME_TOL`` and ``DIFFER``), and what the network learns from each start.
The starts and their labels are read from the result's ``start`` axis.
"""

import math

import numpy as np

from generator import glossary
from generator.experiments.init_symmetry import DIFFER, SAME_TOL
from generator.plot import FigureSpec
from generator.plot.common import mean_band, power_of_ten, seeds_note, smooth_curve, span_text, tr
from generator.plot.style import PALETTE, new_figure

START_STYLES = {
    "zero": {"color": PALETTE[4], "linestyle": "-", "marker": "o"},
    "constant": {"color": PALETTE[6], "linestyle": "--", "marker": "s"},
    "random": {"color": PALETTE[0], "linestyle": "-", "marker": "^"},
}
GUESS = 0.1
"""Test accuracy of guessing one of ten digits, marked on the accuracy panel."""


def level_text(x: float) -> str:
    """``0.1`` as it is, ``1e-06`` as 10⁻⁶."""
    return f"{x:g}" if round(math.log10(x)) >= -2 else power_of_ten(x)


def draw_spread(result, lang):
    m, config, starts = result.metrics, result.config, result.axes["start"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    x = np.asarray(m.trace_iteration[0])
    spread = np.asarray(m.unit_spread_trace, dtype=np.float64)  # (S, V, T)
    hidden = config["hidden_size"]
    for v, start in enumerate(starts.values):
        count = span_text(np.asarray(m.distinct_units[:, v]))
        label = starts.label(start, lang) + tr(lang, f": 서로 다른 뉴런 {count}/{hidden}개",
                                               f": {count} of {hidden} units distinct")
        mean_band(ax, x, spread[:, v], START_STYLES[start], label, markevery=(v, 3), markersize=4)
    ax.set_yscale("symlog", linthresh=SAME_TOL, linscale=0.5)
    top = max(10.0, 10 ** math.ceil(math.log10(max(np.nanmax(spread), SAME_TOL))))
    ax.set_ylim(-SAME_TOL * 0.3, top)
    references = (
        (SAME_TOL, tr(lang, "같다고 보는 한계", "counted as identical below")),
        (DIFFER, tr(lang, "뚜렷이 다르다고 보는 기준", "counted as clearly different above")),
    )
    for level, text in references:
        ax.axhline(level, color="#777777", linewidth=0.8, linestyle=":")
        ax.annotate(f"{text} ({level_text(level)})", (1.0, level), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8, color="#555555")
    equal = [starts.index("zero"), starts.index("constant")]
    if np.all(spread[:, equal] == 0):
        ax.annotate(tr(lang, "0과 상수에서 시작한 두 선: 모든 시드, 모든 시점에서 정확히 0",
                        "both equal starts: exactly 0 for every seed at every point"),
                    (0.5, 0), xycoords=("axes fraction", "data"), xytext=(0, 6), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8.5)
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    ax.set_ylabel(tr(lang, "뉴런 사이 최대 차이 / 최대 |가중치|\n(symlog 축)",
                     "largest difference between units / largest |weight|\n(symlog scale)"))
    ax.legend(loc="center right", fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_spread(result):
    m = result.metrics
    rows = [
        [start, seed, int(it), m.unit_spread_trace[s, v, k], int(m.distinct_units[s, v]), m.w1_change[s, v]]
        for v, start in enumerate(result.axes["start"].values)
        for s, seed in enumerate(result.seeds)
        for k, it in enumerate(m.trace_iteration[s])
    ]
    return ["start", "seed", "iteration", "unit_spread", "distinct_units_at_end", "w1_max_change"], rows


def draw_accuracy(result, lang):
    m, config, starts = result.metrics, result.config, result.axes["start"]
    fig, (left, right) = new_figure(1, 2, width_ratios=(3, 2))
    fig.set_size_inches(8.0, 4.0)
    loss = np.asarray(m.train_loss, dtype=np.float64)  # (S, V, iterations)
    iterations = np.arange(1, loss.shape[2] + 1)
    every = max(1, len(iterations) // 8)
    for v, start in enumerate(starts.values):
        smooth = np.stack([smooth_curve(curve) for curve in loss[:, v]])
        mean_band(left, iterations, smooth, START_STYLES[start], starts.label(start, lang),
                  markevery=(v * every // 3, every), markersize=4)
    left.axhline(math.log(10), color="#777777", linewidth=0.8, linestyle=":")
    left.set_xlim(iterations[0], iterations[-1])
    left.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    left.set_ylabel(tr(lang, "훈련 손실 (평활화)", "training loss (smoothed)"))
    left.legend(loc="lower left", fontsize=8.5, title=seeds_note(result, lang), title_fontsize=8)
    left.set_title(tr(lang, "(a) 훈련 손실", "(a) training loss"), fontsize=10, loc="left")

    acc = 100 * np.asarray(m.test_acc, dtype=np.float64)  # (S, V)
    n = len(starts.values)
    for v, start in enumerate(starts.values):
        style = START_STYLES[start]
        y = n - 1 - v
        right.plot(acc[:, v], np.full(len(acc), y), linestyle="none", marker=style["marker"], color=style["color"],
                   markersize=6, alpha=0.8)
        mean = acc[:, v].mean()
        right.plot([mean] * 2, [y - 0.3, y + 0.3], color="#000000", linewidth=1.6)
        right.annotate(f"{mean:.1f}%", (acc[:, v].max(), y), xytext=(8, 0), textcoords="offset points",
                       va="center", fontsize=9)
    right.axvline(100 * GUESS, color="#777777", linewidth=0.8, linestyle=":")
    right.annotate(f"{glossary.term('chance-level', lang)} {100 * GUESS:.0f}%", (100 * GUESS, n - 0.55),
                   xytext=(3, 0), textcoords="offset points", fontsize=8, color="#555555", va="center")
    right.set_yticks(range(n))
    right.set_yticklabels([starts.label(start, lang) for start in reversed(starts.values)], fontsize=9)
    right.set_ylim(-0.6, n - 0.4)
    right.set_xlim(0, 100)
    right.grid(axis="y", visible=False)
    right.set_xlabel(tr(lang, "시험 정확도 (%) · 점: 시드, 세로선: 평균",
                        "test accuracy (%) · dots: seeds, bar: mean"))
    right.set_title(tr(lang, f"(b) {config['iterations']}번 갱신 뒤", f"(b) after {config['iterations']} updates"),
                    fontsize=10, loc="left")
    return fig


def data_accuracy(result):
    m = result.metrics
    rows = []
    for v, start in enumerate(result.axes["start"].values):
        for s, seed in enumerate(result.seeds):
            smooth = smooth_curve(m.train_loss[s, v])
            rows += [[start, seed, "train_loss", it + 1, m.train_loss[s, v, it], smooth[it]]
                     for it in range(len(smooth))]
            rows.append([start, seed, "test_acc", None, m.test_acc[s, v], None])
    return ["start", "seed", "quantity", "iteration", "value", "smoothed_value"], rows


FIGURES = (
    FigureSpec(
        id="fig-init-symmetry-spread",
        caption={
            "ko": "은닉층 뉴런 사이의 최대 차이(가장 큰 |가중치|에 대한 비율)가 학습하는 동안 어떻게 변하는지 보여 줍니다. "
            "같은 값에서 시작한 두 신경망은 끝까지 정확히 0이어서 symlog 축의 바닥에 겹쳐 있습니다.",
            "en": "The largest difference between hidden units (relative to the largest |weight|) during training. "
            "Both networks started from equal weights stay at exactly 0, overlapping at the bottom of the "
            "symlog axis.",
        },
        draw=draw_spread,
        data=data_spread,
    ),
    FigureSpec(
        id="fig-init-symmetry-accuracy",
        caption={
            "ko": "같은 세 신경망의 훈련 손실(책처럼 평활화)과 학습이 끝난 뒤의 시험 정확도입니다.",
            "en": "Training loss of the same three networks (smoothed as in the book) and their test accuracy "
            "at the end.",
        },
        draw=draw_accuracy,
        data=data_accuracy,
    ),
)
