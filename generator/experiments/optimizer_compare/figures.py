"""Figures of the optimizer-compare experiment (article section 0; book 6.1.8).

Training loss on MNIST (book Figure 6-9), smoothed as the book's ``smooth_curve`` does, and the
final test accuracy. Optimiser names and their order come from the result's ``optimizer`` axis;
each optimiser keeps the colour, line style and marker it has in optimizer-paths' figures.
"""

import numpy as np

from generator.experiments.optimizer_paths.figures import style_of
from generator.plot import FigureSpec
from generator.plot.common import corner_notes, mark_diverged, seeds_note, smoothed_loss_rows, smoothed_losses, tr
from generator.plot.style import new_figure


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
    axis = result.axes["optimizer"]
    for i, optimizer in enumerate(axis.values):
        smooth, _ = smoothed_losses(result, i)
        if not np.isfinite(smooth).any() or np.nanmax(smooth) <= top:
            continue
        s, k = np.unravel_index(np.nanargmax(raw[:, i]), raw[:, i].shape)
        ax.annotate(
            tr(lang, f"{axis.label(optimizer, lang)}: 축 위로 벗어남, 평활화 전 최대 {raw[s, i, k]:.3g} (반복 {k + 1})",
               f"{axis.label(optimizer, lang)}: off the axis, raw loss up to {raw[s, i, k]:.3g} (iteration {k + 1})"),
            xy=(iterations[0], top), xytext=(14, -14), textcoords="offset points", fontsize=8,
            color=style_of(optimizer)["color"], arrowprops={"arrowstyle": "->", "color": style_of(optimizer)["color"]},
            annotation_clip=False,
        )


def draw_compare_loss(result, lang):
    m, axis = result.metrics, result.axes["optimizer"]
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    iterations = np.arange(1, m.loss.shape[2] + 1)
    every = max(1, len(iterations) // 10)
    notes = []
    for i, optimizer in enumerate(axis.values):
        style = style_of(optimizer)
        smooth, diverged = smoothed_losses(result, i)
        alive = ~diverged
        label = axis.label(optimizer, lang)
        if alive.any():
            mean = smooth[alive].mean(axis=0)
            ax.fill_between(iterations, smooth[alive].min(axis=0), smooth[alive].max(axis=0),
                            color=style["color"], alpha=0.18, linewidth=0)
            ax.plot(iterations, mean, color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                    markevery=(i * every // len(axis.values), every), markersize=4, linewidth=1.3,
                    label=label)
        if diverged.any():
            mark_diverged(ax, iterations, m.diverged_at[:, i], np.nanmax(smooth), style["color"], zorder=5)
            notes.append(tr(lang, f"{label}: 시드 {diverged.sum()}/{len(diverged)}개 발산(×)",
                            f"{label}: {diverged.sum()} of {len(diverged)} seeds diverged (×)"))
    ax.set_yscale("log")
    ax.set_xlim(iterations[0], iterations[-1])
    clip_above_start(ax, result, iterations, lang)
    ax.set_xlabel(tr(lang, "반복 횟수 (미니배치)", "iteration (mini-batch)"))
    ax.set_ylabel(tr(lang, "훈련 손실 (평활화, 로그 척도)", "training loss (smoothed, log scale)"))
    ax.legend(ncols=3, loc="upper right", fontsize=9, title=seeds_note(result, lang), title_fontsize=8)
    corner_notes(ax, notes)
    return fig


def data_compare_loss(result):
    return ["optimizer", "seed", "iteration", "loss", "smoothed_loss"], smoothed_loss_rows(result, result.axes["optimizer"].values)


def draw_compare_accuracy(result, lang):
    m, axis = result.metrics, result.axes["optimizer"]
    n = len(axis.values)
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 3.6)
    acc = np.asarray(m.test_acc, dtype=np.float64)  # (S, O)
    finite_all = acc[np.isfinite(acc)]
    low = finite_all.min() if finite_all.size else 0.0
    for i, optimizer in enumerate(axis.values):
        style = style_of(optimizer)
        values = acc[:, i]
        ok = np.isfinite(values)
        y = n - 1 - i  # the first optimizer on top
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
    ax.set_yticks(range(n))
    ax.set_yticklabels([axis.label(o, lang) for o in reversed(axis.values)])
    ax.set_ylim(-0.6, n - 0.4)
    ax.margins(x=0.12)
    ax.set_xlabel(tr(lang, f"시험 정확도 (%) · 점: 시드별, 세로선: 시드 {len(result.seeds)}개 평균",
                     f"test accuracy (%) · dots: seeds, bar: mean of {len(result.seeds)}"))
    ax.grid(axis="y", visible=False)
    return fig


def data_compare_accuracy(result):
    m = result.metrics
    rows = [
        [optimizer, seed, m.test_acc[s, i], int(m.diverged_at[s, i])]
        for i, optimizer in enumerate(result.axes["optimizer"].values)
        for s, seed in enumerate(result.seeds)
    ]
    return ["optimizer", "seed", "test_acc", "diverged_at"], rows


FIGURES = (
    FigureSpec(
        id="fig-optimizer-compare-loss",
        book="6-9",
        caption={
            "ko": "MNIST에서 여섯 최적화 기법의 훈련 손실입니다(책처럼 평활화, 로그 척도). "
            "선은 시드 평균, 띠는 시드 사이의 최솟값–최댓값입니다.",
            "en": "Training loss of six optimizers on MNIST (smoothed as in the book, log scale). "
            "Lines are the mean over seeds, bands the min–max across seeds.",
        },
        draw=draw_compare_loss,
        data=data_compare_loss,
    ),
    FigureSpec(
        id="fig-optimizer-compare-accuracy",
        caption={
            "ko": "같은 학습이 끝난 뒤의 시험 정확도입니다. 점은 시드 하나, 세로선은 평균입니다.",
            "en": "Test accuracy after the same training. Each dot is one seed, the bar the mean.",
        },
        draw=draw_compare_accuracy,
        data=data_compare_accuracy,
    ),
)
