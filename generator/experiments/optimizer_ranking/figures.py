"""Figures of the optimizer-ranking experiment (article section 0).

The score each optimiser reaches at each learning-rate multiplier, on the bowl and on MNIST side
by side, with each column's winner ringed; and the MNIST training curves behind those scores, one
panel per multiplier. The scores are the claims' own (``optimizer_ranking.scores``); each
optimiser keeps the colour, line style and marker it has in the page's other figures.
"""

import numpy as np
from matplotlib.ticker import NullLocator

from generator.experiments.optimizer_paths.figures import style_of
from generator.experiments.optimizer_ranking import TAIL, tail_loss, winner
from generator.plot import FigureSpec
from generator.plot.common import corner_notes, mean_band, seeds_note, smooth_curve, tr
from generator.plot.style import new_figure

BOWL_CAP = 100.0
"""Top of the bowl panel: a run that ends farther than this (it blew up) is drawn on the edge."""


def bowl_values(result) -> np.ndarray:
    """Final distances (O, M); every seed holds the same, nothing on the bowl is random."""
    return np.asarray(result.metrics.bowl_distance, dtype=np.float64)[0]


def mnist_values(result) -> np.ndarray:
    """Tail loss per seed (S, O, M), NaN where a seed diverged."""
    return tail_loss(result.metrics)


def diverged(result) -> np.ndarray:
    """Seeds that diverged, per optimiser and multiplier (O, M)."""
    return (np.asarray(result.metrics.diverged_at) >= 0).sum(axis=0)


def ring(ax, x, y):
    ax.plot(x, y, marker="o", markersize=13, markerfacecolor="none", markeredgecolor="#000000", markeredgewidth=1.2,
            linestyle="none", zorder=6)


def draw_bowl(ax, result, lang):
    axis, multipliers = result.axes["optimizer"], np.array(result.axes["multiplier"].values)
    values = bowl_values(result)
    notes = []
    for o, optimizer in enumerate(axis.values):
        style = style_of(optimizer)
        shown = np.minimum(values[o], BOWL_CAP)
        ax.plot(multipliers, shown, color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                markersize=5, label=axis.label(optimizer, lang))
        for m in np.flatnonzero(~(values[o] <= BOWL_CAP)):
            ax.plot(multipliers[m], BOWL_CAP, marker="^", color=style["color"], markersize=9, zorder=5)
            notes.append(tr(lang, f"{axis.label(optimizer, lang)} ×{multipliers[m]:g}: 거리 {values[o, m]:.2g}, 축 위로 벗어남",
                            f"{axis.label(optimizer, lang)} ×{multipliers[m]:g}: distance {values[o, m]:.2g} (off the axis)"))
    best = winner(np.where(np.isfinite(values), values, np.inf), axis=0)
    for m, o in enumerate(best):
        if o >= 0:
            ring(ax, multipliers[m], values[o, m])
    ax.set_yscale("log")
    ax.set_ylim(top=BOWL_CAP * 3)
    ax.set_title(tr(lang, f"그릇 모양 함수: {result.config['bowl_steps']}번 갱신 뒤 최솟값까지 거리",
                    f"bowl: distance to the minimum after {result.config['bowl_steps']} updates"), fontsize=10)
    ax.set_ylabel(tr(lang, "거리 (로그 척도, 낮을수록 좋음)", "distance (log scale, lower is better)"))
    corner_notes(ax, notes)


def draw_mnist(ax, result, lang):
    axis, multipliers = result.axes["optimizer"], np.array(result.axes["multiplier"].values)
    values = mnist_values(result)  # (S, O, M)
    lost = diverged(result)
    seeds = len(result.seeds)
    notes = []
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    for o, optimizer in enumerate(axis.values):
        style = style_of(optimizer)
        mean_band(ax, multipliers, values[:, o], style, axis.label(optimizer, lang), markersize=5)
        for m in np.flatnonzero(lost[o]):
            ax.plot(multipliers[m], top * 1.5, marker="x", color=style["color"], markersize=8, zorder=5)
            notes.append(tr(lang, f"{axis.label(optimizer, lang)} ×{multipliers[m]:g}: 시드 {lost[o, m]}/{seeds}개 발산(×)",
                            f"{axis.label(optimizer, lang)} ×{multipliers[m]:g}: {lost[o, m]} of {seeds} seeds diverged (×)"))
    mean = np.nanmean(np.where(np.isfinite(values), values, np.inf), axis=0)  # (O, M); inf where a seed diverged
    best = winner(np.where(np.isfinite(mean), mean, np.inf), axis=0)
    for m, o in enumerate(best):
        if o >= 0:
            ring(ax, multipliers[m], mean[o, m])
    ax.set_yscale("log")
    last = min(TAIL, np.shape(result.metrics.loss)[-1])
    ax.set_title(tr(lang, f"MNIST: 마지막 {last}번 반복의 평균 훈련 손실", f"MNIST: mean training loss of the last {last} iterations"),
                 fontsize=10)
    ax.set_ylabel(tr(lang, "훈련 손실 (로그 척도, 낮을수록 좋음)", "training loss (log scale, lower is better)"))
    corner_notes(ax, notes)


def draw_ranking(result, lang):
    fig, (left, right) = new_figure(1, 2)
    fig.set_size_inches(9.0, 4.6)
    draw_bowl(left, result, lang)
    draw_mnist(right, result, lang)
    multipliers = result.axes["multiplier"]
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_xticks(multipliers.values)
        ax.set_xticklabels([multipliers.label(m, lang) for m in multipliers.values])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xlim(min(multipliers.values) / 1.6, max(multipliers.values) * 1.6)
        ax.set_xlabel(tr(lang, "학습률: 책의 값에 곱한 배수", "learning rate, as a multiple of the book's"))
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=6, fontsize=9,
               title=tr(lang, "동그라미: 열마다 가장 좋은 기법 · ", "ring: best in each column · ") + seeds_note(result, lang),
               title_fontsize=8)
    return fig


def data_ranking(result):
    axis, multipliers = result.axes["optimizer"], result.axes["multiplier"].values
    config, m = result.config, result.metrics
    bowl, mnist = np.asarray(m.bowl_distance, dtype=np.float64), mnist_values(result)
    at = np.asarray(m.diverged_at)
    rows = []
    for o, optimizer in enumerate(axis.values):
        for k, multiplier in enumerate(multipliers):
            for s, seed in enumerate(result.seeds):
                rows.append(["bowl", optimizer, multiplier, config["bowl_lrs"][o] * multiplier, seed, bowl[s, o, k], -1])
                rows.append(["mnist", optimizer, multiplier, config["mnist_lrs"][o] * multiplier, seed, mnist[s, o, k], int(at[s, o, k])])
    return ["problem", "optimizer", "multiplier", "lr", "seed", "score", "diverged_at"], rows


def draw_curves(result, lang):
    axis, multipliers = result.axes["optimizer"], result.axes["multiplier"]
    loss = np.asarray(result.metrics.loss, dtype=np.float64)  # (S, O, M, iterations)
    at = np.asarray(result.metrics.diverged_at)
    fig, axes = new_figure(1, len(multipliers.values), sharey=True)
    fig.set_size_inches(9.0, 3.8)
    iterations = np.arange(1, loss.shape[-1] + 1)
    every = max(1, len(iterations) // 8)
    start = np.nanmax(loss[..., 0])
    for k, (ax, multiplier) in enumerate(zip(axes, multipliers.values)):
        notes = []
        for o, optimizer in enumerate(axis.values):
            style = style_of(optimizer)
            alive = at[:, o, k] < 0
            if alive.any():
                smooth = np.stack([smooth_curve(curve) for curve in loss[alive, o, k]])
                ax.fill_between(iterations, smooth.min(axis=0), smooth.max(axis=0), color=style["color"], alpha=0.18, linewidth=0)
                ax.plot(iterations, smooth.mean(axis=0), color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                        markevery=(o * every // len(axis.values), every), markersize=3.5, linewidth=1.2,
                        label=axis.label(optimizer, lang))
            if (~alive).any():
                notes.append(tr(lang, f"{axis.label(optimizer, lang)}: {(~alive).sum()}개 발산", f"{axis.label(optimizer, lang)}: {(~alive).sum()} diverged"))
        ax.set_yscale("log")
        ax.set_xlim(iterations[0], iterations[-1])
        ax.set_title(tr(lang, f"학습률 {multipliers.label(multiplier, lang)}", f"learning rate {multipliers.label(multiplier, lang)}"), fontsize=10)
        ax.set_xlabel(tr(lang, "반복 횟수", "iteration"))
        corner_notes(ax, notes)
    if np.isfinite(start):
        axes[0].set_ylim(top=10.0 ** np.ceil(np.log10(start * 1.05)))
    axes[0].set_ylabel(tr(lang, "훈련 손실 (평활화, 로그 척도)", "training loss (smoothed, log scale)"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=6, fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_curves(result):
    axis, multipliers = result.axes["optimizer"], result.axes["multiplier"].values
    loss = np.asarray(result.metrics.loss, dtype=np.float64)
    rows = [
        [optimizer, multiplier, seed, it + 1, loss[s, o, k, it]]
        for o, optimizer in enumerate(axis.values)
        for k, multiplier in enumerate(multipliers)
        for s, seed in enumerate(result.seeds)
        for it in range(loss.shape[-1])
    ]
    return ["optimizer", "multiplier", "seed", "iteration", "loss"], rows


FIGURES = (
    FigureSpec(
        id="fig-optimizer-ranking",
        caption={
            "ko": "여섯 최적화 기법을 책의 학습률의 0.1배, 1배, 10배로 두 문제에 돌린 결과입니다. 왼쪽은 그릇 모양 함수에서 "
            "최솟값까지 남은 거리(무작위성이 없어 모든 시드가 같습니다), 오른쪽은 MNIST에서 마지막 반복들의 평균 훈련 손실입니다"
            "(선은 시드 평균, 띠는 최솟값–최댓값). 검은 동그라미는 열마다 가장 낮은 값입니다.",
            "en": "The six optimizers at 0.1, 1 and 10 times the book's learning rate on two problems. Left: distance "
            "left to the bowl's minimum (nothing is random, every seed is the same). Right: mean MNIST training loss "
            "of the last iterations (line: mean over seeds, band: min–max). The black ring marks the lowest value of each column.",
        },
        draw=draw_ranking,
        data=data_ranking,
    ),
    FigureSpec(
        id="fig-optimizer-ranking-curves",
        caption={
            "ko": "오른쪽 점수의 바탕이 된 MNIST 훈련 손실 곡선입니다. 배수마다 패널 하나이고, 책처럼 평활화했습니다. "
            "한 시드 안에서는 모든 기법과 학습률이 같은 초깃값과 같은 미니배치 순서로 출발합니다.",
            "en": "The MNIST training curves behind the right-hand scores, one panel per multiplier, smoothed as in "
            "the book. Within a seed every optimizer and learning rate starts from the same weights and sees the same mini-batches.",
        },
        draw=draw_curves,
        data=data_curves,
    ),
)
