"""Figures of the batch-norm gradient check (article section 2; book 6.3, 5.7.3).

The relative error of backpropagation against central differences per parameter, over the
entries whose step crosses no ReLU kink (the claim) and over all entries (the worst case), with
the number of kink-crossing entries, every point inside the axes; the biases before batch norm
(zero gradient by design) shown by size instead; and how many gradient entries are non-zero with
the checked batch and with the book's batch of one. Parameter names are read from the result's
axis; the thresholds are the claims' own.
"""

import numpy as np

from generator.experiments.batchnorm_gradcheck import AGREE, BIAS_ZERO, biases_before_norm, overall_nonzero
from generator.plot import FigureSpec
from generator.plot.common import power_of_ten, tr
from generator.plot.style import PALETTE, new_figure


def gradcheck_names(result) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parameter names in network order, from the result's axis, and the biases before batch norm among them."""
    names = result.axes["parameter"].values
    return names, biases_before_norm(len(result.config["hidden_sizes"]))


def draw_gradcheck_errors(result, lang):
    m = result.metrics
    names, zero = gradcheck_names(result)
    parameter_axis = result.axes["parameter"]
    checked = [k for k, n in enumerate(names) if n not in zero]
    biases = [k for k, n in enumerate(names) if n in zero]
    smooth = np.asarray(m.max_rel_error_smooth, dtype=np.float64)[:, checked]  # (S, P checked): the claim
    every = np.asarray(m.max_rel_error, dtype=np.float64)[:, checked]  # all entries, kinks included
    kinks = np.asarray(m.kink_entries)[:, checked].sum(axis=0)  # (P checked,) over seeds
    largest = np.asarray(m.max_abs_analytic, dtype=np.float64).max(axis=1, keepdims=True)  # (S, 1)
    fig, (left, right) = new_figure(1, 2, width_ratios=(len(checked), max(2.5, 1.4 * len(biases))))
    fig.set_size_inches(8.0, 4.6)
    n_seeds = smooth.shape[0]
    offsets = np.linspace(-0.18, 0.18, n_seeds) if n_seeds > 1 else np.zeros(1)
    x = np.arange(len(checked))
    left.bar(x, np.exp(np.log(smooth).mean(axis=0)), width=0.6, color=PALETTE[0], alpha=0.35,
             label=tr(lang, "시드 기하평균", "geometric mean over seeds"))
    for s in range(n_seeds):
        left.plot(x + offsets[s], smooth[s], "o", color=PALETTE[0], markersize=4,
                  label=tr(lang, "시드 하나: 꺾이는 점을 넘지 않는 항목 (주장)",
                           "one seed: entries crossing no kink (the claim)") if s == 0 else None)
    worse = every > smooth  # the worst entry of that parameter and seed crossed a kink
    for n, (s, k) in enumerate(zip(*np.nonzero(worse))):
        left.plot(x[k] + offsets[s], every[s, k], "X", color=PALETTE[3], markersize=7,
                  label=tr(lang, "모든 항목 (꺾이는 점 포함): 가장 나쁜 경우", "all entries (kinks included): worst case")
                  if n == 0 else None)
    left.axhline(AGREE, color=PALETTE[3], linewidth=1.0, linestyle="--",
                 label=tr(lang, f"주장의 기준 {power_of_ten(AGREE)}", f"claim threshold {power_of_ten(AGREE)}"))
    left.set_yscale("log")
    low = min(np.nanmin(smooth) / 10, AGREE / 1e4)
    high = max(np.nanmax(every) * 30, AGREE * 1e3)  # every point inside, with room for the counts above
    left.set_ylim(low, high)
    for xi, count in zip(x, kinks):
        left.annotate(f"{count}", (xi, 1), xycoords=("data", "axes fraction"), xytext=(0, -2),
                      textcoords="offset points", ha="center", va="top", fontsize=7.5,
                      color=PALETTE[3] if count else "#777777")
    left.annotate(tr(lang, "꺾이는 점을 넘는 항목 수 (모든 시드):", "kink-crossing entries (all seeds):"), (0, 1),
                  xycoords="axes fraction", xytext=(2, 9), textcoords="offset points", ha="left", va="bottom",
                  fontsize=7.5, color="#555555")
    left.set_xticks(x, [parameter_axis.label(names[k], lang) for k in checked])
    left.set_title(tr(lang, "기울기가 있는 매개변수: 오차역전파법 대 수치 미분", "parameters with a gradient: backprop vs numerical"),
                   fontsize=9, pad=18)
    left.set_ylabel(tr(lang, "상대 오차 max|해석−수치| / max|기울기|", "relative error max|analytic − numerical| / max|grad|"),
                    fontsize=9)
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8)

    bx = np.arange(len(biases))
    for j, (key, marker, label) in enumerate((
        ("max_abs_analytic", "o", tr(lang, "오차역전파법", "backprop")),
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
    ratios = np.concatenate([np.asarray(m[key], dtype=np.float64)[:, biases] / largest
                             for key in ("max_abs_analytic", "max_abs_numerical")])
    positive = ratios[ratios > 0]
    right.set_ylim(min(1e-20, positive.min() / 10) if positive.size else 1e-20, max(1, ratios.max() * 10))
    right.set_xlim(-0.6, len(biases) - 0.4)
    right.set_xticks(bx, [parameter_axis.label(names[k], lang) for k in biases])
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
        [seed, name, int(m.entries[s, k]), name in zero, int(m.kink_entries[s, k]), m.max_rel_error_smooth[s, k],
         m.max_rel_error[s, k], m.max_abs_diff[s, k], m.max_abs_analytic[s, k], m.max_abs_numerical[s, k], largest[s]]
        for s, seed in enumerate(result.seeds)
        for k, name in enumerate(names)
    ]
    header = ["seed", "parameter", "entries", "zero_by_design", "kink_entries", "max_rel_error_no_kink",
              "max_rel_error_all", "max_abs_diff", "max_abs_analytic", "max_abs_numerical", "network_max_abs_analytic"]
    return header, rows


def draw_gradcheck_nonzero(result, lang):
    m = result.metrics
    names, zero = gradcheck_names(result)
    parameter_axis = result.axes["parameter"]
    batch = result.config["batch_size"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.2)
    x = np.arange(len(names))
    width = 0.38
    for j, (key, size) in enumerate((("nonzero_frac", batch), ("nonzero_frac_batch1", 1))):
        frac = np.asarray(m[key], dtype=np.float64)  # (S, P)
        share = overall_nonzero(result.metrics, key)  # (S,)
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
    ax.set_xticks(x, [parameter_axis.label(n, lang) for n in names])
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
        id="fig-batchnorm-gradcheck-errors",
        caption={
            "ko": "배치 정규화 신경망의 기울기 확인입니다. 매개변수마다 오차역전파법과 수치 미분(중앙 차분, float64)의 최대 상대 "
            "오차를 보입니다(로그 척도). 동그라미는 간격 안에서 ReLU가 꺾이는 점을 넘지 않는 항목들의 값(주장 판정에 쓰는 값), "
            "×는 꺾이는 점을 넘는 항목까지 포함한 가장 나쁜 값이며, 위쪽 숫자는 꺾이는 점을 넘은 항목 수입니다. 배치 정규화 바로 "
            "앞의 편향은 기울기가 설계상 0이므로 오른쪽에 크기만 따로 보입니다.",
            "en": "Gradient check of the batch-norm network: largest relative error between backpropagation and central "
            "differences (float64) per parameter (log scale). Dots are over the entries whose step crosses no ReLU "
            "kink (the claim's statistic); crosses are the worst case over all entries, kinks included; the numbers "
            "at the top count the kink-crossing entries. Biases right before batch normalization have zero gradient "
            "by design, so the right panel shows their size instead.",
        },
        draw=draw_gradcheck_errors,
        data=data_gradcheck_errors,
    ),
    FigureSpec(
        id="fig-batchnorm-gradcheck-nonzero",
        caption={
            "ko": "매개변수마다 기울기가 0이 아닌 항목의 비율을 여러 장의 배치와 책처럼 이미지 한 장일 때 나란히 보입니다. 한 장이면 "
            "마지막 편향 말고는 모두 0이라, 그 확인은 0과 0을 비교할 뿐입니다.",
            "en": "Share of non-zero gradient entries per parameter, for a batch of several images and for the book's "
            "single image. With one image every gradient but the last bias is zero, so that check compares zeros with zeros.",
        },
        draw=draw_gradcheck_nonzero,
        data=data_gradcheck_nonzero,
    ),
)
