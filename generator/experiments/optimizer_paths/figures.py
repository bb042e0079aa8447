"""Figures of the optimizer-paths experiment (article section 0; book 6.1.7).

The path of each optimiser on f(x, y) = x²/20 + y² (book Figure 6-8) and its distance to the
minimum step by step. Optimiser names and their order come from the result's ``optimizer`` axis;
the colours, line styles and markers are shared with optimizer-compare, so an optimiser looks
the same in every figure of the page.
"""

import matplotlib.patches
import numpy as np

from generator.experiments.optimizer_paths.config import LR_FIELDS, OPTIMIZERS, f
from generator.plot import FigureSpec
from generator.plot.common import tr
from generator.plot.style import LINESTYLES, PALETTE, new_figure

MARKERS = ("o", "s", "^", "D", "v", "P")
X_RANGE, Y_RANGE = (-10.0, 10.0), (-5.0, 5.0)
"""The book's window onto f (optimizer_compare_naive.py)."""


def style_of(optimizer: str) -> dict:
    """One colour, line style and marker per optimiser (an engine name), the same in every figure of the page."""
    i = OPTIMIZERS.index(optimizer)
    return {"color": PALETTE[i], "linestyle": LINESTYLES[i % len(LINESTYLES)], "marker": MARKERS[i]}


def coordinates(result, points):
    """The x and y of ``points`` (..., 2), split along the result's coordinate axis."""
    axis = result.axes["coordinate"]
    return points[..., axis.index("x")], points[..., axis.index("y")]


def distinct_paths(paths) -> np.ndarray:
    """The different paths among the seeds, (k, steps + 1, 2); the experiment draws nothing at random, so k is 1."""
    return np.unique(np.asarray(paths), axis=0)


LEVELS = (0.25, 0.5, 1, 2, 4, 8, 16)
"""The contours drawn: values of f."""


def contours(ax) -> None:
    """f's contours as ellipses. f has no cross term (x²/20 + y²), so f = c is the ellipse with
    semi-axes √(c / f(1, 0)) and √(c / f(0, 1)); drawn as curves, not traced from a grid, it
    costs a few hundred bytes of SVG a panel instead of a hundred kilobytes."""
    across, up = f(1.0, 0.0), f(0.0, 1.0)
    for c in LEVELS:
        ax.add_patch(matplotlib.patches.Ellipse((0.0, 0.0), 2 * np.sqrt(c / across), 2 * np.sqrt(c / up), fill=False,
                                                edgecolor="#9a9a9a", linewidth=0.6, zorder=1))


def draw_paths(result, lang):
    m, config, axis = result.metrics, result.config, result.axes["optimizer"]
    # Two panels a row, so that each is half the text column wide, not a third of it.
    fig, axes = new_figure(3, 2, sharex=True, sharey=True)
    fig.set_size_inches(8.0, 6.6)
    for i, (ax, optimizer) in enumerate(zip(axes.flat, axis.values)):
        contours(ax)
        style = style_of(optimizer)
        for path in distinct_paths(m.path[:, i]):
            x, y = coordinates(result, path)
            ax.plot(x, y, color=style["color"], linewidth=1.0, marker="o", markersize=2.6, zorder=3)
            ax.plot(x[0], y[0], marker="o", markersize=5, markerfacecolor="white", markeredgecolor=style["color"], zorder=4)
        ax.plot(0, 0, marker="+", color="#000000", markersize=8, markeredgewidth=1.2, zorder=5)
        lr = config[LR_FIELDS[optimizer]]
        ax.set_title(f"{axis.label(optimizer, lang)} ({tr(lang, '학습률', 'lr')} {lr:g})", fontsize=10)
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
        ax.set_xticks(np.linspace(*X_RANGE, 5))  # whole numbers, clear of the next panel's
        ax.set_yticks((-4, -2, 0, 2, 4))
        ax.set_aspect("equal")
        ax.grid(False)
    for ax in axes[-1]:
        ax.set_xlabel("x")
    for ax in axes[:, 0]:
        ax.set_ylabel("y")
    return fig


def data_paths(result):
    m, config = result.metrics, result.config
    rows = []
    for s, seed in enumerate(result.seeds):
        for i, optimizer in enumerate(result.axes["optimizer"].values):
            xs, ys = coordinates(result, m.path[s, i])
            for step, (x, y) in enumerate(zip(xs, ys)):
                rows.append([optimizer, config[LR_FIELDS[optimizer]], seed, step, x, y, f(x, y), float(np.hypot(x, y))])
    return ["optimizer", "lr", "seed", "step", "x", "y", "f", "distance"], rows


def draw_distance(result, lang):
    m, axis = result.metrics, result.axes["optimizer"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    steps = np.arange(m.path.shape[2])
    for i, optimizer in enumerate(axis.values):
        style = style_of(optimizer)
        for k, path in enumerate(distinct_paths(m.path[:, i])):
            ax.plot(
                steps, np.hypot(*coordinates(result, path)),
                color=style["color"], linestyle=style["linestyle"], marker=style["marker"], markersize=3.5,
                label=axis.label(optimizer, lang) if k == 0 else None,
            )
    ax.set_yscale("log")
    ax.set_xlabel(tr(lang, "갱신 횟수", "update"))
    ax.set_ylabel(tr(lang, "최솟값 (0, 0)까지의 거리 (로그 척도)", "distance to the minimum (0, 0), log scale"))
    ax.set_xlim(0, steps[-1])
    ax.legend(ncols=3, loc="lower left", fontsize=9)
    return fig


def data_distance(result):
    m = result.metrics
    rows = []
    for s, seed in enumerate(result.seeds):
        for i, optimizer in enumerate(result.axes["optimizer"].values):
            distances = np.hypot(*coordinates(result, m.path[s, i]))
            rows += [[optimizer, seed, step, float(d)] for step, d in enumerate(distances)]
    return ["optimizer", "seed", "step", "distance"], rows


FIGURES = (
    FigureSpec(
        id="fig-optimizer-paths",
        book="6-8",
        caption={
            "ko": "f(x, y) = x²/20 + y²의 등고선 위에서 (−7, 2)부터 30번 갱신한 여섯 최적화 기법의 경로입니다. "
            "+는 최솟값 (0, 0), 흰 점은 출발점입니다. 계산에 무작위성이 없어 모든 시드의 경로가 같습니다.",
            "en": "Paths of six optimizers over the contours of f(x, y) = x²/20 + y², 30 updates from (−7, 2). "
            "+ marks the minimum (0, 0), the open circle the start. Nothing is random, so every seed gives the same path.",
        },
        draw=draw_paths,
        data=data_paths,
    ),
    FigureSpec(
        id="fig-optimizer-paths-distance",
        caption={
            "ko": "같은 경로를 갱신마다 최솟값까지의 거리로 나타냈습니다(로그 척도). "
            "직선으로 내려가면 걸음마다 같은 비율로 가까워진다는 뜻입니다.",
            "en": "The same paths as distance to the minimum after each update (log scale): "
            "a straight descent means a fixed fraction of the distance is removed per step.",
        },
        draw=draw_distance,
        data=data_distance,
    ),
)
