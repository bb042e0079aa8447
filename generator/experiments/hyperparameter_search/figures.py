"""Figures of the hyperparameter search (article section 4; book 6.5).

The top trials of round 1 as the book's Figure 6-24 (first seed, then every seed), every trial of
both rounds in (lr, weight decay) with the narrowed range of round 2, and the two rounds'
validation accuracies next to the test accuracy of the setting they chose.

Trials are ranked as the search ranked them (``top_trials``, ``round2_top_trials``, ``ranking``):
by final validation accuracy, diverged trials never ranked. A diverged trial's accuracies are NaN
from the epoch it diverged; it is drawn as a marker of its own and counted, never averaged in.
Round and hyperparameter names come from the result's axes.
"""

import matplotlib.cm
import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np

from generator import glossary
from generator.experiments.hyperparameter_search import (
    early_epoch,
    expected_random_best,
    final_val_acc,
    good_lr_region,
    grid_best,
    halving_rungs,
    prefix,
    random_best_quantile,
    rank_agreement,
    ranking,
    scale_shares,
    successive_halving,
)
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, tr
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


def draw_top(result, lang):
    k = result.config["top_k"]
    rows = -(-k // PANEL_COLUMNS)
    cols = min(k, PANEL_COLUMNS)
    fig, axes = new_figure(rows, cols, sharex=True, sharey=True, squeeze=False)
    fig.set_size_inches(8.0, 1.6 * rows + 0.6)
    t = trials(result, 0, 1)
    epochs = np.arange(t["val_acc"].shape[1])
    for rank, ax in enumerate(axes.flat):
        if rank >= len(t["top"]):
            ax.set_axis_off()
            if rank < k:
                ax.text(0.5, 0.5, tr(lang, "끝난 시도 없음", "no finished trial"), ha="center", va="center",
                        transform=ax.transAxes, fontsize=7)
            continue
        i = t["top"][rank]
        ax.plot(epochs, t["val_acc"][i], color=PALETTE[0], linestyle="-", linewidth=1.3)
        ax.plot(epochs, t["train_acc"][i], color=PALETTE[1], linestyle="--", linewidth=1.1)
        lr, wd = sci(t["lr"][i]), sci(t["weight_decay"][i])
        title = tr(lang, f"상위 {rank + 1}: 학습률 = {lr}\n가중치 감소 = {wd}", f"Best-{rank + 1}: lr = {lr}\nwd = {wd}")
        ax.set_title(title, fontsize=8, linespacing=1.1, pad=3)
        ax.text(0.97, 0.05, f"{100 * t['val_acc'][i, -1]:.0f}%", transform=ax.transAxes, ha="right", va="bottom",
                fontsize=8, color=PALETTE[0])
        ax.set_xlim(0, epochs[-1])
        ax.set_ylim(0, 1)
        ax.set_yticks([0, 0.5, 1])
        ax.tick_params(labelsize=7.5)
    for ax in axes[-1]:
        ax.set_xlabel(glossary.term("epoch", lang), fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel(glossary.term("accuracy", lang), fontsize=8)
    handles = [
        matplotlib.lines.Line2D([], [], color=PALETTE[0], linestyle="-", label=tr(lang, "검증 정확도", "validation accuracy")),
        matplotlib.lines.Line2D([], [], color=PALETTE[1], linestyle="--", label=tr(lang, "훈련 정확도", "training accuracy")),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=8)
    return fig


def data_top(result):
    seed = result.seeds[0]
    t = trials(result, 0, 1)
    rows = []
    for rank, i in enumerate(t["top"], start=1):
        for epoch, (val, train) in enumerate(zip(t["val_acc"][i], t["train_acc"][i])):
            rows.append([seed, rank, i, t["lr"][i], t["weight_decay"][i], epoch, val, train])
    return ["seed", "rank", "trial", "lr", "weight_decay", "epoch", "val_acc", "train_acc"], rows


def draw_top_seeds(result, lang):
    fig, axes = seed_panels(result, 0.5)
    c = result.config
    norm = matplotlib.colors.Normalize(c["log10_lr_min"], c["log10_lr_max"])
    cmap = matplotlib.colormaps[CMAP]
    for s, ax in zip(range(len(result.seeds)), axes.flat):
        t = trials(result, s, 1)
        epochs = np.arange(t["val_acc"].shape[1])
        top = set(t["top"])
        for i in range(len(t["lr"])):
            if i not in top:
                ax.plot(epochs, t["val_acc"][i], color=cmap(norm(np.log10(t["lr"][i]))), linewidth=0.5, alpha=0.55,
                        zorder=1)
        for i in reversed(t["top"]):  # the best drawn last, on top
            ax.plot(epochs, t["val_acc"][i], color=cmap(norm(np.log10(t["lr"][i]))), linewidth=1.3, zorder=2)
        diverged = int((t["diverged_at"] >= 0).sum())
        note = tr(lang, f"발산 {diverged}회", f"{diverged} diverged")
        ax.text(0.03, 0.97, note, transform=ax.transAxes, ha="left", va="top", fontsize=8,
                color=PALETTE[3] if diverged else "#555555")
        ax.set_title(f"{glossary.term('seed', lang)} {result.seeds[s]}", fontsize=9)
        ax.set_xlim(0, epochs[-1])
        ax.set_ylim(0, 1)
        ax.tick_params(labelsize=8)
    finish_seed_panels(fig, axes, norm, glossary.term("epoch", lang), tr(lang, "검증 정확도", "validation accuracy"),
                       f"{hyperparameter_label(result, 'lr', lang)} (log₁₀)")
    k = c["top_k"]
    handles = [
        matplotlib.lines.Line2D([], [], color="#555555", linewidth=1.3, label=tr(lang, f"상위 {k}개 시도 (굵은 선)", f"top {k} trials (thick)")),
        matplotlib.lines.Line2D([], [], color="#555555", linewidth=0.5, alpha=0.55,
                                label=tr(lang, "나머지 시도 (가는 선)", "other trials (thin)")),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=8)
    return fig


def data_top_seeds(result):
    rows = []
    for s, seed in enumerate(result.seeds):
        t = trials(result, s, 1)
        ranks = {i: rank for rank, i in enumerate(t["top"], start=1)}
        for i in range(len(t["lr"])):
            for epoch, val in enumerate(t["val_acc"][i]):
                rows.append([seed, i, ranks.get(i), t["lr"][i], t["weight_decay"][i], int(t["diverged_at"][i]), epoch, val])
    return ["seed", "trial", "rank", "lr", "weight_decay", "diverged_at", "epoch", "val_acc"], rows


def draw_scatter(result, lang):
    fig, axes = seed_panels(result, 0.9)
    cmap = matplotlib.colormaps[CMAP]
    norm = matplotlib.colors.Normalize(0.0, 1.0)
    full = sampling_range(result, 0, 1)
    diverged = 0
    for s, ax in zip(range(len(result.seeds)), axes.flat):
        first, second = trials(result, s, 1), trials(result, s, 2)
        # round 2 under round 1, so that the round-1 points the box was drawn round stay visible
        for round_, t, marker, size, z in ((2, second, "^", 12, 2), (1, first, "o", 24, 3)):
            final = t["val_acc"][:, -1]
            ok = np.isfinite(final)
            ax.scatter(t["lr"][ok], t["weight_decay"][ok], c=final[ok], cmap=cmap, norm=norm, marker=marker, s=size,
                       edgecolors="#333333" if round_ == 1 else "none", linewidths=0.3, alpha=1.0 if round_ == 1 else 0.8,
                       zorder=z)
            ax.plot(t["lr"][~ok], t["weight_decay"][~ok], zorder=5, **DIVERGED)
            diverged += int((~ok).sum())
        top = first["top"]
        ax.scatter(first["lr"][top], first["weight_decay"][top], s=60, facecolors="none", edgecolors="#000000",
                   linewidths=0.8, zorder=4)
        (lr_low, lr_high), (wd_low, wd_high) = 10.0 ** sampling_range(result, s, 2)
        ax.add_patch(matplotlib.patches.Rectangle((lr_low, wd_low), lr_high - lr_low, wd_high - wd_low, fill=False,
                                                  edgecolor="#000000", linestyle="--", linewidth=1.0, zorder=6))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(10.0 ** full[0, 0] / 1.5, 10.0 ** full[0, 1] * 1.5)
        ax.set_ylim(10.0 ** full[1, 0] / 1.5, 10.0 ** full[1, 1] * 1.5)
        ax.set_title(f"{glossary.term('seed', lang)} {result.seeds[s]}", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, which="major")
    finish_seed_panels(fig, axes, norm, hyperparameter_label(result, "lr", lang),
                       hyperparameter_label(result, "weight_decay", lang),
                       tr(lang, "마지막 에폭의 검증 정확도", "final validation accuracy"))
    k = result.config["top_k"]
    r1, r2 = round_label(result, 1, lang), round_label(result, 2, lang)
    grey = "#8a8a8a"
    handles = [
        matplotlib.lines.Line2D([], [], marker="o", color=grey, markeredgecolor="#333333", markeredgewidth=0.3,
                                linestyle="none", label=tr(lang, f"{r1} 시도", r1)),
        matplotlib.lines.Line2D([], [], marker="o", markerfacecolor="none", markeredgecolor="#000000", markersize=8,
                                linestyle="none", label=tr(lang, f"{r1} 상위 {k}개", f"{r1}, top {k}")),
        matplotlib.lines.Line2D([], [], color="#000000", linestyle="--", label=tr(lang, f"{r2} 탐색 범위", f"{r2} range")),
        matplotlib.lines.Line2D([], [], marker="^", color=grey, markersize=5, linestyle="none",
                                label=tr(lang, f"{r2} 시도", r2)),
        matplotlib.lines.Line2D([], [], **DIVERGED, label=tr(lang, f"발산 ({diverged}회)", f"diverged ({diverged})")),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=5, fontsize=8, handletextpad=0.3, columnspacing=1.0)
    return fig


def data_scatter(result):
    rows = []
    for s, seed in enumerate(result.seeds):
        for round_ in (1, 2):
            t = trials(result, s, round_)
            (lr_low, lr_high), (wd_low, wd_high) = 10.0 ** sampling_range(result, s, round_)
            ranks = {i: rank for rank, i in enumerate(t["top"], start=1)}
            for i in range(len(t["lr"])):
                rows.append([seed, round_, i, t["lr"][i], t["weight_decay"][i], t["val_acc"][i, -1],
                             int(t["diverged_at"][i]), ranks.get(i), lr_low, lr_high, wd_low, wd_high])
    header = ["seed", "round", "trial", "lr", "weight_decay", "final_val_acc", "diverged_at", "rank",
              "range_lr_low", "range_lr_high", "range_wd_low", "range_wd_high"]
    return header, rows


def by_rank(final) -> np.ndarray:
    """Every trial index in the search's order: ranked trials best first, then the diverged ones."""
    return np.concatenate([ranking(final), np.flatnonzero(~np.isfinite(final))])


def sorted_final(t) -> np.ndarray:
    """Final validation accuracies best first, diverged trials (NaN) at the end."""
    final = t["val_acc"][:, -1]
    return final[by_rank(final)]


def draw_rounds(result, lang):
    m = result.metrics
    n = len(result.seeds)
    fig, (left, right) = new_figure(1, 2, width_ratios=(1.7, 1))
    fig.set_size_inches(8.0, 4.0)
    diverged = {1: 0, 2: 0}
    for round_ in (1, 2):
        style = ROUND_STYLE[round_]
        curves = np.stack([sorted_final(trials(result, s, round_)) for s in range(n)])  # (S, T)
        ranks = np.arange(1, curves.shape[1] + 1)
        diverged[round_] = int(np.isnan(curves).sum())
        for curve in curves:
            left.plot(ranks, curve, color=style["color"], linestyle=style["linestyle"], linewidth=0.6, alpha=0.45)
        # at a rank where some seed diverged there is no mean: the line stops there
        name = round_label(result, round_, lang)
        left.plot(ranks, curves.mean(axis=0), color=style["color"], linestyle=style["linestyle"], linewidth=2.0,
                  label=tr(lang, f"{name} (시드 평균)", f"{name} (mean of seeds)"))
    left.set_xlim(1, None)
    left.set_ylim(0, 1)
    left.set_xlabel(tr(lang, "순위 (검증 정확도 순)", "rank by validation accuracy"))
    left.set_ylabel(tr(lang, "마지막 에폭의 검증 정확도", "final validation accuracy"))
    left.set_title(tr(lang, "모든 시도를 순위대로 (가는 선: 시드별)", "every trial by rank (thin: each seed)"), fontsize=9)
    r1, r2 = round_label(result, 1, lang), round_label(result, 2, lang)
    left.text(0.97, 0.97, tr(lang, f"발산: {r1} {diverged[1]}회, {r2} {diverged[2]}회",
                             f"diverged: {diverged[1]} in {r1}, {diverged[2]} in {r2}"),
              transform=left.transAxes, ha="right", va="top", fontsize=8)
    left.legend(loc="lower left", fontsize=8)

    x = np.arange(n)
    best1, best2 = (np.nanmax(final_val_acc(m, round_), axis=1) for round_ in (1, 2))
    test = np.asarray(m.test_acc, dtype=np.float64)
    offset = 0.18
    right.plot(x - offset, best1, linestyle="none", marker="o", color=PALETTE[0],
               label=tr(lang, f"{r1} 최고 (검증)", f"{r1} best (validation)"))
    right.plot(x, best2, linestyle="none", marker="^", color=PALETTE[1],
               label=tr(lang, f"{r2} 최고 (검증)", f"{r2} best (validation)"))
    right.plot(x + offset, test, linestyle="none", marker="D", color=PALETTE[2],
               label=tr(lang, "고른 설정의 시험 정확도 (1회)", "chosen setting, test (once)"))
    chosen_round = np.asarray(m.best_round)
    chosen = [(x[s] - offset, best1[s]) if chosen_round[s] == 1 else (x[s], best2[s])
              for s in range(n) if chosen_round[s] in (1, 2)]
    if chosen:
        right.scatter(*zip(*chosen), s=130, facecolors="none", edgecolors="#000000", linewidths=0.9,
                      label=tr(lang, "고른 설정", "chosen setting"))
    shown = np.array([v for v in (*best1, *best2, *test) if np.isfinite(v)])
    low = np.floor((shown.min() - 0.03) * 20) / 20 if len(shown) else 0.0
    high = min(1.0, np.ceil((shown.max() + 0.03) * 20) / 20) if len(shown) else 1.0
    for s in np.flatnonzero(np.isnan(test)):
        right.plot(x[s] + offset, low + 0.01, **DIVERGED)
    right.set_xticks(x, [str(seed) for seed in result.seeds])
    right.set_xlim(-0.6, n - 0.4)
    right.set_ylim(max(0.0, low), high)
    right.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(0.05))
    right.set_xlabel(glossary.term("seed", lang))
    right.set_ylabel(glossary.term("accuracy", lang))
    right.set_title(tr(lang, "시드별 최고 설정 (세로축 확대)", "best setting per seed (zoomed axis)"), fontsize=9)
    right.legend(loc="lower center", fontsize=7.5, ncols=1)
    return fig


def data_rounds(result):
    m = result.metrics
    rows = []
    for s, seed in enumerate(result.seeds):
        for round_ in (1, 2):
            t = trials(result, s, round_)
            final = t["val_acc"][:, -1]
            for rank, i in enumerate(by_rank(final), start=1):
                rows.append([seed, f"round{round_}", rank if np.isfinite(final[i]) else None, int(i), t["lr"][i],
                             t["weight_decay"][i], "validation", final[i], int(t["diverged_at"][i])])
        rows.append([seed, "retrained", None, int(m.best_trial[s]), m.best_lr[s], m.best_weight_decay[s], "test",
                     m.test_acc[s], int(m.final_diverged_at[s])])
    header = ["seed", "stage", "rank", "trial", "lr", "weight_decay", "data", "accuracy", "diverged_at"]
    return header, rows


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
               label=tr(lang, f"그리드 {k}회의 최고", f"best of the {k}-point grid"))
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
                                label=tr(lang, f"그리드 {k}개 (점선: 그 학습률)", f"grid of {k} (dotted: its learning rates)")),
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


FIGURES = (
    FigureSpec(
        id="fig-hyperparameter-search-top",
        book="6-24",
        caption={
            "ko": "1차 무작위 탐색에서 검증 정확도가 가장 높았던 시도들입니다(첫 번째 시드). 실선은 검증 정확도, "
                  "점선은 훈련 정확도이고, 오른쪽 아래 숫자는 마지막 에폭의 검증 정확도입니다.",
            "en": "The best trials of the first random-search round by validation accuracy (first seed only). "
                  "Solid: validation accuracy; dashed: training accuracy; the number is the final validation accuracy.",
        },
        draw=draw_top,
        data=data_top,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-top-seeds",
        caption={
            "ko": "시드마다 1차 탐색에서 모든 시도의 검증 정확도 곡선을 학습률에 따라 색칠했습니다. 굵은 선이 상위 "
                  "시도, 가는 선이 나머지입니다.",
            "en": "Validation accuracy of every round-1 trial, one panel per seed, colored by learning rate; "
                  "thick lines are the top trials, thin lines the rest.",
        },
        draw=draw_top_seeds,
        data=data_top_seeds,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-early",
        caption={
            "ko": "왼쪽은 k에폭 뒤의 검증 정확도 순위가 마지막 에폭의 순위와 얼마나 같은지(1차 시도 전체의 스피어만 순위 상관)를 "
                  "에폭마다 그린 것입니다. 오른쪽은 기록된 곡선 위에서 연속 반감(η = 3)를 흉내 낸 것으로, 점선의 에폭마다 "
                  "시도의 위쪽 3분의 1만 계속 학습합니다.",
            "en": "Left: how closely the ranking by validation accuracy after k epochs matches the final one (Spearman rank "
                  "correlation over every round-1 trial). Right: successive halving (η = 3) replayed on the recorded curves; "
                  "at each dotted epoch only the best third of the trials goes on.",
        },
        draw=draw_early,
        data=data_early,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-scatter",
        caption={
            "ko": "모든 시도를 학습률과 가중치 감소 계수의 로그 평면에 찍고 마지막 에폭의 검증 정확도로 색칠했습니다. "
                  "점선 사각형은 1차 상위 시도로 좁힌 2차 탐색 범위, 삼각형은 2차 시도, ×는 발산한 시도입니다.",
            "en": "Every trial in (learning rate, weight decay) on log axes, colored by final validation accuracy. "
                  "Dashed box: the round-2 range narrowed to the round-1 top trials; triangles: round-2 trials; "
                  "×: diverged.",
        },
        draw=draw_scatter,
        data=data_scatter,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-grid",
        caption={
            "ko": "같은 시도 횟수의 그리드 서치와 무작위 탐색입니다. 왼쪽은 첫 번째 시드의 그리드(사각형)와 1차 탐색의 처음 "
                  "시도들(원)을 마지막 에폭의 검증 정확도로 색칠한 것이고, 오른쪽은 시드마다 1차 시도에서 그만큼을 무작위로 "
                  "골랐을 때의 최고 검증 정확도(모든 조합에 대한 기댓값과 5–95% 범위)와 그리드의 최고입니다.",
            "en": "Grid search and random search with the same number of trials. Left: the first seed's grid (squares) and "
                  "the first round-1 trials (circles), colored by final validation accuracy. Right: per seed, the best "
                  "validation accuracy of that many trials drawn at random from round 1 (mean and 5–95% range over every "
                  "such subset) against the grid's best.",
        },
        draw=draw_grid,
        data=data_grid,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-scale",
        caption={
            "ko": "왼쪽은 1차 시도의 마지막 검증 정확도를 학습률에 따라 찍고, 시드마다 좋은 영역(상위 시도의 학습률 범위)과 "
                  "그것을 한 자릿수 아래로 옮긴 영역을 칠한 것입니다. 오른쪽은 같은 범위에서 학습률을 로그 척도와 선형 척도로 "
                  "뽑을 때 각 영역에 떨어지는 시도의 몫입니다.",
            "en": "Left: final validation accuracy of the round-1 trials against the learning rate, with each seed's good "
                  "region (the learning rates of its top trials) and that region moved one decade lower. Right: the share "
                  "of trials landing in each region when the learning rate is drawn on a log and on a linear scale over "
                  "the same range.",
        },
        draw=draw_scale,
        data=data_scale,
    ),
    FigureSpec(
        id="fig-hyperparameter-search-rounds",
        caption={
            "ko": "왼쪽은 1차와 2차 탐색의 모든 시도를 검증 정확도 순으로 늘어놓은 것입니다. 오른쪽은 시드마다 각 "
                  "차수의 최고 검증 정확도와, 고른 설정을 500장 전부로 다시 학습해 한 번만 잰 시험 정확도입니다.",
            "en": "Left: every trial of rounds 1 and 2 sorted by validation accuracy. Right: per seed, each round's "
                  "best validation accuracy and the test accuracy of the chosen setting, retrained on all 500 "
                  "images and measured once.",
        },
        draw=draw_rounds,
        data=data_rounds,
    ),
)
