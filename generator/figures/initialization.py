"""Figures of the initial-weights page (article section 1; book 6.2).

``init-symmetry``: how far apart the hidden units drift from zero, constant and random starts,
and what the network learns from each. ``activation-histograms``: the book's 30-bin histograms
of five hidden layers' activations (Figures 6-10, 6-11, 6-13, 6-14), one figure per activation,
and the spread of each layer in one view. ``init-compare``: MNIST training loss from std 0.01,
Xavier and He (Figure 6-15), smoothed as the book does.

Settings, starts and initialisations are read in the experiments' own order (``SETTINGS``,
``VARIANTS``, ``INITS``), never from a list of our own.
"""

import math

import numpy as np

from generator import glossary
from generator.experiments.activation_histograms import SETTINGS, activation_of
from generator.experiments.init_compare import INITS
from generator.experiments.init_symmetry import SAME_TOL, VARIANTS
from generator.figures import FigureSpec
from generator.figures.common import (
    corner_notes,
    mark_diverged,
    mean_band,
    power_of_ten,
    seeds_note,
    smooth_curve,
    smoothed_loss_rows,
    smoothed_losses,
    span_text,
    tr,
)
from generator.figures.style import LINESTYLES, PALETTE, new_figure

INIT_COLOURS = {"large": PALETTE[3], "small": PALETTE[0], "xavier": PALETTE[1], "he": PALETTE[2]}
"""One colour per initial weight scale, the same in every figure of the page."""
START_STYLES = {
    "zero": {"color": PALETTE[4], "linestyle": "-", "marker": "o"},
    "constant": {"color": PALETTE[6], "linestyle": "--", "marker": "s"},
    "random": {"color": PALETTE[0], "linestyle": "-", "marker": "^"},
}
ACTIVATION_NAMES = {"sigmoid": {"ko": "시그모이드", "en": "sigmoid"}, "tanh": {"ko": "tanh", "en": "tanh"},
                    "relu": {"ko": "ReLU", "en": "ReLU"}}
DIFFER = 0.1
"""The spread above which init-symmetry calls two units clearly different (its claim's threshold)."""
CLIP_FACTOR = 3.0
"""A ReLU row's first bin (which holds every exact zero) is cut off when it is this many times
the tallest other bin, so that the rest of the histogram stays readable; its share is written on it."""


def kind_of(setting: str) -> str:
    return setting.split("-", 1)[1]


def init_label(kind: str, config, lang: str) -> str:
    """``std 1``, ``std 0.01``, ``Xavier`` or ``He`` for a setting's initial weights."""
    if kind in ("large", "small"):
        return std_label(config[f"{kind}_std"], lang)
    return glossary.term(f"{kind}-init", lang).split()[0]


def std_label(std: float, lang: str) -> str:
    return tr(lang, f"표준편차 {std:g}", f"std {std:g}")


def start_label(variant: str, config, lang: str) -> str:
    return {
        "zero": tr(lang, "모두 0", "all 0"),
        "constant": tr(lang, f"모두 {config['constant']:g}", f"all {config['constant']:g}"),
        "random": tr(lang, "무작위", "random") + f" ({std_label(config['random_std'], lang)})",
    }[variant]


def level_text(x: float) -> str:
    """``0.1`` as it is, ``1e-06`` as 10⁻⁶."""
    return f"{x:g}" if round(math.log10(x)) >= -2 else power_of_ten(x)


# init-symmetry


def draw_symmetry_spread(result, lang):
    m, config = result.metrics, result.config
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    x = np.asarray(m.trace_iteration[0])
    spread = np.asarray(m.unit_spread_trace, dtype=np.float64)  # (S, V, T)
    hidden = config["hidden_size"]
    for v, variant in enumerate(VARIANTS):
        distinct = np.asarray(m.distinct_units[:, v])
        count = span_text(distinct)
        label = start_label(variant, config, lang) + tr(lang, f": 서로 다른 뉴런 {count}/{hidden}개",
                                                         f": {count} of {hidden} units distinct")
        mean_band(ax, x, spread[:, v], START_STYLES[variant], label, markevery=(v, 3), markersize=4)
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
    equal = [v for v, variant in enumerate(VARIANTS) if variant != "random"]
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


def data_symmetry_spread(result):
    m = result.metrics
    rows = [
        [variant, seed, int(it), m.unit_spread_trace[s, v, k], int(m.distinct_units[s, v]), m.w1_change[s, v]]
        for v, variant in enumerate(VARIANTS)
        for s, seed in enumerate(result.seeds)
        for k, it in enumerate(m.trace_iteration[s])
    ]
    return ["start", "seed", "iteration", "unit_spread", "distinct_units_at_end", "w1_max_change"], rows


def draw_symmetry_accuracy(result, lang):
    m, config = result.metrics, result.config
    fig, (left, right) = new_figure(1, 2, width_ratios=(3, 2))
    fig.set_size_inches(8.0, 4.0)
    loss = np.asarray(m.train_loss, dtype=np.float64)  # (S, V, iterations)
    iterations = np.arange(1, loss.shape[2] + 1)
    every = max(1, len(iterations) // 8)
    for v, variant in enumerate(VARIANTS):
        smooth = np.stack([smooth_curve(curve) for curve in loss[:, v]])
        mean_band(left, iterations, smooth, START_STYLES[variant], start_label(variant, config, lang),
                  markevery=(v * every // 3, every), markersize=4)
    left.axhline(math.log(10), color="#777777", linewidth=0.8, linestyle=":")
    left.set_xlim(iterations[0], iterations[-1])
    left.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    left.set_ylabel(tr(lang, "훈련 손실 (평활화)", "training loss (smoothed)"))
    left.legend(loc="lower left", fontsize=8.5, title=seeds_note(result, lang), title_fontsize=8)
    left.set_title(tr(lang, "(a) 훈련 손실", "(a) training loss"), fontsize=10, loc="left")

    acc = 100 * np.asarray(m.test_acc, dtype=np.float64)  # (S, V)
    for v, variant in enumerate(VARIANTS):
        style = START_STYLES[variant]
        y = len(VARIANTS) - 1 - v
        right.plot(acc[:, v], np.full(len(acc), y), linestyle="none", marker=style["marker"], color=style["color"],
                   markersize=6, alpha=0.8)
        mean = acc[:, v].mean()
        right.plot([mean] * 2, [y - 0.3, y + 0.3], color="#000000", linewidth=1.6)
        right.annotate(f"{mean:.1f}%", (acc[:, v].max(), y), xytext=(8, 0), textcoords="offset points",
                       va="center", fontsize=9)
    right.axvline(10, color="#777777", linewidth=0.8, linestyle=":")
    right.annotate(tr(lang, "찍기 10%", "guessing 10%"), (10, len(VARIANTS) - 0.55), xytext=(3, 0),
                   textcoords="offset points", fontsize=8, color="#555555", va="center")
    right.set_yticks(range(len(VARIANTS)))
    right.set_yticklabels([start_label(v, config, lang) for v in reversed(VARIANTS)], fontsize=9)
    right.set_ylim(-0.6, len(VARIANTS) - 0.4)
    right.set_xlim(0, 100)
    right.grid(axis="y", visible=False)
    right.set_xlabel(tr(lang, "시험 정확도 (%) · 점: 시드, 세로선: 평균",
                        "test accuracy (%) · dots: seeds, bar: mean"))
    right.set_title(tr(lang, f"(b) {config['iterations']}번 갱신 뒤", f"(b) after {config['iterations']} updates"),
                    fontsize=10, loc="left")
    return fig


def data_symmetry_accuracy(result):
    m = result.metrics
    rows = []
    for v, variant in enumerate(VARIANTS):
        for s, seed in enumerate(result.seeds):
            smooth = smooth_curve(m.train_loss[s, v])
            rows += [[variant, seed, "train_loss", it + 1, m.train_loss[s, v, it], smooth[it]]
                     for it in range(len(smooth))]
            rows.append([variant, seed, "test_acc", None, m.test_acc[s, v], None])
    return ["start", "seed", "quantity", "iteration", "value", "smoothed_value"], rows


# activation-histograms


def settings_of(activation: str) -> list[int]:
    return [k for k, setting in enumerate(SETTINGS) if activation_of(setting) == activation]


def total_activations(config) -> int:
    return config["n_samples"] * config["n_units"]


def outside_frac(result, k) -> np.ndarray:
    """Share of each layer's activations outside the histogram's range, per seed (S, L)."""
    counts = np.asarray(result.metrics.hist_counts[:, k], dtype=np.float64)  # (S, L, bins)
    return 1.0 - counts.sum(axis=-1) / total_activations(result.config)


def draw_histograms(result, lang, activation):
    m, config = result.metrics, result.config
    rows = settings_of(activation)
    layers = m.hist_counts.shape[2]
    fig, axes = new_figure(len(rows), layers, sharex=True, sharey="row", squeeze=False)
    fig.set_size_inches(8.0, 1.9 * len(rows) + 0.6)
    for r, k in enumerate(rows):
        kind = kind_of(SETTINGS[k])
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
            if beyond >= 0.0005:
                notes.append(f">{edges[-1]:g}: {100 * beyond:.1f}%")
            if notes:
                ax.text(0.97, 0.95, "\n".join(notes), transform=ax.transAxes, ha="right", va="top", fontsize=7,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
            if r == 0:
                ax.set_title(tr(lang, f"{layer + 1}층", f"layer {layer + 1}"), fontsize=9)
        if clip is not None:
            axes[r, 0].set_ylim(0, clip)
        axes[r, 0].set_ylabel(init_label(kind, config, lang), fontsize=9.5, color=INIT_COLOURS[kind])
    fig.supxlabel(tr(lang, f"{ACTIVATION_NAMES[activation]['ko']} 출력 (활성화 값)",
                     f"{ACTIVATION_NAMES[activation]['en']} output (activation)"), fontsize=9)
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
    for k in settings_of(activation):
        setting = SETTINGS[k]
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
    m, config = result.metrics, result.config
    activations = list(dict.fromkeys(activation_of(s) for s in SETTINGS))
    fig, axes = new_figure(1, len(activations), sharey=True)
    fig.set_size_inches(8.0, 3.8)
    std = np.asarray(m.std, dtype=np.float64)  # (S, K, L)
    layers = np.arange(1, std.shape[2] + 1)
    for ax, activation in zip(axes, activations):
        for i, k in enumerate(settings_of(activation)):
            kind = kind_of(SETTINGS[k])
            style = {"color": INIT_COLOURS[kind], "linestyle": LINESTYLES[i % len(LINESTYLES)], "marker": "os^D"[i]}
            mean_band(ax, layers, std[:, k], style, init_label(kind, config, lang), markersize=4)
        ax.set_yscale("log")
        ax.set_xticks(layers)
        ax.set_title(ACTIVATION_NAMES[activation][lang], fontsize=10)
        ax.set_xlabel(tr(lang, "층", "layer"))
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel(tr(lang, "활성화 값의 표준편차 (로그 축)", "std of the activations (log scale)"))
    fig.suptitle(seeds_note(result, lang), fontsize=8.5)
    return fig


def data_std_by_layer(result):
    m = result.metrics
    rows = [
        [setting, seed, layer + 1, m.std[s, k, layer], m.mean[s, k, layer]]
        for k, setting in enumerate(SETTINGS)
        for s, seed in enumerate(result.seeds)
        for layer in range(m.std.shape[2])
    ]
    return ["setting", "seed", "layer", "std", "mean"], rows


# init-compare


def compare_label(init: str, config, lang: str) -> str:
    if init.startswith("std"):
        return std_label(config["small_std"], lang)
    return glossary.term(f"{init.lower()}-init", lang)


def draw_compare_loss(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    iterations = np.arange(1, m.loss.shape[2] + 1)
    every = max(1, len(iterations) // 10)
    colours = [INIT_COLOURS["small"], INIT_COLOURS["xavier"], INIT_COLOURS["he"]]
    notes = []
    for i, init in enumerate(INITS):
        style = {"color": colours[i], "linestyle": LINESTYLES[i], "marker": "os^"[i]}
        smooth, diverged = smoothed_losses(result, i)
        acc = np.asarray(m.test_acc[:, i], dtype=np.float64)
        label = compare_label(init, result.config, lang)
        if (~diverged).any():
            label += tr(lang, f" (시험 정확도 {100 * np.mean(acc[~diverged]):.1f}%)",
                        f" (test accuracy {100 * np.mean(acc[~diverged]):.1f}%)")
            mean_band(ax, iterations, smooth[~diverged], style, label, markevery=(i * every // 3, every), markersize=4)
        if diverged.any():
            mark_diverged(ax, iterations, m.diverged_at[:, i], math.log(10), colours[i])
            name, n, total = compare_label(init, result.config, lang), diverged.sum(), len(diverged)
            notes.append(tr(lang, f"{name}: 시드 {n}/{total}개 발산(×), 평균에서 뺌",
                            f"{name}: {n} of {total} seeds diverged (×), left out of the mean"))
    ax.axhline(math.log(10), color="#555555", linewidth=0.9, linestyle=":")
    ax.annotate(tr(lang, "ln 10 ≈ 2.30: 열 클래스에 같은 확률",
                   "ln 10 ≈ 2.30: equal odds for all ten classes"),
                (1.0, math.log(10)), xycoords=("axes fraction", "data"), xytext=(-4, 4), textcoords="offset points",
                ha="right", va="bottom", fontsize=8, color="#555555")
    ax.set_xlim(iterations[0], iterations[-1])
    ax.set_ylim(0, max(2.5, math.log(10) * 1.12))
    ax.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    ax.set_ylabel(tr(lang, "훈련 손실 (평활화)", "training loss (smoothed)"))
    ax.legend(loc="center right", fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    corner_notes(ax, notes)
    return fig


def data_compare_loss(result):
    rows = smoothed_loss_rows(result, INITS, result.metrics.test_acc)
    return ["init", "seed", "iteration", "loss", "smoothed_loss", "final_test_acc"], rows


def histogram_figure(activation: str, ko: str, en: str) -> FigureSpec:
    return FigureSpec(
        id=f"fig-activation-histograms-{activation}",
        experiment="activation-histograms",
        page="initialization",
        caption={"ko": ko, "en": en},
        draw=lambda result, lang: draw_histograms(result, lang, activation),
        data=lambda result: data_histograms(result, activation),
    )


FIGURES = (
    FigureSpec(
        id="fig-init-symmetry-spread",
        experiment="init-symmetry",
        page="initialization",
        caption={
            "ko": "은닉층 뉴런 사이의 최대 차이(가장 큰 |가중치|에 대한 비율)가 학습하는 동안 어떻게 변하는지. "
            "같은 값에서 시작한 두 네트워크는 끝까지 정확히 0이라 symlog 축의 바닥에 겹쳐 있다.",
            "en": "The largest difference between hidden units (relative to the largest |weight|) during training. "
            "Both networks started from equal weights stay at exactly 0, overlapping at the bottom of the "
            "symlog axis.",
        },
        draw=draw_symmetry_spread,
        data=data_symmetry_spread,
    ),
    FigureSpec(
        id="fig-init-symmetry-accuracy",
        experiment="init-symmetry",
        page="initialization",
        caption={
            "ko": "같은 세 네트워크의 훈련 손실(책처럼 평활화)과 학습이 끝난 뒤의 시험 정확도.",
            "en": "Training loss of the same three networks (smoothed as in the book) and their test accuracy "
            "at the end.",
        },
        draw=draw_symmetry_accuracy,
        data=data_symmetry_accuracy,
    ),
    histogram_figure(
        "sigmoid",
        "시그모이드를 쓴 각 은닉층의 활성화 값 분포(히스토그램). 행마다 가중치 초깃값이 다르다: "
        "큰 표준편차, 작은 표준편차, Xavier 초깃값.",
        "Activations of each sigmoid hidden layer (histograms); each row starts from different weights: "
        "a large std, a small std, Xavier initialization.",
    ),
    histogram_figure(
        "tanh",
        "같은 실험을 tanh로: 큰 표준편차, 작은 표준편차, Xavier 초깃값.",
        "The same with tanh: a large std, a small std, Xavier initialization.",
    ),
    histogram_figure(
        "relu",
        "같은 실험을 ReLU로: 작은 표준편차, Xavier 초깃값, He 초깃값. 정확히 0인 값은 첫 칸에 들어가며, "
        "첫 칸이 나머지보다 훨씬 높으면 잘라 그리고 그 비율(↑)을 적었다.",
        "The same with ReLU: a small std, Xavier and He initialization. Exact zeros fall in the first bin; "
        "where that bin towers over the rest it is cut off and its share (↑) written on it.",
    ),
    FigureSpec(
        id="fig-activation-std-by-layer",
        experiment="activation-histograms",
        page="initialization",
        caption={
            "ko": "아홉 설정에서 층마다 잰 활성화 값의 표준편차(로그 축). 선이 수평이면 분포의 폭이 층을 지나도 "
            "유지된다는 뜻이다.",
            "en": "Standard deviation of each layer's activations in all nine settings (log scale). "
            "A flat line means the width of the distribution survives the trip through the layers.",
        },
        draw=draw_std_by_layer,
        data=data_std_by_layer,
    ),
    FigureSpec(
        id="fig-init-compare-loss",
        experiment="init-compare",
        page="initialization",
        caption={
            "ko": "MNIST에서 초깃값만 다른 세 ReLU 신경망의 훈련 손실(책처럼 평활화). 점선은 처음 손실인 ln 10.",
            "en": "Training loss on MNIST of three ReLU networks that differ only in their initial weights "
            "(smoothed as in the book); the dotted line is the starting loss ln 10.",
        },
        draw=draw_compare_loss,
        data=data_compare_loss,
    ),
)
