"""Figure of the init-compare experiment (article section 1; book 6.2.4): MNIST training loss from
std 0.01, Xavier and He initial weights (book Figure 6-15), smoothed as the book does.

The initialisations and their labels are read from the result's ``init`` axis.
"""

import math

import numpy as np

from generator.plot import FigureSpec
from generator.plot.common import (
    corner_notes,
    mark_diverged,
    mean_band,
    seeds_note,
    smoothed_loss_rows,
    smoothed_losses,
    tr,
)
from generator.plot.style import LINESTYLES, PALETTE, new_figure

INIT_STYLES = {
    "std=0.01": {"color": PALETTE[0], "linestyle": LINESTYLES[0], "marker": "o"},
    "Xavier": {"color": PALETTE[1], "linestyle": LINESTYLES[1], "marker": "s"},
    "He": {"color": PALETTE[2], "linestyle": LINESTYLES[2], "marker": "^"},
}
"""The colours are activation-histograms' for the same scales (small, xavier, he), so that a scale
looks the same in every figure of the page; a test holds the two to each other."""
CHANCE_LOSS = math.log(10)
"""The loss of a model that gives all ten digits the same probability: where every start begins."""


def draw_loss(result, lang):
    m, inits = result.metrics, result.axes["init"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    iterations = np.arange(1, m.loss.shape[2] + 1)
    every = max(1, len(iterations) // 10)
    notes = []
    for i, init in enumerate(inits.values):
        style = INIT_STYLES[init]
        smooth, diverged = smoothed_losses(result, i)
        acc = np.asarray(m.test_acc[:, i], dtype=np.float64)
        name = inits.label(init, lang)
        label = name
        if (~diverged).any():
            label += tr(lang, f" (시험 정확도 {100 * np.mean(acc[~diverged]):.1f}%)",
                        f" (test accuracy {100 * np.mean(acc[~diverged]):.1f}%)")
            mean_band(ax, iterations, smooth[~diverged], style, label, markevery=(i * every // 3, every), markersize=4)
        if diverged.any():
            mark_diverged(ax, iterations, m.diverged_at[:, i], CHANCE_LOSS, style["color"])
            n, total = diverged.sum(), len(diverged)
            notes.append(tr(lang, f"{name}: 시드 {n}/{total}개 발산(×), 평균에서 뺌",
                            f"{name}: {n} of {total} seeds diverged (×), left out of the mean"))
    ax.axhline(CHANCE_LOSS, color="#555555", linewidth=0.9, linestyle=":")
    ax.annotate(tr(lang, "ln 10 ≈ 2.30: 열 클래스에 같은 확률",
                   "ln 10 ≈ 2.30: equal odds for all ten classes"),
                (1.0, CHANCE_LOSS), xycoords=("axes fraction", "data"), xytext=(-4, 4), textcoords="offset points",
                ha="right", va="bottom", fontsize=8, color="#555555")
    ax.set_xlim(iterations[0], iterations[-1])
    ax.set_ylim(0, max(2.5, CHANCE_LOSS * 1.12))
    ax.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    ax.set_ylabel(tr(lang, "훈련 손실 (평활화)", "training loss (smoothed)"))
    ax.legend(loc="center right", fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    corner_notes(ax, notes)
    return fig


def data_loss(result):
    rows = smoothed_loss_rows(result, result.axes["init"].values, result.metrics.test_acc)
    return ["init", "seed", "iteration", "loss", "smoothed_loss", "final_test_acc"], rows


FIGURES = (
    FigureSpec(
        id="fig-init-compare-loss",
        book="6-15",
        caption={
            "ko": "MNIST에서 초깃값만 다른 세 ReLU 신경망의 훈련 손실(책처럼 평활화)입니다. 점선은 처음 손실인 ln 10입니다.",
            "en": "Training loss on MNIST of three ReLU networks that differ only in their initial weights "
            "(smoothed as in the book); the dotted line is the starting loss ln 10.",
        },
        draw=draw_loss,
        data=data_loss,
    ),
)
