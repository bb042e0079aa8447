"""How to spend the trials: what the ranking after a few epochs predicts (and successive halving
replayed on it), a grid against a random search of the same size, and why the learning rate is
drawn on a log scale.
"""

import matplotlib.cm
import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import numpy as np

from generator import glossary
from generator.experiments.hyperparameter_search import (
    early_epoch,
    expected_random_best,
    good_lr_region,
    grid_best,
    halving_rungs,
    random_best_quantile,
    rank_agreement,
    ranking,
    scale_shares,
    successive_halving,
)
from generator.experiments.hyperparameter_search.figures_parts import (
    CMAP,
    DIVERGED,
    hyperparameter_label,
    sampling_range,
    trials,
)
from generator.plot.common import mean_band, seeds_note, tr
from generator.plot.style import PALETTE, new_figure


SCALE_SHIFTS = (0.0, -1.0, -2.0)
"""Where the scale figure puts the good region: where it is, and one and two decades lower."""
SCALE_STYLE = {"log": {"color": PALETTE[0], "hatch": None}, "linear": {"color": PALETTE[1], "hatch": "//"}}


def shift_label(shift: float, lang: str) -> str:
    if shift == 0:
        return tr(lang, "좋은 영역", "good region")
    return tr(lang, f"{-shift:g}자릿수 아래", f"{-shift:g} decade{'s' if shift != -1 else ''} lower")


def draw_early(result, lang):
    m = result.metrics
    fig, (left, right) = new_figure(1, 2, width_ratios=(1, 1.3))
    fig.set_size_inches(8.0, 4.0)
    epochs = np.asarray(m.val_acc).shape[-1] - 1
    ks = np.arange(1, epochs + 1)
    rho = np.stack([rank_agreement(m, k) for k in ks], axis=1)  # (S, epochs)
    mean_band(left, ks, rho, {"color": PALETTE[0], "linestyle": "-", "marker": None})
    early = early_epoch(epochs)
    at_early = float(np.nanmean(rho[:, early - 1])) if np.isfinite(rho[:, early - 1]).any() else float("nan")
    left.axvline(early, color="#555555", linestyle=":", linewidth=1.0)
    left.plot(early, at_early, marker="o", color=PALETTE[3], markersize=5, zorder=4)
    left.annotate(tr(lang, f"{early}에폭: ρ = {at_early:.2f}", f"epoch {early}: ρ = {at_early:.2f}"), (early, at_early),
                  xytext=(8, -14), textcoords="offset points", fontsize=8, color=PALETTE[3])
    left.set_xlim(1, epochs)
    left.set_ylim(min(0.0, float(np.nanmin(rho)) if np.isfinite(rho).any() else 0.0), 1.0)
    left.set_xlabel(glossary.term("epoch", lang))
    left.set_ylabel(tr(lang, "마지막 순위와의 순위 상관 (스피어만 ρ)", "rank correlation with the final ranking (Spearman ρ)"),
                    fontsize=8.5)
    left.set_title(tr(lang, "k에폭 뒤의 순위가 마지막 순위를 얼마나 맞히나", "how well the ranking after k epochs predicts the last"),
                   fontsize=9)
    left.text(0.97, 0.03, seeds_note(result, lang), transform=left.transAxes, ha="right", va="bottom", fontsize=7.5)

    curves = np.asarray(m.val_acc[0], dtype=np.float64)  # (T, epochs + 1)
    pick, stopped = successive_halving(curves)
    best = int(ranking(curves[:, -1])[0]) if np.isfinite(curves[:, -1]).any() else -1
    x = np.arange(epochs + 1)
    for i in np.argsort(stopped, kind="stable"):
        finalist = stopped[i] == epochs
        right.plot(x[: stopped[i] + 1], curves[i, : stopped[i] + 1], color=PALETTE[0] if finalist else "#9a9a9a",
                   linewidth=1.2 if finalist else 0.5, alpha=1.0 if finalist else 0.6, zorder=3 if finalist else 1)
    if pick >= 0:
        right.plot(x, curves[pick], color=PALETTE[3], linewidth=2.0, zorder=4)
    if best >= 0:
        right.plot(epochs, curves[best, -1], marker="*", color="#000000", markersize=11, linestyle="none", zorder=5)
    for epoch, running in halving_rungs(curves.shape[0], epochs):
        right.axvline(epoch, color="#555555", linestyle=":", linewidth=0.8)
        right.text(epoch, 1.0, f"{running}", transform=right.get_xaxis_transform(), ha="center", va="bottom", fontsize=7.5)
    share = stopped.sum() / (curves.shape[0] * epochs)
    right.text(0.98, 0.04, tr(lang, f"학습한 에폭: {stopped.sum():,} / {curves.shape[0] * epochs:,} ({share:.0%})",
                              f"epochs trained: {stopped.sum():,} of {curves.shape[0] * epochs:,} ({share:.0%})"),
               transform=right.transAxes, ha="right", va="bottom", fontsize=8,
               bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6, "boxstyle": "round,pad=0.3"})
    right.set_xlim(0, epochs)
    right.set_ylim(0, 1)
    right.set_xlabel(glossary.term("epoch", lang))
    right.set_ylabel(tr(lang, "검증 정확도", "validation accuracy"))
    right.set_title(tr(lang, f"연속 반감, {glossary.term('seed', lang)} {result.seeds[0]} (위 숫자: 남은 시도)",
                       f"successive halving, {glossary.term('seed', lang)} {result.seeds[0]} (top: trials left)"),
                    fontsize=9, pad=14)
    handles = [
        matplotlib.lines.Line2D([], [], color="#9a9a9a", linewidth=0.8, label=tr(lang, "중간에 버린 시도", "abandoned at a rung")),
        matplotlib.lines.Line2D([], [], color=PALETTE[0], linewidth=1.2, label=tr(lang, "끝까지 간 시도", "trained to the end")),
        matplotlib.lines.Line2D([], [], color=PALETTE[3], linewidth=2.0, label=tr(lang, "연속 반감가 고른 설정", "halving's pick")),
        matplotlib.lines.Line2D([], [], marker="*", color="#000000", markersize=10, linestyle="none",
                                label=tr(lang, "모두 끝까지 학습했을 때의 최고", "best when every trial runs to the end")),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    return fig


def data_early(result):
    m = result.metrics
    epochs = np.asarray(m.val_acc).shape[-1] - 1
    rows = []
    for k in range(1, epochs + 1):
        for s, (seed, rho) in enumerate(zip(result.seeds, rank_agreement(m, k))):
            pick, stopped = successive_halving(np.asarray(m.val_acc[s], dtype=np.float64))
            rows.append([seed, k, rho, pick, int(stopped.sum())])
    return ["seed", "epoch", "spearman_with_final", "halving_pick", "halving_epochs_trained"], rows


def draw_grid(result, lang):
    m = result.metrics
    fig, (left, right) = new_figure(1, 2, width_ratios=(1.15, 1))
    fig.set_size_inches(8.0, 4.2)
    cmap = matplotlib.colormaps[CMAP]
    norm = matplotlib.colors.Normalize(0.0, 1.0)
    full = sampling_range(result, 0, 1)
    k = np.shape(m.grid_lr)[1]
    first = trials(result, 0, 1)
    grid_lr, grid_wd = np.asarray(m.grid_lr[0], dtype=np.float64), np.asarray(m.grid_weight_decay[0], dtype=np.float64)
    grid_final = np.asarray(m.grid_val_acc[0], dtype=np.float64)[:, -1]
    for lr in np.unique(grid_lr):
        left.axvline(lr, color=PALETTE[3], linestyle=":", linewidth=0.8, zorder=1)
    for lr in first["lr"][:k]:
        left.axvline(lr, ymin=0, ymax=0.04, color=PALETTE[0], linewidth=0.8, zorder=1)
    for lr, wd, final, marker, size in ((grid_lr, grid_wd, grid_final, "s", 46), (first["lr"][:k], first["weight_decay"][:k],
                                                                                first["val_acc"][:k, -1], "o", 36)):
        ok = np.isfinite(final)
        left.scatter(lr[ok], wd[ok], c=final[ok], cmap=cmap, norm=norm, marker=marker, s=size, edgecolors="#333333",
                     linewidths=0.5, zorder=3)
        left.plot(lr[~ok], wd[~ok], zorder=4, **DIVERGED)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlim(10.0 ** full[0, 0] / 1.5, 10.0 ** full[0, 1] * 1.5)
    left.set_ylim(10.0 ** full[1, 0] / 1.5, 10.0 ** full[1, 1] * 1.5)
    left.set_xlabel(hyperparameter_label(result, "lr", lang), fontsize=9)
    left.set_ylabel(hyperparameter_label(result, "weight_decay", lang), fontsize=9)
    left.set_title(tr(lang, f"{glossary.term('seed', lang)} {result.seeds[0]}: 학습률 {len(np.unique(grid_lr))}개 대 {k}개",
                      f"{glossary.term('seed', lang)} {result.seeds[0]}: {len(np.unique(grid_lr))} learning rates against {k}"),
                   fontsize=9)
    bar = fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=left, shrink=0.85, pad=0.02)
    bar.set_label(tr(lang, "마지막 에폭의 검증 정확도", "final validation accuracy"), fontsize=8)
    bar.ax.tick_params(labelsize=7.5)

    n = len(result.seeds)
    x = np.arange(n)
    mean, low, high = expected_random_best(m), random_best_quantile(m, 0.05), random_best_quantile(m, 0.95)
    best = grid_best(m)
    right.errorbar(x - 0.1, mean, yerr=[mean - low, high - mean], fmt="o", color=PALETTE[0], capsize=3, markersize=5,
                   label=tr(lang, f"무작위 {k}회의 최고: 기댓값, 5–95%", f"best of {k} random: mean, 5–95%"))
    right.plot(x + 0.1, best, linestyle="none", marker="s", color=PALETTE[3], markersize=6,
               label=tr(lang, f"격자 {k}회의 최고", f"best of the {k}-point grid"))
    shown = np.concatenate([low, high, best])
    shown = shown[np.isfinite(shown)]
    bottom = np.floor((shown.min() - 0.03) * 20) / 20 if shown.size else 0.0
    top = min(1.0, np.ceil((shown.max() + 0.03) * 20) / 20) if shown.size else 1.0
    for s in np.flatnonzero(np.isnan(best)):
        right.plot(x[s] + 0.1, bottom + 0.01, **DIVERGED)
    right.set_xticks(x, [str(seed) for seed in result.seeds])
    right.set_xlim(-0.6, n - 0.4)
    right.set_ylim(max(0.0, bottom), top)
    right.set_xlabel(glossary.term("seed", lang))
    right.set_ylabel(tr(lang, "최고 검증 정확도", "best validation accuracy"))
    right.set_title(tr(lang, "같은 시도 횟수의 최고 기록 (세로축 확대)", "best of the same budget (zoomed axis)"), fontsize=9)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=7.5)
    handles = [
        matplotlib.lines.Line2D([], [], marker="s", color="#8a8a8a", markeredgecolor="#333333", linestyle="none",
                                label=tr(lang, f"격자 {k}개 (점선: 그 학습률)", f"grid of {k} (dotted: its learning rates)")),
        matplotlib.lines.Line2D([], [], marker="o", color="#8a8a8a", markeredgecolor="#333333", linestyle="none",
                                label=tr(lang, f"1차 탐색의 처음 {k}개 시도 (무작위 {k}회)", f"first {k} trials of round 1 (a random search of {k})")),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=8)
    return fig


def data_grid(result):
    m = result.metrics
    rows = []
    expected, low, high = expected_random_best(m), random_best_quantile(m, 0.05), random_best_quantile(m, 0.95)
    for s, seed in enumerate(result.seeds):
        final = np.asarray(m.grid_val_acc[s], dtype=np.float64)[:, -1]
        for i, (lr, wd) in enumerate(zip(m.grid_lr[s], m.grid_weight_decay[s])):
            rows.append([seed, "grid", i, lr, wd, final[i], int(m.grid_diverged_at[s, i]), None, None, None])
        rows.append([seed, "random", None, None, None, None, None, expected[s], low[s], high[s]])
    header = ["seed", "search", "trial", "lr", "weight_decay", "final_val_acc", "diverged_at",
              "random_best_mean", "random_best_q05", "random_best_q95"]
    return header, rows


def draw_scale(result, lang):
    m = result.metrics
    fig, (left, right) = new_figure(1, 2, width_ratios=(1.3, 1))
    fig.set_size_inches(8.0, 4.0)
    full = sampling_range(result, 0, 1)[0]
    region = good_lr_region(m)  # (S, 2)
    for s in range(len(result.seeds)):
        t = trials(result, s, 1)
        final = t["val_acc"][:, -1]
        ok = np.isfinite(final)
        left.plot(t["lr"][ok], final[ok], linestyle="none", marker="o", markersize=2.5, color="#555555", alpha=0.5)
        for shift, color in ((0.0, PALETTE[2]), (-1.0, PALETTE[4])):
            low, high = np.clip(region[s] + shift, *full)
            left.axvspan(10.0**low, 10.0**high, color=color, alpha=0.12, linewidth=0)
    left.set_xscale("log")
    left.set_xlim(10.0 ** full[0], 10.0 ** full[1])
    left.set_ylim(0, 1)
    left.set_xlabel(hyperparameter_label(result, "lr", lang))
    left.set_ylabel(tr(lang, "마지막 에폭의 검증 정확도", "final validation accuracy"))
    left.set_title(tr(lang, "1차 시도 (모든 시드)와 시드별 좋은 영역", "round-1 trials (every seed), each seed's good region"),
                   fontsize=9)
    handles = [
        matplotlib.patches.Patch(color=PALETTE[2], alpha=0.35, label=tr(lang, "좋은 영역 (1차 상위 시도의 범위)",
                                                                          "good region (range of the round-1 top trials)")),
        matplotlib.patches.Patch(color=PALETTE[4], alpha=0.35, label=tr(lang, "한 자릿수 아래로 옮긴 영역", "moved one decade lower")),
    ]
    left.legend(handles=handles, loc="upper left", fontsize=7.5)

    width = 0.38
    for j, scale in enumerate(("log", "linear")):
        shares = np.stack([scale_shares(m, shift)[j] for shift in SCALE_SHIFTS], axis=1)  # (S, shifts)
        x = np.arange(len(SCALE_SHIFTS)) + (j - 0.5) * width
        mean = shares.mean(axis=0)
        right.bar(x, 100 * mean, width, color=SCALE_STYLE[scale]["color"], hatch=SCALE_STYLE[scale]["hatch"],
                  edgecolor="#333333", linewidth=0.5,
                  label=tr(lang, "로그 척도" if scale == "log" else "선형 척도", f"{scale} scale"))
        right.errorbar(x, 100 * mean, yerr=[100 * (mean - shares.min(axis=0)), 100 * (shares.max(axis=0) - mean)],
                       fmt="none", color="#000000", capsize=3, linewidth=0.8)
        for xi, value in zip(x, mean):
            right.text(xi, 100 * value + 1.5, f"{100 * value:.1f}", ha="center", va="bottom", fontsize=7.5)
    right.set_xticks(np.arange(len(SCALE_SHIFTS)), [shift_label(shift, lang) for shift in SCALE_SHIFTS], fontsize=8)
    right.set_ylim(0, 105)
    right.set_ylabel(tr(lang, "그 영역에 떨어지는 시도의 몫 (%)", "share of trials landing there (%)"))
    right.set_title(tr(lang, "같은 범위를 두 척도로 뽑을 때 (막대: 시드 평균, 선: 최솟값–최댓값)",
                       "the same range sampled two ways (bar: mean, line: min–max)"), fontsize=8.5)
    right.legend(loc="upper right", fontsize=8)
    return fig


def data_scale(result):
    m = result.metrics
    region = good_lr_region(m)
    rows = []
    for shift in SCALE_SHIFTS:
        log, linear = scale_shares(m, shift)
        for s, seed in enumerate(result.seeds):
            rows.append([seed, shift, 10.0 ** region[s, 0], 10.0 ** region[s, 1], log[s], linear[s]])
    return ["seed", "shift_decades", "region_lr_low", "region_lr_high", "log_share", "linear_share"], rows
