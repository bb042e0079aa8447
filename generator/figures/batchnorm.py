"""Figures of the batch-normalisation page (article section 2; book 6.3).

``batchnorm-sweep``: training accuracy per epoch with and without batch norm, one panel per
initial weight scale (book Figure 6-19), and the final training accuracy against the scale.
Without batch norm the largest scales overflow: the trainer stops such a network and records
the iteration (``diverged_at``); its later accuracies are NaN. The figures mark those runs and
never draw them as numbers. ``batchnorm-gradcheck``: the relative error of backpropagation
against central differences per parameter, and how many gradient entries are non-zero with the
checked batch and with the book's batch of one.

Variants, scales and parameter names are read from the experiment modules.
"""

import math

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from generator import glossary
from generator.experiments.batchnorm_gradcheck import biases_before_norm, param_names
from generator.experiments.batchnorm_sweep import VARIANTS, WIDE_SCALE_MIN
from generator.figures import FigureSpec
from generator.figures.common import mean_band, power_of_ten, seeds_note, span_text, tr
from generator.figures.style import PALETTE, new_figure

VARIANT_STYLES = {
    "batch-norm": {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
    "plain": {"color": PALETTE[3], "linestyle": "--", "marker": "s"},
}
"""Batch norm solid, without it dashed, as in the book; the same in every figure of the page."""
CHANCE_LIKE = 0.2
"""Final accuracy at or below which the sweep's claim says a network did not learn."""
GRADCHECK_AGREE = 1e-6
"""Threshold of the gradient-check claim on the relative error."""
BIAS_ZERO = 1e-8
"""Threshold of the claim that biases before batch norm have no gradient."""


def variant_label(variant: str, lang: str) -> str:
    bn = glossary.term("batch-norm", lang)
    return tr(lang, f"{bn} 사용", f"with {bn}") if variant == "batch-norm" else tr(lang, f"{bn} 없음", f"without {bn}")


def diverged_epoch(result) -> np.ndarray:
    """The epoch (1-based) during which each network diverged, 0 where it never did; (S, scales, V)."""
    config = result.config
    per_epoch = config["n_train"] // config["batch_size"]
    at = np.asarray(result.metrics.diverged_at)
    return np.where(at >= 0, -(-at // per_epoch), 0)


# batchnorm-sweep


def draw_sweep_curves(result, lang):
    m = result.metrics
    acc = np.asarray(m.train_acc, dtype=np.float64)  # (S, scales, V, epochs + 1)
    scales = np.asarray(m.scales)[0]
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
        for v, variant in enumerate(VARIANTS):
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
                who = tr(lang, "BN 사용", "BN") if variant == "batch-norm" else tr(lang, "BN 없음", "no BN")
                notes.append(tr(lang, f"{who}: 에폭 {span_text(lost[lost > 0])}에서 발산\n(시드 {np.count_nonzero(lost)}/{n_seeds})",
                                f"{who}: diverged at epoch {span_text(lost[lost > 0])}\n({np.count_nonzero(lost)}/{n_seeds} seeds)"))
        if notes:
            ax.text(0.04, 0.96, "\n".join(notes), transform=ax.transAxes, ha="left", va="top", fontsize=7,
                    color="#333333", bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6,
                                            "boxstyle": "round,pad=0.25"})
        ax.set_title(tr(lang, f"W 표준편차 = {scales[i]:.2g}", f"W std = {scales[i]:.2g}"), fontsize=9)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(epochs[0], epochs[-1])
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    for ax in axes[-1]:
        ax.set_xlabel(tr(lang, "에폭", "epoch"), fontsize=9)
    for ax in axes[:, 0]:
        ax.set_ylabel(tr(lang, "훈련 정확도", "training accuracy"), fontsize=9)
    handles = [Line2D([], [], **VARIANT_STYLES[v], markersize=4, label=variant_label(v, lang)) for v in VARIANTS]
    handles.append(Line2D([], [], linestyle="none", marker="x", color="#333333", markersize=7, markeredgewidth=1.8,
                          label=tr(lang, "발산(inf/NaN): 이후 값 없음", "diverged (inf/NaN): no values after")))
    fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_sweep_curves(result):
    m = result.metrics
    acc = np.asarray(m.train_acc, dtype=np.float64)
    scales = np.asarray(m.scales)[0]
    diverged = diverged_epoch(result)
    rows = [
        [float(scales[i]), variant, seed, epoch, acc[s, i, v, epoch], int(diverged[s, i, v]) or None]
        for i in range(len(scales))
        for v, variant in enumerate(VARIANTS)
        for s, seed in enumerate(result.seeds)
        for epoch in range(acc.shape[-1])
    ]
    return ["weight_std", "variant", "seed", "epoch", "train_acc", "diverged_at_epoch"], rows


def draw_sweep_final(result, lang):
    m = result.metrics
    acc = np.asarray(m.train_acc, dtype=np.float64)[..., -1]  # (S, scales, V)
    scales = np.asarray(m.scales)[0]
    diverged = diverged_epoch(result) > 0
    n_seeds = acc.shape[0]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    strip = -0.09
    ax.axhspan(-0.14, -0.04, color="#eeeeee", linewidth=0)
    ax.annotate(tr(lang, "발산 (정확도 없음)", "diverged (no accuracy)"), (0.0, strip), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=8, color="#555555")
    wide = scales[scales >= WIDE_SCALE_MIN * (1 - 1e-9)]
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
    for v, variant in enumerate(VARIANTS):
        style = VARIANT_STYLES[variant]
        mean_band(ax, scales, acc[:, :, v], style, variant_label(variant, lang))
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
    ax.set_xlabel(tr(lang, "가중치 초깃값의 표준편차 (로그 축)", "initial weight std (log scale)"))
    ax.set_ylabel(tr(lang, f"훈련 정확도 ({result.config['epochs']}에폭 뒤)",
                     f"training accuracy after {result.config['epochs']} epochs"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=9, ncols=2, title=tr(
        lang, f"선: 시드 {n_seeds}개 평균(발산한 시드가 있으면 끊김), 띠: 최솟값–최댓값, 빈 점: 시드 하나, ×: 발산한 시드 수",
        f"line: mean of {n_seeds} seeds (broken where a seed diverged), band: min–max, open dots: one seed each, "
        "×: seeds that diverged"), title_fontsize=7.5)
    return fig


def data_sweep_final(result):
    m = result.metrics
    acc = np.asarray(m.train_acc, dtype=np.float64)[..., -1]
    test = np.asarray(m.test_acc, dtype=np.float64)
    scales = np.asarray(m.scales)[0]
    diverged = diverged_epoch(result)
    rows = [
        [float(scales[i]), variant, seed, acc[s, i, v], test[s, i, v], int(diverged[s, i, v]) or None]
        for i in range(len(scales))
        for v, variant in enumerate(VARIANTS)
        for s, seed in enumerate(result.seeds)
    ]
    return ["weight_std", "variant", "seed", "final_train_acc", "test_acc", "diverged_at_epoch"], rows


# batchnorm-gradcheck


def gradcheck_names(result) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parameter names in network order, and the biases before batch norm among them."""
    hidden = len(result.config["hidden_sizes"])
    return param_names(hidden), biases_before_norm(hidden)


def pretty(name: str) -> str:
    return name.replace("gamma", "γ").replace("beta", "β")


def draw_gradcheck_errors(result, lang):
    m = result.metrics
    names, zero = gradcheck_names(result)
    checked = [k for k, n in enumerate(names) if n not in zero]
    biases = [k for k, n in enumerate(names) if n in zero]
    error = np.asarray(m.max_rel_error, dtype=np.float64)  # (S, P)
    largest = np.asarray(m.max_abs_analytic, dtype=np.float64).max(axis=1, keepdims=True)  # (S, 1)
    fig, (left, right) = new_figure(1, 2, width_ratios=(len(checked), max(2.5, 1.4 * len(biases))))
    fig.set_size_inches(8.0, 4.2)
    n_seeds = error.shape[0]
    offsets = np.linspace(-0.18, 0.18, n_seeds) if n_seeds > 1 else np.zeros(1)
    x = np.arange(len(checked))
    values = error[:, checked]
    left.bar(x, np.exp(np.log(values).mean(axis=0)), width=0.6, color=PALETTE[0], alpha=0.35,
             label=tr(lang, "시드 기하평균", "geometric mean over seeds"))
    for s in range(n_seeds):
        left.plot(x + offsets[s], values[s], "o", color=PALETTE[0], markersize=4,
                  label=tr(lang, "시드 하나", "one seed") if s == 0 else None)
    left.axhline(GRADCHECK_AGREE, color=PALETTE[3], linewidth=1.0, linestyle="--",
                 label=tr(lang, f"주장의 기준 {power_of_ten(GRADCHECK_AGREE)}", f"claim threshold {power_of_ten(GRADCHECK_AGREE)}"))
    left.set_yscale("log")
    left.set_ylim(min(values.min() / 10, GRADCHECK_AGREE / 1e4), GRADCHECK_AGREE * 1e3)
    left.set_xticks(x, [pretty(names[k]) for k in checked])
    left.set_title(tr(lang, "기울기가 있는 매개변수: 오차역전파 대 수치 미분", "parameters with a gradient: backprop vs numerical"),
                   fontsize=9)
    left.set_ylabel(tr(lang, "상대 오차 max|해석−수치| / max|기울기|", "relative error max|analytic − numerical| / max|grad|"),
                    fontsize=9)
    left.legend(loc="upper left", fontsize=8)

    bx = np.arange(len(biases))
    for j, (key, marker, label) in enumerate((
        ("max_abs_analytic", "o", tr(lang, "오차역전파", "backprop")),
        ("max_abs_numerical", "s", tr(lang, "수치 미분", "numerical")),
    )):
        ratio = np.asarray(m[key], dtype=np.float64)[:, biases] / largest
        shown = np.where(ratio > 0, ratio, np.nan)
        for s in range(n_seeds):
            right.plot(bx + (j - 0.5) * 0.3 + offsets[s] / 2, shown[s], marker, color=PALETTE[1 + j], markersize=4,
                       label=label if s == 0 else None)
        exact = np.count_nonzero(ratio == 0)
        if exact:
            right.annotate(tr(lang, f"{label}: 정확히 0 ({exact}개)", f"{label}: exactly 0 ({exact})"),
                           (0.5, 0.05 + 0.07 * j), xycoords="axes fraction", ha="center", fontsize=7.5,
                           color=PALETTE[1 + j])
    right.axhline(BIAS_ZERO, color=PALETTE[3], linewidth=1.0, linestyle="--")
    right.annotate(tr(lang, f"기준 {power_of_ten(BIAS_ZERO)}", f"threshold {power_of_ten(BIAS_ZERO)}"), (0.98, BIAS_ZERO),
                   xycoords=("axes fraction", "data"), xytext=(0, 3), textcoords="offset points", ha="right",
                   fontsize=7.5, color=PALETTE[3])
    right.set_yscale("log")
    right.set_ylim(1e-20, 1)
    right.set_xlim(-0.6, len(biases) - 0.4)
    right.set_xticks(bx, [pretty(names[k]) for k in biases])
    right.set_title(tr(lang, "배치 정규화 앞의 편향:\n설계상 기울기 0", "biases before batch norm:\nzero gradient by design"),
                    fontsize=9)
    right.set_ylabel(tr(lang, "max|기울기| / 신경망 전체의 max|기울기|", "max|grad| / network's largest |grad|"), fontsize=9)
    right.legend(loc="upper right", fontsize=8)
    return fig


def data_gradcheck_errors(result):
    m = result.metrics
    names, zero = gradcheck_names(result)
    largest = np.asarray(m.max_abs_analytic, dtype=np.float64).max(axis=1)
    rows = [
        [seed, name, int(m.entries[s, k]), name in zero, m.max_rel_error[s, k], m.max_abs_diff[s, k],
         m.max_abs_analytic[s, k], m.max_abs_numerical[s, k], largest[s]]
        for s, seed in enumerate(result.seeds)
        for k, name in enumerate(names)
    ]
    header = ["seed", "parameter", "entries", "zero_by_design", "max_rel_error", "max_abs_diff",
              "max_abs_analytic", "max_abs_numerical", "network_max_abs_analytic"]
    return header, rows


def overall(result, key) -> np.ndarray:
    """Fraction of all parameter entries with a non-zero gradient, per seed (S,)."""
    entries = np.asarray(result.metrics.entries, dtype=np.float64)
    return (np.asarray(result.metrics[key]) * entries).sum(axis=1) / entries.sum(axis=1)


def draw_gradcheck_nonzero(result, lang):
    m = result.metrics
    names, zero = gradcheck_names(result)
    batch = result.config["batch_size"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.2)
    x = np.arange(len(names))
    width = 0.38
    for j, (key, size) in enumerate((("nonzero_frac", batch), ("nonzero_frac_batch1", 1))):
        frac = np.asarray(m[key], dtype=np.float64)  # (S, P)
        share = overall(result, key)
        colour = PALETTE[0] if j == 0 else PALETTE[1]
        label = tr(lang, f"배치 {size}장: 전체 항목의 {share.mean():.2%}가 0 아님",
                   f"batch of {size}: {share.mean():.2%} of all entries non-zero")
        xs = x + (j - 0.5) * width
        mean = frac.mean(axis=0)
        ax.bar(xs, mean, width=width, color=colour, alpha=0.85 if j == 0 else 0.9, label=label,
               yerr=np.stack([mean - frac.min(axis=0), frac.max(axis=0) - mean]), capsize=2,
               error_kw={"linewidth": 0.8, "ecolor": "#333333"})
        for k in np.flatnonzero(frac.max(axis=0) == 0):
            ax.text(xs[k], 0.015, "0", ha="center", va="bottom", fontsize=8, color=colour)
    for k, name in enumerate(names):
        if name in zero:
            ax.annotate(tr(lang, "설계상 0", "0 by design"), (x[k], 0.07), ha="center", va="bottom", fontsize=7.5,
                        color="#555555")
    ax.set_xticks(x, [pretty(n) for n in names])
    ax.set_ylim(0, 1.12)
    ax.set_yticks(np.linspace(0, 1, 6), [f"{v:.0%}" for v in np.linspace(0, 1, 6)])
    ax.set_xlabel(tr(lang, "매개변수 (신경망 순서)", "parameter (network order)"))
    ax.set_ylabel(tr(lang, "기울기가 0이 아닌 항목의 비율", "share of gradient entries that are non-zero"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8.5,
              title=tr(lang, f"막대: 시드 {len(result.seeds)}개 평균, 오차 막대: 최솟값–최댓값",
                       f"bars: mean of {len(result.seeds)} seeds, whiskers: min–max"), title_fontsize=8)
    return fig


def data_gradcheck_nonzero(result):
    m = result.metrics
    names, zero = gradcheck_names(result)
    batch = result.config["batch_size"]
    rows = [
        [seed, name, int(m.entries[s, k]), name in zero, size, m[key][s, k]]
        for s, seed in enumerate(result.seeds)
        for key, size in (("nonzero_frac", batch), ("nonzero_frac_batch1", 1))
        for k, name in enumerate(names)
    ]
    return ["seed", "parameter", "entries", "zero_by_design", "batch_size", "nonzero_frac"], rows


FIGURES = (
    FigureSpec(
        id="fig-batchnorm-sweep-curves",
        experiment="batchnorm-sweep",
        page="batch-norm",
        caption={
            "ko": "가중치 초깃값의 표준편차마다 에폭별 훈련 정확도. 실선은 배치 정규화 사용, 점선은 사용하지 않은 같은 신경망"
            "(같은 초깃값 난수, 같은 미니배치). ×는 손실이 inf/NaN이 되어 학습이 멈춘 지점이며, 그 뒤로는 값이 없다.",
            "en": "Training accuracy per epoch for each initial weight std: solid with batch normalization, dashed the same "
            "network without it (same random draws, same mini-batches). A cross marks where the loss overflowed to "
            "inf/NaN and training stopped; no values are drawn after it.",
        },
        draw=draw_sweep_curves,
        data=data_sweep_curves,
    ),
    FigureSpec(
        id="fig-batchnorm-sweep-final",
        experiment="batchnorm-sweep",
        page="batch-norm",
        caption={
            "ko": "마지막 에폭의 훈련 정확도를 가중치 초깃값의 표준편차에 따라 본 것(로그 축). 발산한 신경망은 아래 회색 띠에 ×로 "
            "따로 표시하고 정확도로 그리지 않는다. 주장을 판정할 때는 발산을 0%로 센다.",
            "en": "Final training accuracy against the initial weight std (log scale). Networks that diverged are shown "
            "as crosses in the grey strip at the bottom, not as an accuracy; the claims count them as 0%.",
        },
        draw=draw_sweep_final,
        data=data_sweep_final,
    ),
    FigureSpec(
        id="fig-batchnorm-gradcheck-errors",
        experiment="batchnorm-gradcheck",
        page="batch-norm",
        caption={
            "ko": "배치 정규화 신경망의 기울기 확인: 매개변수마다 오차역전파와 수치 미분(중앙 차분, float64)의 최대 상대 오차(로그 축). "
            "배치 정규화 바로 앞의 편향은 기울기가 설계상 0이므로 오른쪽에 크기만 따로 보인다.",
            "en": "Gradient check of the batch-norm network: largest relative error between backpropagation and central "
            "differences (float64) per parameter (log scale). Biases right before batch normalization have zero "
            "gradient by design, so the right panel shows their size instead.",
        },
        draw=draw_gradcheck_errors,
        data=data_gradcheck_errors,
    ),
    FigureSpec(
        id="fig-batchnorm-gradcheck-nonzero",
        experiment="batchnorm-gradcheck",
        page="batch-norm",
        caption={
            "ko": "매개변수마다 기울기가 0이 아닌 항목의 비율: 여러 장의 배치와 책처럼 이미지 한 장일 때. 한 장이면 마지막 편향 말고는 "
            "모두 0이라, 그 확인은 0과 0을 비교할 뿐이다.",
            "en": "Share of non-zero gradient entries per parameter, for a batch of several images and for the book's "
            "single image. With one image every gradient but the last bias is zero, so that check compares zeros with zeros.",
        },
        draw=draw_gradcheck_nonzero,
        data=data_gradcheck_nonzero,
    ),
)
