"""Figures of the overfitting experiment (article section 3; book 6.4).

Training and test accuracy per epoch of the network trained on few images, without
regularisation (book Figure 6-20), with weight decay (Figure 6-21) and with dropout (Figure
6-23), and the train–test gap of the three side by side. The numbers written on the figures are
the claims' own statistic, the mean of the last evaluations (``overfitting.final``).
"""

import numpy as np
from matplotlib.ticker import MaxNLocator

from generator import glossary
from generator.experiments.overfitting import final
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, tr
from generator.plot.style import PALETTE, new_figure

SPLIT_STYLES = {
    "train": {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
    "test": {"color": PALETTE[1], "linestyle": "--", "marker": "s"},
}
VARIANT_STYLES = {
    "baseline": {"color": PALETTE[6], "linestyle": "-", "marker": None},
    "weight-decay": {"color": PALETTE[2], "linestyle": "--", "marker": "D"},
    "dropout": {"color": PALETTE[4], "linestyle": "-.", "marker": "^"},
}
LAST = 10
"""Evaluations averaged for the numbers on the figures, as ``overfitting.final`` does by default."""


def split_label(split: str, lang: str) -> str:
    return glossary.term("training-data" if split == "train" else "test-data", lang)


def diverged_note(result, variant, lang) -> str | None:
    """A line naming the seeds whose loss overflowed, or None; their curves stop there."""
    at = np.asarray(result.metrics.diverged_at)[:, result.axes["variant"].index(variant)]
    lost = int(np.count_nonzero(at >= 0))
    if not lost:
        return None
    return tr(lang, f"발산한 시드 {lost}/{len(at)}개: 그 뒤 평균선 끊김",
              f"{lost}/{len(at)} seeds diverged: mean line breaks after")


def draw_accuracy(result, variant, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    v = result.axes["variant"].index(variant)
    epochs = np.arange(np.asarray(m.train_acc).shape[-1])
    every = max(1, len(epochs) // 10)
    if variant != "baseline":
        b = result.axes["variant"].index("baseline")
        for split in ("train", "test"):
            values = np.asarray(m[f"{split}_acc"], dtype=np.float64)[:, b]
            with np.errstate(invalid="ignore"):
                ax.plot(epochs, values.mean(axis=0), color="#aaaaaa", linewidth=1.0,
                        linestyle=SPLIT_STYLES[split]["linestyle"],
                        label=tr(lang, f"정규화 없음: {split_label(split, lang)} (비교용)",
                                 f"no regularization: {split_label(split, lang)} (for comparison)"))
    lines = []
    for split, offset in (("train", 0), ("test", every // 2)):
        values = np.asarray(m[f"{split}_acc"], dtype=np.float64)[:, v]
        mean_band(ax, epochs, values, SPLIT_STYLES[split], f"{result.axes['variant'].label(variant, lang)}: {split_label(split, lang)}",
                  markevery=(offset, every))
        lines.append(final(m, f"{split}_acc", variant, LAST).mean())
    train, test = lines
    last = min(LAST, len(epochs))
    text = tr(lang, f"마지막 {last}에폭 평균\n훈련 {train:.1%}, 시험 {test:.1%}\n차이 {100 * (train - test):.1f}%p",
              f"mean of the last {last} epochs\ntrain {train:.1%}, test {test:.1%}\ngap {100 * (train - test):.1f} points")
    note = diverged_note(result, variant, lang)
    if note:
        text += "\n" + note
    ax.text(0.98, 0.04, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5,
            bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6, "boxstyle": "round,pad=0.4"})
    ax.set_xlim(epochs[0], epochs[-1])
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(tr(lang, "에폭", "epoch"))
    ax.set_ylabel(glossary.term("accuracy", lang))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_accuracy(result, variants):
    m = result.metrics
    train = np.asarray(m.train_acc, dtype=np.float64)
    test = np.asarray(m.test_acc, dtype=np.float64)
    rows = [
        [variant, seed, epoch, train[s, v, epoch], test[s, v, epoch]]
        for variant in variants
        for v in [result.axes["variant"].index(variant)]
        for s, seed in enumerate(result.seeds)
        for epoch in range(train.shape[-1])
    ]
    return ["variant", "seed", "epoch", "train_acc", "test_acc"], rows


def draw_gap(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    train = np.asarray(m.train_acc, dtype=np.float64)
    gap = train - np.asarray(m.test_acc, dtype=np.float64)  # (S, V, epochs + 1)
    epochs = np.arange(gap.shape[-1])
    every = max(1, len(epochs) // 10)
    window = min(LAST, len(epochs))
    for v, variant in enumerate(result.axes["variant"].values):
        last = (final(m, "train_acc", variant, LAST) - final(m, "test_acc", variant, LAST)).mean()
        label = result.axes["variant"].label(variant, lang) + tr(lang, f": 마지막 {window}에폭 {100 * last:.1f}%p",
                                                            f": last {window} epochs {100 * last:.1f} points")
        mean_band(ax, epochs, 100 * gap[:, v], VARIANT_STYLES[variant], label, markevery=(v * every // 3, every))
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xlim(epochs[0], epochs[-1])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(tr(lang, "에폭", "epoch"))
    ax.set_ylabel(tr(lang, "훈련 정확도 − 시험 정확도 (%p)", "training − test accuracy (percentage points)"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=1, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_gap(result):
    m = result.metrics
    train = np.asarray(m.train_acc, dtype=np.float64)
    test = np.asarray(m.test_acc, dtype=np.float64)
    rows = [
        [variant, seed, epoch, train[s, v, epoch] - test[s, v, epoch]]
        for v, variant in enumerate(result.axes["variant"].values)
        for s, seed in enumerate(result.seeds)
        for epoch in range(train.shape[-1])
    ]
    return ["variant", "seed", "epoch", "train_minus_test_acc"], rows


def figure_of(variant, figure_id, book, caption):
    return FigureSpec(
        id=figure_id,
        book=book,
        caption=caption,
        draw=lambda result, lang: draw_accuracy(result, variant, lang),
        data=lambda result: data_accuracy(result, ("baseline",) if variant == "baseline" else (variant, "baseline")),
    )


FIGURES = (
    figure_of("baseline", "fig-overfitting-baseline", "6-20", {
        "ko": "적은 훈련 데이터로 깊은 신경망을 정규화 없이 학습할 때의 에폭별 훈련 정확도(실선)와 시험 정확도(점선). "
        "오른쪽 아래 숫자는 주장 판정에 쓰는 마지막 에폭들의 평균입니다.",
        "en": "Training (solid) and test (dashed) accuracy per epoch of a deep network trained on few images without "
        "regularization. The numbers at the bottom right are the mean of the last epochs, the statistic the claims use.",
    }),
    figure_of("weight-decay", "fig-overfitting-weight-decay", "6-21", {
        "ko": "같은 신경망에 가중치 감소를 더한 학습입니다. 회색 선은 비교를 위한 정규화 없는 학습의 시드 평균입니다.",
        "en": "The same network trained with weight decay. Grey lines repeat the unregularized run (mean over seeds) "
        "for comparison.",
    }),
    figure_of("dropout", "fig-overfitting-dropout", "6-23", {
        "ko": "같은 신경망에 드롭아웃을 더한 학습입니다(시험할 때는 책처럼 출력에 남긴 비율을 곱합니다). 회색 선은 정규화 없는 학습의 시드 평균입니다.",
        "en": "The same network trained with dropout (at test time outputs are multiplied by the kept fraction, as in "
        "the book). Grey lines repeat the unregularized run (mean over seeds).",
    }),
    FigureSpec(
        id="fig-overfitting-gap",
        caption={
            "ko": "세 학습의 훈련 정확도와 시험 정확도의 차이(퍼센트포인트)를 에폭마다 나란히 보여 줍니다.",
            "en": "The gap between training and test accuracy (percentage points) per epoch for the three runs side by side.",
        },
        draw=draw_gap,
        data=data_gap,
    ),
)
