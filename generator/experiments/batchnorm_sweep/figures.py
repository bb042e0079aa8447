"""Figures of the batch-norm sweep (article section 2; book 6.3.2).

Training accuracy per epoch with and without batch norm, one panel per initial weight scale
(book Figure 6-19), and the final training accuracy against the scale. Without batch norm the
largest scales overflow: the trainer stops such a network and records the iteration
(``diverged_at``); its later accuracies are NaN. The figures mark those runs with a cross and
never draw them as numbers. Variant and scale labels are read from the result's axes.
"""

import math

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from generator.experiments.batchnorm_sweep import CHANCE_LIKE, wide_scales
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, span_text, tr
from generator.plot.style import PALETTE, new_figure

VARIANT_STYLES = {
    "batch-norm": {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
    "plain": {"color": PALETTE[3], "linestyle": "--", "marker": "s"},
}
"""Batch norm solid, without it dashed, as in the book; the same in both figures."""
SHORT = {"batch-norm": {"ko": "BN 사용", "en": "BN"}, "plain": {"ko": "BN 없음", "en": "no BN"}}
"""Abbreviated variant names for the notes inside the small panels, where the axis labels do not fit."""


def diverged_epoch(result) -> np.ndarray:
    """The epoch (1-based) during which each network diverged, 0 where it never did; (S, scales, V)."""
    config = result.config
    per_epoch = config["n_train"] // config["batch_size"]
    at = np.asarray(result.metrics.diverged_at)
    return np.where(at >= 0, -(-at // per_epoch), 0)


def draw_sweep_curves(result, lang):
    acc = np.asarray(result.metrics.train_acc, dtype=np.float64)  # (S, scales, V, epochs + 1)
    scale_axis, variant_axis = result.axes["scale"], result.axes["variant"]
    diverged = diverged_epoch(result)
    n_seeds, n_scales = acc.shape[:2]
    epochs = np.arange(acc.shape[-1])
    ncols = math.ceil(math.sqrt(n_scales))
    nrows = math.ceil(n_scales / ncols)
    fig, axes = new_figure(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    fig.set_size_inches(8.0, 1.9 * nrows + 0.9)
    for i, ax in enumerate(axes.flat):
        if i >= n_scales:
            ax.set_visible(False)
            continue
        notes = []
        for v, variant in enumerate(variant_axis.values):
            style = VARIANT_STYLES[variant]
            mean_band(ax, epochs, acc[:, i, v], style, markevery=max(1, len(epochs) // 5))
            lost = diverged[:, i, v]
            for s in np.flatnonzero(lost):
                # the last finite accuracy before the overflow, with a cross at the epoch it happened
                k = int(lost[s])
                last = acc[s, i, v, k - 1]
                ax.plot([k - 1, k], [last, last], color=style["color"], linewidth=0.8, linestyle=":")
                ax.plot(k, last, marker="x", color=style["color"], markersize=7, markeredgewidth=1.8)
            if lost.any():
                who = SHORT[variant][lang]
                notes.append(tr(lang, f"{who}: 에폭 {span_text(lost[lost > 0])}에서 발산\n(시드 {np.count_nonzero(lost)}/{n_seeds})",
                                f"{who}: diverged at epoch {span_text(lost[lost > 0])}\n({np.count_nonzero(lost)}/{n_seeds} seeds)"))
        if notes:
            ax.text(0.04, 0.96, "\n".join(notes), transform=ax.transAxes, ha="left", va="top", fontsize=7,
                    color="#333333", bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6,
                                            "boxstyle": "round,pad=0.25"})
        std = scale_axis.label(scale_axis.values[i], lang)
        ax.set_title(tr(lang, f"W 표준편차 = {std}", f"W std = {std}"), fontsize=9)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(epochs[0], epochs[-1])
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    for ax in axes[-1]:
        ax.set_xlabel(tr(lang, "에폭", "epoch"), fontsize=9)
    for ax in axes[:, 0]:
        ax.set_ylabel(tr(lang, "훈련 정확도", "training accuracy"), fontsize=9)
    handles = [Line2D([], [], **VARIANT_STYLES[v], markersize=4, label=variant_axis.label(v, lang))
               for v in variant_axis.values]
    handles.append(Line2D([], [], linestyle="none", marker="x", color="#333333", markersize=7, markeredgewidth=1.8,
                          label=tr(lang, "발산(inf/NaN): 이후 값 없음", "diverged (inf/NaN): no values after")))
    fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_sweep_curves(result):
    acc = np.asarray(result.metrics.train_acc, dtype=np.float64)
    diverged = diverged_epoch(result)
    rows = [
        [scale, variant, seed, epoch, acc[s, i, v, epoch], int(diverged[s, i, v]) or None]
        for i, scale in enumerate(result.axes["scale"].values)
        for v, variant in enumerate(result.axes["variant"].values)
        for s, seed in enumerate(result.seeds)
        for epoch in range(acc.shape[-1])
    ]
    return ["weight_std", "variant", "seed", "epoch", "train_acc", "diverged_at_epoch"], rows


def draw_sweep_final(result, lang):
    acc = np.asarray(result.metrics.train_acc, dtype=np.float64)[..., -1]  # (S, scales, V)
    scales = np.array(result.axes["scale"].values)
    variant_axis = result.axes["variant"]
    diverged = diverged_epoch(result) > 0
    n_seeds = acc.shape[0]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    strip = -0.09
    ax.axhspan(-0.14, -0.04, color="#eeeeee", linewidth=0)
    ax.annotate(tr(lang, "발산 (정확도 없음)", "diverged (no accuracy)"), (0.0, strip), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=8, color="#555555")
    wide = scales[wide_scales(scales)]
    ax.annotate("", (wide.min(), 1.06), (wide.max(), 1.06), arrowprops={"arrowstyle": "|-|", "color": "#777777",
                                                                       "linewidth": 0.8, "shrinkA": 0, "shrinkB": 0})
    ax.text(math.sqrt(wide.min() * wide.max()), 1.075,
            tr(lang, "'초깃값에 덜 의존' 주장이 보는 범위", "range of the 'depends less on initial values' claim"),
            ha="center", va="bottom", fontsize=7.5, color="#555555")
    ax.axhline(CHANCE_LIKE, color="#777777", linewidth=0.8, linestyle=":")
    ax.annotate(tr(lang, f"{CHANCE_LIKE:.0%} 이하: 학습하지 못한 것으로 셈", f"≤ {CHANCE_LIKE:.0%}: counted as not learning"),
                (0.0, CHANCE_LIKE), xycoords=("axes fraction", "data"), xytext=(4, 3), textcoords="offset points",
                fontsize=7.5, color="#555555")
    jitter = {"batch-norm": 1 / 1.06, "plain": 1.06}
    for v, variant in enumerate(variant_axis.values):
        style = VARIANT_STYLES[variant]
        mean_band(ax, scales, acc[:, :, v], style, variant_axis.label(variant, lang))
        finite = ~diverged[:, :, v]
        xs = np.broadcast_to(scales * jitter[variant], acc.shape[:2])
        ax.plot(xs[finite], acc[:, :, v][finite], linestyle="none", marker=style["marker"], markersize=3,
                markerfacecolor="none", color=style["color"], alpha=0.7)
        count = diverged[:, :, v].sum(axis=0)
        for i in np.flatnonzero(count):
            ax.plot(scales[i] * jitter[variant], strip, "x", color=style["color"], markersize=8, markeredgewidth=2)
            ax.annotate(f"{count[i]}/{n_seeds}", (scales[i] * jitter[variant], strip), xytext=(0, -11),
                        textcoords="offset points", ha="center", fontsize=6.5, color=style["color"])
    ax.set_xscale("log")
    ax.set_xlim(scales.min() / 1.6, scales.max() * 2.4)
    ax.set_ylim(-0.16, 1.13)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_xlabel(tr(lang, "가중치 초깃값의 표준편차 (로그 척도)", "initial weight std (log scale)"))
    ax.set_ylabel(tr(lang, f"훈련 정확도 ({result.config['epochs']}에폭 뒤)",
                     f"training accuracy after {result.config['epochs']} epochs"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=9, ncols=2, title=tr(
        lang, f"선: 시드 {n_seeds}개 평균(발산한 시드가 있으면 끊김), 띠: 최솟값–최댓값, 빈 점: 시드 하나, ×: 발산한 시드 수",
        f"line: mean of {n_seeds} seeds (broken where a seed diverged), band: min–max, open dots: one seed each, "
        "×: seeds that diverged"), title_fontsize=7.5)
    return fig


def data_sweep_final(result):
    acc = np.asarray(result.metrics.train_acc, dtype=np.float64)[..., -1]
    test = np.asarray(result.metrics.test_acc, dtype=np.float64)
    diverged = diverged_epoch(result)
    rows = [
        [scale, variant, seed, acc[s, i, v], test[s, i, v], int(diverged[s, i, v]) or None]
        for i, scale in enumerate(result.axes["scale"].values)
        for v, variant in enumerate(result.axes["variant"].values)
        for s, seed in enumerate(result.seeds)
    ]
    return ["weight_std", "variant", "seed", "final_train_acc", "test_acc", "diverged_at_epoch"], rows


FIGURES = (
    FigureSpec(
        id="fig-batchnorm-sweep-curves",
        book="6-19",
        caption={
            "ko": "가중치 초깃값의 표준편차마다 에폭별 훈련 정확도입니다. 실선은 배치 정규화를 쓴 신경망, 점선은 쓰지 않은 같은 "
            "신경망입니다(같은 초깃값 난수, 같은 미니배치). ×는 손실이 inf/NaN이 되어 학습이 멈춘 지점이며, 그 뒤로는 값을 "
            "그리지 않습니다.",
            "en": "Training accuracy per epoch for each initial weight std: solid with batch normalization, dashed the same "
            "network without it (same random draws, same mini-batches). A cross marks where the loss overflowed to "
            "inf/NaN and training stopped; no values are drawn after it.",
        },
        draw=draw_sweep_curves,
        data=data_sweep_curves,
    ),
    FigureSpec(
        id="fig-batchnorm-sweep-final",
        caption={
            "ko": "마지막 에폭의 훈련 정확도를 가중치 초깃값의 표준편차에 따라 나타냈습니다(로그 척도). 발산한 신경망은 아래 회색 "
            "띠에 ×로 따로 표시하고 정확도로 그리지 않습니다. 주장을 판정할 때는 발산을 0%로 셉니다.",
            "en": "Final training accuracy against the initial weight std (log scale). Networks that diverged are shown "
            "as crosses in the grey strip at the bottom, not as an accuracy; the claims count them as 0%.",
        },
        draw=draw_sweep_final,
        data=data_sweep_final,
    ),
)
