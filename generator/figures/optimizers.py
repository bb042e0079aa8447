"""Figures of the optimizers page (article section 0; book 6.1).

``optimizer-paths``: the path of each optimiser on f(x, y) = x²/20 + y² (book Figure 6-8) and its
distance to the minimum step by step. ``optimizer-compare``: training loss on MNIST (book
Figure 6-9), smoothed as the book's ``smooth_curve`` does, and the final test accuracy.

Both experiments store their optimisers in the engine's order (``OPTIMIZERS`` of the experiment
modules); the figures read names from there, never from a list of their own.
"""

import numpy as np

from generator import glossary
from generator.experiments.optimizer_compare import OPTIMIZERS as COMPARE_OPTIMIZERS
from generator.experiments.optimizer_paths import OPTIMIZERS as PATH_OPTIMIZERS
from generator.experiments.optimizer_paths import f
from generator.figures import FigureSpec
from generator.figures.common import corner_notes, mark_diverged, seeds_note, smoothed_loss_rows, smoothed_losses, tr
from generator.figures.style import LINESTYLES, PALETTE, new_figure

CONCEPTS = {"Momentum": "momentum", "Nesterov": "nesterov", "AdaGrad": "adagrad", "RMSprop": "rmsprop", "Adam": "adam"}
MARKERS = ("o", "s", "^", "D", "v", "P")
X_RANGE, Y_RANGE = (-10.0, 10.0), (-5.0, 5.0)
"""The book's window onto f (optimizer_compare_naive.py)."""
LR_FIELDS = {"SGD": "lr_sgd", "Momentum": "lr_momentum", "Nesterov": "lr_nesterov",
             "AdaGrad": "lr_adagrad", "RMSprop": "lr_rmsprop", "Adam": "lr_adam"}


def name_of(optimizer: str, lang: str) -> str:
    """The glossary word for an optimiser; SGD keeps its short name in figures."""
    return glossary.term(CONCEPTS[optimizer], lang) if optimizer in CONCEPTS else optimizer


def style_of(index: int) -> dict:
    """One colour, line style and marker per optimiser, the same in every figure of the page."""
    return {"color": PALETTE[index], "linestyle": LINESTYLES[index % len(LINESTYLES)], "marker": MARKERS[index]}


def distinct_paths(paths) -> np.ndarray:
    """The different paths among the seeds, (k, steps + 1, 2); the experiment draws nothing at random, so k is 1."""
    return np.unique(np.asarray(paths), axis=0)


def draw_paths(result, lang):
    m, config = result.metrics, result.config
    fig, axes = new_figure(2, 3, sharex=True, sharey=True)
    fig.set_size_inches(8.0, 3.6)
    fig.get_layout_engine().set(wspace=0.06)  # keeps "10" of one panel off "−10" of the next
    xs = np.linspace(*X_RANGE, 401)
    ys = np.linspace(*Y_RANGE, 201)
    X, Y = np.meshgrid(xs, ys)
    levels = [0.25, 0.5, 1, 2, 4, 8, 16]
    for i, (ax, optimizer) in enumerate(zip(axes.flat, PATH_OPTIMIZERS)):
        ax.contour(X, Y, f(X, Y), levels=levels, colors="#9a9a9a", linewidths=0.6)
        style = style_of(i)
        for path in distinct_paths(m.path[:, i]):
            ax.plot(path[:, 0], path[:, 1], color=style["color"], linewidth=1.0, marker="o", markersize=2.6, zorder=3)
            ax.plot(*path[0], marker="o", markersize=5, markerfacecolor="white", markeredgecolor=style["color"], zorder=4)
        ax.plot(0, 0, marker="+", color="#000000", markersize=8, markeredgewidth=1.2, zorder=5)
        lr = config[LR_FIELDS[optimizer]]
        ax.set_title(f"{name_of(optimizer, lang)} ({tr(lang, '학습률', 'lr')} {lr:g})", fontsize=10)
        distance = np.mean(m.final_distance[:, i])
        turns = int(np.round(np.mean(m.y_reversals[:, i])))
        ax.text(
            0.98, 0.04,
            tr(lang, f"거리 {distance:.2f} · y 반전 {turns}회", f"distance {distance:.2f} · y turns {turns}"),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            zorder=6,
        )
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(*Y_RANGE)
        ax.set_aspect("equal")
        ax.grid(False)
    for ax in axes[1]:
        ax.set_xlabel("x")
    for ax in axes[:, 0]:
        ax.set_ylabel("y")
    return fig


def data_paths(result):
    m, config = result.metrics, result.config
    rows = []
    for s, seed in enumerate(result.seeds):
        for i, optimizer in enumerate(PATH_OPTIMIZERS):
            for step, (x, y) in enumerate(m.path[s, i]):
                rows.append([optimizer, config[LR_FIELDS[optimizer]], seed, step, x, y, f(x, y), float(np.hypot(x, y))])
    return ["optimizer", "lr", "seed", "step", "x", "y", "f", "distance"], rows


def draw_distance(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    steps = np.arange(m.path.shape[2])
    for i, optimizer in enumerate(PATH_OPTIMIZERS):
        style = style_of(i)
        for k, path in enumerate(distinct_paths(m.path[:, i])):
            ax.plot(
                steps, np.hypot(path[:, 0], path[:, 1]),
                color=style["color"], linestyle=style["linestyle"], marker=style["marker"], markersize=3.5,
                label=name_of(optimizer, lang) if k == 0 else None,
            )
    ax.set_yscale("log")
    ax.set_xlabel(tr(lang, "갱신 횟수", "update"))
    ax.set_ylabel(tr(lang, "최솟값 (0, 0)까지의 거리 (로그 축)", "distance to the minimum (0, 0), log scale"))
    ax.set_xlim(0, steps[-1])
    ax.legend(ncols=3, loc="lower left", fontsize=9)
    return fig


def data_distance(result):
    m = result.metrics
    rows = []
    for s, seed in enumerate(result.seeds):
        for i, optimizer in enumerate(PATH_OPTIMIZERS):
            for step, (x, y) in enumerate(m.path[s, i]):
                rows.append([optimizer, seed, step, float(np.hypot(x, y))])
    return ["optimizer", "seed", "step", "distance"], rows


def clip_above_start(ax, result, iterations, lang):
    """Cut the axis at the next power of ten above the first losses, and say where a curve leaves it.

    RMSprop's first updates move every weight by about 10·lr (its squares start at (1 - 0.99)·g²), and
    its loss briefly jumps far above the ln 10 it starts from; an axis fitted to that spike would
    squeeze the curves that matter into its bottom half.
    """
    raw = np.asarray(result.metrics.loss, dtype=np.float64)  # (S, O, iterations)
    start = np.nanmax(raw[:, :, 0])  # the first mini-batch's loss
    if not np.isfinite(start):
        return
    top = 10.0 ** np.ceil(np.log10(start * 1.05))
    ax.set_ylim(top=top)
    for i, optimizer in enumerate(COMPARE_OPTIMIZERS):
        smooth, _ = smoothed_losses(result, i)
        if not np.isfinite(smooth).any() or np.nanmax(smooth) <= top:
            continue
        s, k = np.unravel_index(np.nanargmax(raw[:, i]), raw[:, i].shape)
        ax.annotate(
            tr(lang, f"{name_of(optimizer, lang)}: 축 위로 벗어남, 평활화 전 최대 {raw[s, i, k]:.3g} (반복 {k + 1})",
               f"{name_of(optimizer, lang)}: off the axis, raw loss up to {raw[s, i, k]:.3g} (iteration {k + 1})"),
            xy=(iterations[0], top), xytext=(14, -14), textcoords="offset points", fontsize=8,
            color=style_of(i)["color"], arrowprops={"arrowstyle": "->", "color": style_of(i)["color"]},
            annotation_clip=False,
        )


def draw_compare_loss(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    iterations = np.arange(1, m.loss.shape[2] + 1)
    every = max(1, len(iterations) // 10)
    notes = []
    for i, optimizer in enumerate(COMPARE_OPTIMIZERS):
        style = style_of(i)
        smooth, diverged = smoothed_losses(result, i)
        alive = ~diverged
        label = name_of(optimizer, lang)
        if alive.any():
            mean = smooth[alive].mean(axis=0)
            ax.fill_between(iterations, smooth[alive].min(axis=0), smooth[alive].max(axis=0),
                            color=style["color"], alpha=0.18, linewidth=0)
            ax.plot(iterations, mean, color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                    markevery=(i * every // len(COMPARE_OPTIMIZERS), every), markersize=4, linewidth=1.3,
                    label=label)
        if diverged.any():
            mark_diverged(ax, iterations, m.diverged_at[:, i], np.nanmax(smooth), style["color"], zorder=5)
            notes.append(tr(lang, f"{label}: 시드 {diverged.sum()}/{len(diverged)}개 발산(×)",
                            f"{label}: {diverged.sum()} of {len(diverged)} seeds diverged (×)"))
    ax.set_yscale("log")
    ax.set_xlim(iterations[0], iterations[-1])
    clip_above_start(ax, result, iterations, lang)
    ax.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    ax.set_ylabel(tr(lang, "훈련 손실 (평활화, 로그 축)", "training loss (smoothed, log scale)"))
    ax.legend(ncols=3, loc="upper right", fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    corner_notes(ax, notes)
    return fig


def data_compare_loss(result):
    return ["optimizer", "seed", "iteration", "loss", "smoothed_loss"], smoothed_loss_rows(result, COMPARE_OPTIMIZERS)


def draw_compare_accuracy(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 3.6)
    acc = np.asarray(m.test_acc, dtype=np.float64)  # (S, O)
    finite_all = acc[np.isfinite(acc)]
    low = finite_all.min() if finite_all.size else 0.0
    for i in range(len(COMPARE_OPTIMIZERS)):
        style = style_of(i)
        values = acc[:, i]
        ok = np.isfinite(values)
        y = len(COMPARE_OPTIMIZERS) - 1 - i
        ax.plot(100 * values[ok], np.full(ok.sum(), y), linestyle="none", marker=style["marker"],
                color=style["color"], markersize=6, alpha=0.75)
        if ok.any():
            mean = values[ok].mean()
            ax.plot([100 * mean] * 2, [y - 0.3, y + 0.3], color="#000000", linewidth=1.6)
            ax.annotate(f"{100 * mean:.1f}%", (100 * values[ok].max(), y), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize=9)
        if (~ok).any():
            ax.annotate(tr(lang, f"발산 {(~ok).sum()}개", f"{(~ok).sum()} diverged"), (100 * low, y),
                        xytext=(-4, 0), textcoords="offset points", ha="right", va="center", fontsize=8, color=style["color"])
    ax.set_yticks(range(len(COMPARE_OPTIMIZERS)))
    ax.set_yticklabels([name_of(o, lang) for o in reversed(COMPARE_OPTIMIZERS)])
    ax.set_ylim(-0.6, len(COMPARE_OPTIMIZERS) - 0.4)
    ax.margins(x=0.12)
    ax.set_xlabel(tr(lang, f"시험 정확도 (%) · 점: 시드별, 세로선: 시드 {len(result.seeds)}개 평균",
                     f"test accuracy (%) · dots: seeds, bar: mean of {len(result.seeds)}"))
    ax.grid(axis="y", visible=False)
    return fig


def data_compare_accuracy(result):
    m = result.metrics
    rows = [
        [optimizer, seed, m.test_acc[s, i], int(m.diverged_at[s, i])]
        for i, optimizer in enumerate(COMPARE_OPTIMIZERS)
        for s, seed in enumerate(result.seeds)
    ]
    return ["optimizer", "seed", "test_acc", "diverged_at"], rows


FIGURES = (
    FigureSpec(
        id="fig-optimizer-paths",
        experiment="optimizer-paths",
        page="optimizers",
        caption={
            "ko": "f(x, y) = x²/20 + y²의 등고선 위에서 (−7, 2)부터 30번 갱신한 여섯 최적화 기법의 경로. "
            "+는 최솟값 (0, 0), 흰 점은 출발점. 계산에 무작위성이 없어 모든 시드의 경로가 같다.",
            "en": "Paths of six optimizers over the contours of f(x, y) = x²/20 + y², 30 updates from (−7, 2). "
            "+ marks the minimum (0, 0), the open circle the start. Nothing is random, so every seed gives the same path.",
        },
        draw=draw_paths,
        data=data_paths,
    ),
    FigureSpec(
        id="fig-optimizer-paths-distance",
        experiment="optimizer-paths",
        page="optimizers",
        caption={
            "ko": "같은 경로를 갱신마다 최솟값까지의 거리로 본 것(로그 축). 직선으로 내려가면 매번 같은 비율로 가까워진다는 뜻이다.",
            "en": "The same paths as distance to the minimum after each update (log scale): "
            "a straight descent means a fixed fraction of the distance is removed per step.",
        },
        draw=draw_distance,
        data=data_distance,
    ),
    FigureSpec(
        id="fig-optimizer-compare-loss",
        experiment="optimizer-compare",
        page="optimizers",
        caption={
            "ko": "MNIST에서 여섯 최적화 기법의 훈련 손실(책처럼 평활화, 로그 축). 선은 시드 평균, 띠는 시드 사이의 최솟값–최댓값.",
            "en": "Training loss of six optimizers on MNIST (smoothed as in the book, log scale). "
            "Lines are the mean over seeds, bands the min–max across seeds.",
        },
        draw=draw_compare_loss,
        data=data_compare_loss,
    ),
    FigureSpec(
        id="fig-optimizer-compare-accuracy",
        experiment="optimizer-compare",
        page="optimizers",
        caption={
            "ko": "같은 학습이 끝난 뒤의 시험 정확도. 점은 시드 하나, 세로선은 평균.",
            "en": "Test accuracy after the same training. Each dot is one seed, the bar the mean.",
        },
        draw=draw_compare_accuracy,
        data=data_compare_accuracy,
    ),
)
