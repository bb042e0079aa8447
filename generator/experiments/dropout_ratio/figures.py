"""Figure of the dropout-ratio sweep (article section 4): training and test accuracy, and their gap,
against the ratio. Each point is the mean over the test window (``dropout_ratio.final``), the
claims' own statistic; lines are the mean over seeds, bands their min–max. A seed whose run
diverged has no value at that ratio, so the mean line breaks there and the seed is counted."""

import numpy as np

from generator import glossary
from generator.experiments.dropout_ratio import final, gap
from generator.plot import FigureSpec
from generator.plot.common import mean_band, seeds_note, tr
from generator.plot.style import PALETTE, new_figure

STYLES = {
    "train": {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
    "test": {"color": PALETTE[1], "linestyle": "--", "marker": "s"},
    "gap": {"color": PALETTE[4], "linestyle": "-", "marker": "D"},
}


def draw(result, lang):
    m = result.metrics
    axis = result.axes["ratio"]
    ratios = np.asarray(axis.values, dtype=np.float64)
    fig, (left, right) = new_figure(1, 2)
    fig.set_size_inches(8.0, 4.0)
    window = np.shape(m.test_acc)[-1]
    for split in ("train", "test"):
        name = glossary.term("training-data" if split == "train" else "test-data", lang)
        mean_band(left, ratios, 100 * final(m, f"{split}_acc"), STYLES[split], name)
    left.set_ylim(0, 102)
    left.set_ylabel(tr(lang, f"{glossary.term('accuracy', lang)} (%, 마지막 {window}에폭 평균)",
                       f"{glossary.term('accuracy', lang)} (%, mean of the last {window} epochs)"), fontsize=9)
    left.set_title(tr(lang, "훈련 정확도와 시험 정확도", "training and test accuracy"), fontsize=9)
    left.legend(loc="lower left", fontsize=8)
    mean_band(right, ratios, 100 * gap(m), STYLES["gap"])
    right.axhline(0, color="#555555", linewidth=0.8)
    right.set_ylabel(tr(lang, "훈련 정확도 − 시험 정확도 (%p)", "training − test accuracy (percentage points)"), fontsize=9)
    right.set_title(tr(lang, "두 정확도의 차이", "the gap between them"), fontsize=9)
    diverged = int(np.count_nonzero(np.asarray(m.diverged_at) >= 0))
    if diverged:
        right.text(0.97, 0.97, tr(lang, f"발산한 학습 {diverged}회: 그 비율에서 평균선 끊김",
                                  f"{diverged} run(s) diverged: the mean breaks at that ratio"),
                   transform=right.transAxes, ha="right", va="top", fontsize=8, color=PALETTE[3])
    for ax in (left, right):
        ax.set_xticks(ratios, axis.labels[lang], fontsize=7.5)
        ax.set_xlim(ratios[0] - 0.02, ratios[-1] + 0.02)
        ax.set_xlabel(glossary.term("dropout-ratio", lang))
    fig.legend(handles=[], loc="outside lower center", title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data(result):
    m = result.metrics
    train, test, g = final(m, "train_acc"), final(m, "test_acc"), gap(m)
    rows = [
        [ratio, seed, train[s, r], test[s, r], g[s, r], int(m.diverged_at[s, r])]
        for r, ratio in enumerate(result.axes["ratio"].values)
        for s, seed in enumerate(result.seeds)
    ]
    return ["ratio", "seed", "train_acc", "test_acc", "train_minus_test_acc", "diverged_at"], rows


FIGURES = (
    FigureSpec(
        id="fig-dropout-ratio",
        caption={
            "ko": "오버피팅 실험의 신경망을 드롭아웃 비율만 바꿔 가며 학습한 결과입니다. "
                  "왼쪽은 마지막 에폭들의 훈련 정확도와 시험 정확도, 오른쪽은 그 차이입니다.",
            "en": "The overfitting experiment's network trained at each dropout "
                  "ratio. Left: training and test accuracy over the last epochs; right: the gap between them.",
        },
        draw=draw,
        data=data,
    ),
)
