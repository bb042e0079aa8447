"""Figures of the activation-histograms experiment (article section 1; book 6.2.2-6.2.3).

The book's 30-bin histograms of five hidden layers' activations (Figures 6-10, 6-11, 6-13 and
6-14), one figure per activation with a row per initial weight scale, and the spread of every
layer in all nine settings in one view. Settings, activations and scales and their labels are
read from the result's ``setting``, ``activation`` and ``init`` axes.
"""

import numpy as np

from generator.experiments.activation_histograms import activation_of, init_of
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, tr
from generator.plot.style import LINESTYLES, PALETTE, new_figure

INIT_COLOURS = {"large": PALETTE[3], "small": PALETTE[0], "xavier": PALETTE[1], "he": PALETTE[2]}
"""One colour per initial weight scale, the same in every figure of the page (init-compare's too)."""
CLIP_FACTOR = 3.0
"""A ReLU row's first bin (which holds every exact zero) is cut off when it is this many times
the tallest other bin, so that the rest of the histogram stays readable; its share is written on it."""
SHOWN_OUTSIDE = 0.0005
"""Shares of activations beyond the histogram's range from which a panel writes them down (0.1% when rounded)."""


def settings_of(result, activation: str) -> list[int]:
    """Indices on the setting axis of the settings that use ``activation``."""
    return [k for k, setting in enumerate(result.axes["setting"].values) if activation_of(setting) == activation]


def total_activations(config) -> int:
    return config["n_samples"] * config["n_units"]


def outside_frac(result, k) -> np.ndarray:
    """Share of each layer's activations outside the histogram's range, per seed (S, L)."""
    counts = np.asarray(result.metrics.hist_counts[:, k], dtype=np.float64)  # (S, L, bins)
    return 1.0 - counts.sum(axis=-1) / total_activations(result.config)


def draw_histograms(result, lang, activation):
    m, config = result.metrics, result.config
    settings, inits = result.axes["setting"], result.axes["init"]
    rows = settings_of(result, activation)
    layers = m.hist_counts.shape[2]
    fig, axes = new_figure(len(rows), layers, sharex=True, sharey="row", squeeze=False)
    fig.set_size_inches(8.0, 1.9 * len(rows) + 0.6)
    for r, k in enumerate(rows):
        kind = init_of(settings.values[k])
        counts = np.asarray(m.hist_counts[:, k], dtype=np.float64)  # (S, L, bins)
        edges = np.asarray(m.bin_edges[0, k])
        mean, low, high = counts.mean(axis=0), counts.min(axis=0), counts.max(axis=0)
        clip = None
        if activation == "relu":
            rest = high[:, 1:].max()
            if rest > 0 and mean[:, 0].max() > CLIP_FACTOR * rest:
                clip = 1.3 * rest
        for layer in range(layers):
            ax = axes[r, layer]
            centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
            ax.bar(centres, mean[layer], width=widths, color=INIT_COLOURS[kind], alpha=0.85, linewidth=0)
            if len(result.seeds) > 1:
                ax.errorbar(centres, mean[layer], yerr=[mean[layer] - low[layer], high[layer] - mean[layer]],
                            fmt="none", ecolor="#222222", elinewidth=0.6, capsize=0)
            ax.set_xlim(edges[0], edges[-1])
            ax.set_xticks(np.linspace(edges[0], edges[-1], 3))  # five tick labels per panel run into the next panel's
            ax.grid(axis="x", visible=False)
            ax.tick_params(labelsize=7)
            notes = []
            if clip is not None:
                share = mean[layer, 0] / total_activations(config)
                ax.annotate(f"↑{100 * share:.0f}%", (edges[1], clip), xytext=(2, -2), textcoords="offset points",
                            ha="left", va="top", fontsize=7, color=INIT_COLOURS[kind])
            if activation == "relu":
                zero = np.asarray(m.zero_frac[:, k, layer]).mean()
                notes.append(f"=0: {100 * zero:.0f}%")
            beyond = outside_frac(result, k)[:, layer].mean()
            if beyond >= SHOWN_OUTSIDE:
                notes.append(f">{edges[-1]:g}: {100 * beyond:.1f}%")
            if notes:
                ax.text(0.97, 0.95, "\n".join(notes), transform=ax.transAxes, ha="right", va="top", fontsize=7,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
            if r == 0:
                ax.set_title(tr(lang, f"{layer + 1}층", f"layer {layer + 1}"), fontsize=9)
        if clip is not None:
            axes[r, 0].set_ylim(0, clip)
        axes[r, 0].set_ylabel(inits.label(kind, lang), fontsize=9.5, color=INIT_COLOURS[kind])
    name = result.axes["activation"].label(activation, lang)
    fig.supxlabel(tr(lang, f"{name} 출력 (활성화 값)", f"{name} output (activation)"), fontsize=9)
    fig.supylabel(tr(lang, f"층마다 활성화 값 {total_activations(config)}개 중 개수",
                     f"count among each layer's {total_activations(config)} activations"), fontsize=9)
    if len(result.seeds) > 1:
        n = len(result.seeds)
        fig.suptitle(tr(lang, f"막대: 시드 {n}개의 칸별 평균 개수, 오차 막대: 최솟값–최댓값",
                        f"bars: mean count per bin over {n} seeds, error bars: min–max"), fontsize=8.5)
    return fig


def data_histograms(result, activation):
    m = result.metrics
    rows = []
    for k in settings_of(result, activation):
        setting = result.axes["setting"].values[k]
        edges = m.bin_edges[0, k]
        beyond = outside_frac(result, k)
        for s, seed in enumerate(result.seeds):
            for layer in range(m.hist_counts.shape[2]):
                rows += [[setting, layer + 1, seed, "count", edges[b], edges[b + 1], int(m.hist_counts[s, k, layer, b])]
                         for b in range(m.hist_counts.shape[3])]
                rows.append([setting, layer + 1, seed, "zero_frac", None, None, m.zero_frac[s, k, layer]])
                rows.append([setting, layer + 1, seed, "outside_frac", None, None, beyond[s, layer]])
    return ["setting", "layer", "seed", "quantity", "bin_lo", "bin_hi", "value"], rows


def draw_std_by_layer(result, lang):
    m = result.metrics
    settings, inits, activations = result.axes["setting"], result.axes["init"], result.axes["activation"]
    fig, axes = new_figure(1, len(activations.values), sharey=True)
    fig.set_size_inches(8.0, 3.8)
    std = np.asarray(m.std, dtype=np.float64)  # (S, K, L)
    layers = np.arange(1, std.shape[2] + 1)
    for ax, activation in zip(axes, activations.values):
        for i, k in enumerate(settings_of(result, activation)):
            kind = init_of(settings.values[k])
            style = {"color": INIT_COLOURS[kind], "linestyle": LINESTYLES[i % len(LINESTYLES)], "marker": "os^D"[i]}
            mean_band(ax, layers, std[:, k], style, inits.label(kind, lang), markersize=4)
        ax.set_yscale("log")
        ax.set_xticks(layers)
        ax.set_title(activations.label(activation, lang), fontsize=10)
        ax.set_xlabel(tr(lang, "층", "layer"))
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel(tr(lang, "활성화 값의 표준편차 (로그 척도)", "std of the activations (log scale)"))
    fig.suptitle(seeds_note(result, lang), fontsize=8.5)
    return fig


def data_std_by_layer(result):
    m = result.metrics
    rows = [
        [setting, seed, layer + 1, m.std[s, k, layer], m.mean[s, k, layer]]
        for k, setting in enumerate(result.axes["setting"].values)
        for s, seed in enumerate(result.seeds)
        for layer in range(m.std.shape[2])
    ]
    return ["setting", "seed", "layer", "std", "mean"], rows


def histogram_figure(activation: str, book: str | None, ko: str, en: str) -> FigureSpec:
    return FigureSpec(
        id=f"fig-activation-histograms-{activation}",
        book=book,
        caption={"ko": ko, "en": en},
        draw=lambda result, lang: draw_histograms(result, lang, activation),
        data=lambda result: data_histograms(result, activation),
    )


FIGURES = (
    histogram_figure(
        "sigmoid",
        "6-10, 6-11, 6-13",
        "시그모이드를 쓴 각 은닉층의 활성화 값 분포(히스토그램)입니다. 행마다 가중치 초깃값이 다르며, "
        "위에서부터 큰 표준편차, 작은 표준편차, Xavier 초깃값입니다.",
        "Activations of each sigmoid hidden layer (histograms); each row starts from different weights: "
        "a large std, a small std, Xavier initialization.",
    ),
    histogram_figure(
        "tanh",
        None,
        "같은 실험을 tanh로 한 결과입니다. 행은 위에서부터 큰 표준편차, 작은 표준편차, Xavier 초깃값입니다.",
        "The same with tanh: a large std, a small std, Xavier initialization.",
    ),
    histogram_figure(
        "relu",
        "6-14",
        "같은 실험을 ReLU로 한 결과입니다. 행은 위에서부터 작은 표준편차, Xavier 초깃값, He 초깃값입니다. "
        "정확히 0인 값은 첫 칸에 들어가며, "
        "첫 칸이 나머지보다 훨씬 높으면 잘라 그리고 그 비율(↑)을 적었습니다.",
        "The same with ReLU: a small std, Xavier and He initialization. Exact zeros fall in the first bin; "
        "where that bin towers over the rest it is cut off and its share (↑) written on it.",
    ),
    FigureSpec(
        id="fig-activation-std-by-layer",
        caption={
            "ko": "아홉 설정에서 층마다 잰 활성화 값의 표준편차(로그 척도)입니다. 선이 수평이면 분포의 폭이 층을 지나도 "
            "유지된다는 뜻입니다.",
            "en": "Standard deviation of each layer's activations in all nine settings (log scale). "
            "A flat line means the width of the distribution survives the trip through the layers.",
        },
        draw=draw_std_by_layer,
        data=data_std_by_layer,
    ),
)
