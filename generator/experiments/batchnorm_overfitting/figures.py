"""Figures of the batch-norm overfitting experiment (article section 2; book 6.3.1, 6.4).

Training and test accuracy per epoch of the four runs (neither, batch norm, dropout, both), and
the claims' own statistics side by side: test accuracy and the train–test gap at the end of
training, seed by seed. The numbers written on the figures are the mean of the last evaluations
(``batchnorm_overfitting.final``), the statistic the claims use.
"""

import textwrap

import numpy as np
from matplotlib.ticker import MaxNLocator

from generator import glossary
from generator.experiments.batchnorm_overfitting import WINDOW, final
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, tr
from generator.plot.style import PALETTE, new_figure

SPLIT_STYLES = {
    "train": {"color": PALETTE[0], "linestyle": "-", "marker": None},
    "test": {"color": PALETTE[1], "linestyle": "--", "marker": None},
}
VARIANT_COLOURS = {"plain": PALETTE[6], "batch-norm": PALETTE[0], "dropout": PALETTE[4], "batch-norm-dropout": PALETTE[2]}


def split_label(split: str, lang: str) -> str:
    return glossary.term("training-data" if split == "train" else "test-data", lang)


def diverged_seeds(result, variant) -> int:
    at = np.asarray(result.metrics.diverged_at)[:, result.axes["variant"].index(variant)]
    return int(np.count_nonzero(at >= 0))


def draw_curves(result, lang):
    m = result.metrics
    axis = result.axes["variant"]
    epochs = np.asarray(m.eval_epochs)[0]
    fig, panels = new_figure(2, 2, sharex=True, sharey=True)
    fig.set_size_inches(8.0, 6.2)
    for ax, variant in zip(panels.flat, axis.values):
        v = axis.index(variant)
        for split in ("train", "test"):
            values = np.asarray(m[f"{split}_acc"], dtype=np.float64)[:, v]
            mean_band(ax, epochs, values, SPLIT_STYLES[split], split_label(split, lang) if v == 0 else None)
        train, test = final(m, "train_acc", variant).mean(), final(m, "test_acc", variant).mean()
        text = tr(lang, f"훈련 {train:.1%}, 시험 {test:.1%}\n차이 {100 * (train - test):.1f}%p",
                  f"train {train:.1%}, test {test:.1%}\ngap {100 * (train - test):.1f} points")
        lost = diverged_seeds(result, variant)
        if lost:
            text += tr(lang, f"\n발산한 시드 {lost}/{len(result.seeds)}개: 그 뒤 평균선 끊김",
                       f"\n{lost}/{len(result.seeds)} seeds diverged: mean line breaks after")
        ax.text(0.98, 0.04, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6, "boxstyle": "round,pad=0.35"})
        ax.set_title(axis.label(variant, lang), fontsize=9.5)
        ax.set_xlim(epochs[0], epochs[-1])
        ax.set_ylim(0, 1.02)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in panels[-1]:
        ax.set_xlabel(tr(lang, "에폭", "epoch"))
    for ax in panels[:, 0]:
        ax.set_ylabel(glossary.term("accuracy", lang))
    last = min(WINDOW, len(epochs))
    fig.legend(*panels.flat[0].get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=seeds_note(result, lang) + tr(lang, f"; 상자: 마지막 {last}번 측정의 평균",
                                                   f"; boxes: mean of the last {last} measurements"),
               title_fontsize=8)
    return fig


def data_curves(result):
    m = result.metrics
    epochs = np.asarray(m.eval_epochs)[0]
    rows = [
        [variant, seed, int(epoch), m.train_acc[s, v, e], m.test_acc[s, v, e]]
        for v, variant in enumerate(result.axes["variant"].values)
        for s, seed in enumerate(result.seeds)
        for e, epoch in enumerate(epochs)
    ]
    return ["variant", "seed", "epoch", "train_acc", "test_acc"], rows


def end_of_training(result):
    """Test accuracy and train–test gap at the end, per seed and variant: (S, V) each."""
    m = result.metrics
    variants = result.axes["variant"].values
    test = np.stack([final(m, "test_acc", v) for v in variants], axis=1)
    train = np.stack([final(m, "train_acc", v) for v in variants], axis=1)
    return test, train - test


def draw_compare(result, lang):
    axis = result.axes["variant"]
    test, gap = end_of_training(result)
    fig, (left, right) = new_figure(1, 2)
    fig.set_size_inches(8.0, 4.4)
    x = np.arange(len(axis.values))
    for ax, values, ylabel in (
        (left, 100 * test, tr(lang, "시험 정확도 (%)", "test accuracy (%)")),
        (right, 100 * gap, tr(lang, "훈련 정확도 − 시험 정확도 (%p)", "training − test accuracy (points)")),
    ):
        for s in range(values.shape[0]):
            ax.plot(x, values[s], color="#bbbbbb", linewidth=0.8, marker="o", markersize=3.5,
                    label=tr(lang, "시드 하나 (같은 초깃값과 미니배치)", "one seed (same initial weights and mini-batches)")
                    if s == 0 else None)
        with np.errstate(invalid="ignore"):
            mean = values.mean(axis=0)
        for k, variant in enumerate(axis.values):
            ax.plot(x[k], mean[k], marker="D", markersize=8, linestyle="none", color=VARIANT_COLOURS[variant],
                    label=tr(lang, "시드 평균", "mean over seeds") if k == 0 else None)
            if np.isfinite(mean[k]):
                ax.annotate(f"{mean[k]:.1f}", (x[k], mean[k]), xytext=(9, 0), textcoords="offset points",
                            va="center", fontsize=8, color=VARIANT_COLOURS[variant])
            else:  # a seed diverged: no mean to draw, and its line breaks here
                lost = diverged_seeds(result, variant)
                ax.annotate(tr(lang, f"발산 {lost}개", f"{lost} diverged"), (x[k], 0.02),
                            xycoords=("data", "axes fraction"), ha="center", fontsize=8, color=VARIANT_COLOURS[variant])
        ax.set_xticks(x, [textwrap.fill(axis.label(v, lang), 11) for v in axis.values], fontsize=8)
        ax.set_xlim(-0.5, len(x) - 0.3)
        ax.set_ylabel(ylabel)
    left.set_title(tr(lang, "시험 정확도", "test accuracy"), fontsize=9.5)
    right.set_title(tr(lang, "훈련–시험 차이 (오버피팅의 크기)", "train–test gap (how much it overfits)"), fontsize=9.5)
    right.axhline(0, color="#555555", linewidth=0.8)
    last = min(WINDOW, np.asarray(result.metrics.eval_epochs).shape[-1])
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=tr(lang, f"값: 마지막 {last}번 측정의 평균", f"values: mean of the last {last} measurements"),
               title_fontsize=8)
    return fig


def data_compare(result):
    test, gap = end_of_training(result)
    rows = [
        [variant, seed, test[s, v], gap[s, v]]
        for v, variant in enumerate(result.axes["variant"].values)
        for s, seed in enumerate(result.seeds)
    ]
    return ["variant", "seed", "final_test_acc", "final_train_minus_test_acc"], rows


FIGURES = (
    FigureSpec(
        id="fig-batchnorm-overfitting-curves",
        caption={
            "ko": "오버피팅 실험의 신경망(훈련 이미지 300장)을 배치 정규화와 드롭아웃을 켜고 끄며 네 가지로 학습했을 때의 "
            "훈련 정확도(실선)와 시험 정확도(점선)입니다. 상자 안의 숫자는 주장 판정에 쓰는 마지막 측정들의 평균입니다.",
            "en": "Training (solid) and test (dashed) accuracy of the overfitting experiment's network (300 training "
            "images) trained four ways, with batch normalization and dropout switched on and off. The numbers in the "
            "boxes are the mean of the last measurements, the statistic the claims use.",
        },
        draw=draw_curves,
        data=data_curves,
    ),
    FigureSpec(
        id="fig-batchnorm-overfitting-compare",
        caption={
            "ko": "학습이 끝날 때의 시험 정확도(왼쪽)와 훈련 정확도와 시험 정확도의 차이(오른쪽)를 네 학습에 대해 나란히 "
            "보입니다. 회색 선 하나가 같은 시드의 네 신경망을 잇습니다.",
            "en": "Test accuracy (left) and the gap between training and test accuracy (right) at the end of training, "
            "for the four runs side by side. Each grey line joins the four networks of one seed.",
        },
        draw=draw_compare,
        data=data_compare,
    ),
)
