"""The trials themselves: round 1's best curves (the book's Figure 6-24), every trial per seed,
both rounds in the (learning rate, weight decay) plane, and the two rounds side by side.

Trials are ranked as the search ranked them (``top_trials``, ``round2_top_trials``, ``ranking``):
by final validation accuracy, diverged trials never ranked. A diverged trial's accuracies are NaN
from the epoch it diverged; it is drawn as a marker of its own and counted, never averaged in.
"""

import matplotlib.cm
import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np

from generator import glossary
from generator.experiments.hyperparameter_search import final_val_acc
from generator.experiments.hyperparameter_search.figures_parts import (
    CMAP,
    DIVERGED,
    PANEL_COLUMNS,
    ROUND_STYLE,
    by_rank,
    finish_seed_panels,
    hyperparameter_label,
    round_label,
    sampling_range,
    sci,
    seed_panels,
    sorted_final,
    trials,
)
from generator.plot.common import tr
from generator.plot.style import PALETTE, new_figure


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
