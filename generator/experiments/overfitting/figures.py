"""Figures of the overfitting experiment (article section 3; book 6.4).

Training and test accuracy per epoch of the network trained on few images, without
regularisation (book Figure 6-20), with weight decay (Figure 6-21) and with dropout (Figure
6-23), and the train–test gap of the three side by side; and this site's additions: networks of
fewer layers, the size of the weights, inverted dropout, the ensemble of the seeds' networks and
Monte Carlo dropout. The numbers written on the figures are the claims' own statistics (the mean
of a run's last evaluations, ``overfitting.final``, and the other functions of the package).
Runs stop at their own epoch counts (201 without dropout, 301 with it, as the book's scripts);
where one figure holds both, the shorter run's end is marked.
"""

import numpy as np
from matplotlib.ticker import MaxNLocator

from generator import glossary
from generator.experiments.overfitting import (
    column,
    ensembles_of,
    final,
    last_epoch,
    mc_accuracy,
    member_accuracy,
    scaled_accuracy,
    weight_norm_at_end,
)
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
    "inverted-dropout": {"color": PALETTE[3], "linestyle": ":", "marker": "v"},
}
BOOK_RUNS = ("baseline", "weight-decay", "dropout")
"""The book's three runs, the ones the gap figure compares."""
LAST = 10
"""Evaluations averaged for the numbers on the figures, as ``overfitting.final`` does by default."""
BOX = {"facecolor": "white", "edgecolor": "#bbbbbb", "linewidth": 0.6, "boxstyle": "round,pad=0.4"}


def split_label(split: str, lang: str) -> str:
    return glossary.term("training-data" if split == "train" else "test-data", lang)


def diverged_note(result, variant, lang) -> str | None:
    """A line naming the seeds whose loss overflowed, or None; their curves stop there."""
    at = np.asarray(result.metrics.diverged_at)[:, column(result.metrics, variant)]
    lost = int(np.count_nonzero(at >= 0))
    if not lost:
        return None
    return tr(lang, f"발산한 시드 {lost}/{len(at)}개: 그 뒤 평균선 끊김",
              f"{lost}/{len(at)} seeds diverged: mean line breaks after")


def curve(result, name, variant) -> tuple[np.ndarray, np.ndarray]:
    """Epochs 0..E of one run and its metric per seed (S, E + 1), cut at the run's own last epoch."""
    e = last_epoch(result.metrics, variant)
    values = np.asarray(result.metrics[name], dtype=np.float64)[:, column(result.metrics, variant), : e + 1]
    return np.arange(e + 1), values


def mark_stops(ax, result, variants, lang) -> None:
    """A dotted line where a run stops before the figure's last epoch, naming the runs that stop there."""
    ends = {v: last_epoch(result.metrics, v) for v in variants}
    longest = max(ends.values())
    for end in sorted({e for e in ends.values() if e < longest}):
        names = ", ".join(result.axes["variant"].label(v, lang) for v in variants if ends[v] == end)
        ax.axvline(end, color="#888888", linestyle=":", linewidth=0.9)
        ax.text(end, 0.98, tr(lang, f"{names}: 에폭 {end}에서 끝 ", f"{names}: stops at epoch {end} "),
                transform=ax.get_xaxis_transform(), ha="right", va="top", fontsize=7.5, color="#555555")



def _accuracy_axes(fig, ax, epochs, result, lang):
    """The axes, labels and legend every accuracy-per-epoch figure of this page shares."""
    ax.set_xlim(epochs[0], epochs[-1])
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(tr(lang, "에폭", "epoch"))
    ax.set_ylabel(glossary.term("accuracy", lang))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig

def draw_accuracy(result, variant, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    epochs, _ = curve(result, "train_acc", variant)
    every = max(1, len(epochs) // 10)
    if variant != "baseline":
        for split in ("train", "test"):
            base_epochs, values = curve(result, f"{split}_acc", "baseline")
            with np.errstate(invalid="ignore"):
                ax.plot(base_epochs, values.mean(axis=0), color="#aaaaaa", linewidth=1.0,
                        linestyle=SPLIT_STYLES[split]["linestyle"],
                        label=tr(lang, f"억제 기법 없음: {split_label(split, lang)} (비교용)",
                                 f"no regularization: {split_label(split, lang)} (for comparison)"))
        mark_stops(ax, result, ("baseline", variant), lang)
    lines = []
    for split, offset in (("train", 0), ("test", every // 2)):
        _, values = curve(result, f"{split}_acc", variant)
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
    ax.text(0.98, 0.04, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5, bbox=BOX)
    return _accuracy_axes(fig, ax, epochs, result, lang)


def data_accuracy(result, variants):
    train = np.asarray(result.metrics.train_acc, dtype=np.float64)
    test = np.asarray(result.metrics.test_acc, dtype=np.float64)
    rows = [
        [variant, seed, epoch, train[s, v, epoch], test[s, v, epoch]]
        for variant in variants
        for v in [column(result.metrics, variant)]
        for s, seed in enumerate(result.seeds)
        for epoch in range(last_epoch(result.metrics, variant) + 1)
    ]
    return ["variant", "seed", "epoch", "train_acc", "test_acc"], rows


def draw_gap(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    longest = max(last_epoch(m, v) for v in BOOK_RUNS)
    every = max(1, longest // 10)
    window = min(LAST, longest + 1)
    for i, variant in enumerate(BOOK_RUNS):
        epochs, train = curve(result, "train_acc", variant)
        _, test = curve(result, "test_acc", variant)
        last = (final(m, "train_acc", variant, LAST) - final(m, "test_acc", variant, LAST)).mean()
        label = result.axes["variant"].label(variant, lang) + tr(
            lang, f": 마지막 {window}에폭 {100 * last:.1f}%p", f": last {window} epochs {100 * last:.1f} points")
        mean_band(ax, epochs, 100 * (train - test), VARIANT_STYLES[variant], label, markevery=(i * every // 3, every))
    mark_stops(ax, result, BOOK_RUNS, lang)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xlim(0, longest)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(tr(lang, "에폭", "epoch"))
    ax.set_ylabel(tr(lang, "훈련 정확도 − 시험 정확도 (%p)", "training − test accuracy (percentage points)"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=1, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_gap(result):
    rows = []
    for variant in BOOK_RUNS:
        _, train = curve(result, "train_acc", variant)
        _, test = curve(result, "test_acc", variant)
        rows += [[variant, seed, epoch, train[s, epoch] - test[s, epoch]]
                 for s, seed in enumerate(result.seeds) for epoch in range(train.shape[-1])]
    return ["variant", "seed", "epoch", "train_minus_test_acc"], rows


def sizes_of(result) -> list[tuple[str, int]]:
    """(variant, hidden layers) of the smaller networks and the baseline, fewest layers first."""
    layers = np.asarray(result.metrics.hidden_layers)[0]
    keyed = [(key, int(layers[column(result.metrics, key)])) for key in result.axes["variant"].values
             if key == "baseline" or key.startswith("layers-")]
    return sorted(keyed, key=lambda item: item[1])


def draw_model_size(result, lang):
    m = result.metrics
    fig, (left, right) = new_figure(1, 2)
    fig.set_size_inches(8.0, 4.0)
    keyed = sizes_of(result)
    layers = np.array([n for _, n in keyed])
    train = np.stack([final(m, "train_acc", key, LAST) for key, _ in keyed], axis=1)  # (S, networks)
    test = np.stack([final(m, "test_acc", key, LAST) for key, _ in keyed], axis=1)
    for split, values in (("train", train), ("test", test)):
        mean_band(left, layers, values, SPLIT_STYLES[split], split_label(split, lang))
    mean_band(right, layers, 100 * (train - test), VARIANT_STYLES["baseline"] | {"marker": "o"},
              tr(lang, "훈련 − 시험", "train − test"))
    for x, g in zip(layers, 100 * (train - test).mean(axis=0)):
        right.annotate(f"{g:.1f}", (x, g), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    left.set_ylim(0, 1.02)
    left.set_ylabel(tr(lang, f"{glossary.term('accuracy', lang)} (마지막 {LAST}에폭 평균)",
                       f"{glossary.term('accuracy', lang)} (mean of the last {LAST} epochs)"))
    right.set_ylabel(tr(lang, "훈련 정확도 − 시험 정확도 (%p)", "training − test accuracy (points)"))
    for ax in (left, right):
        ax.set_xticks(layers)
        ax.set_xlabel(tr(lang, f"{glossary.term('hidden-layer', lang)} 수 (각 {result.config['hidden_sizes'][0]}개)",
                         f"{glossary.term('hidden-layer', lang)}s ({result.config['hidden_sizes'][0]} units each)"))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_model_size(result):
    m = result.metrics
    rows = []
    for key, layers in sizes_of(result):
        train, test = final(m, "train_acc", key, LAST), final(m, "test_acc", key, LAST)
        rows += [[layers, key, seed, train[s], test[s]] for s, seed in enumerate(result.seeds)]
    return ["hidden_layers", "variant", "seed", f"train_acc_last_{LAST}", f"test_acc_last_{LAST}"], rows


def draw_weight_norm(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.2)
    for i, variant in enumerate(("baseline", "weight-decay")):
        epochs, values = curve(result, "weight_norm", variant)
        start, end = values[:, 0].mean(), weight_norm_at_end(m, variant).mean()
        label = result.axes["variant"].label(variant, lang) + tr(
            lang, f": {start:.0f} → {end:.0f}", f": {start:.0f} → {end:.0f}")
        every = max(1, len(epochs) // 10)
        mean_band(ax, epochs, values, VARIANT_STYLES[variant] | {"marker": "o" if i == 0 else "D"}, label,
                  markevery=(i * every // 2, every))
    ax.set_xlim(epochs[0], epochs[-1])
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(tr(lang, "에폭", "epoch"))
    ax.set_ylabel(tr(lang, "가중치 제곱합 Σ‖W‖²", "sum of squared weights Σ‖W‖²"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_weight_norm(result):
    rows = []
    for variant in ("baseline", "weight-decay"):
        _, values = curve(result, "weight_norm", variant)
        rows += [[variant, seed, epoch, values[s, epoch]] for s, seed in enumerate(result.seeds) for epoch in range(values.shape[-1])]
    return ["variant", "seed", "epoch", "sum_squared_weights"], rows


def draw_inverted(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.5)
    lines = []
    for i, variant in enumerate(("dropout", "inverted-dropout")):
        epochs, _ = curve(result, "train_acc", variant)
        every = max(1, len(epochs) // 10)
        for split, offset in (("train", 0), ("test", every // 2)):
            _, values = curve(result, f"{split}_acc", variant)
            style = {"color": VARIANT_STYLES[variant]["color"], "linestyle": SPLIT_STYLES[split]["linestyle"],
                     "marker": VARIANT_STYLES[variant]["marker"]}
            mean_band(ax, epochs, values, style, f"{result.axes['variant'].label(variant, lang)}: {split_label(split, lang)}",
                      markevery=(offset + i * every // 4, every))
        train, test = final(m, "train_acc", variant, LAST).mean(), final(m, "test_acc", variant, LAST).mean()
        name = tr(lang, "책의 방식" if variant == "dropout" else glossary.term(variant, "ko"),
                  "book's scaling" if variant == "dropout" else glossary.term(variant, "en"))
        lines.append(tr(lang, f"{name}: 훈련 {train:.1%}, 시험 {test:.1%}", f"{name}: train {train:.1%}, test {test:.1%}"))
    last = min(LAST, len(epochs))
    ax.text(0.98, 0.04, tr(lang, f"마지막 {last}에폭 평균\n", f"mean of the last {last} epochs\n") + "\n".join(lines),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5, bbox=BOX)
    return _accuracy_axes(fig, ax, epochs, result, lang)


def draw_ensemble(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.2)
    alive = int(np.count_nonzero(np.asarray(m.diverged_at)[:, column(m, "baseline")] < 0))
    sizes = np.arange(1, alive + 1)
    scores = [np.array([acc for _, acc in ensembles_of(m, k)]) for k in sizes]
    for k, acc in zip(sizes, scores):
        ax.plot(np.full(acc.shape, k), acc, linestyle="none", marker="o", markersize=3.5, color=PALETTE[0], alpha=0.45)
    ax.fill_between(sizes, [a.min() for a in scores], [a.max() for a in scores], color=PALETTE[0], alpha=0.2, linewidth=0)
    ax.plot(sizes, [a.mean() for a in scores], color=PALETTE[0], marker="s", markersize=4,
            label=tr(lang, "평균한 신경망들: 조합마다 점 하나, 선은 평균, 띠는 최솟값–최댓값",
                     "networks averaged: one dot per combination, line the mean, band min–max"))
    members = member_accuracy(m)[np.asarray(m.diverged_at)[:, column(m, "baseline")] < 0]
    everyone = scores[-1][0]  # the one ensemble of every seed whose network did not diverge
    ax.text(0.98, 0.04, tr(lang, f"신경망 하나: 평균 {members.mean():.2%} (최고 {members.max():.2%})\n{alive}개 모두 평균: {everyone:.2%}",
                           f"one network: mean {members.mean():.2%} (best {members.max():.2%})\nall {alive} averaged: {everyone:.2%}"),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5, bbox=BOX)
    ax.set_xticks(sizes)
    ax.set_xlabel(tr(lang, "평균한 신경망 수 (시드마다 하나, 억제 기법 없음)", "networks averaged (one per seed, no regularization)"))
    ax.set_ylabel(tr(lang, "시험 정확도", "test accuracy"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=1, fontsize=8.5)
    return fig


def data_ensemble(result):
    m = result.metrics
    alive = int(np.count_nonzero(np.asarray(m.diverged_at)[:, column(m, "baseline")] < 0))
    rows = [[k, " ".join(str(result.seeds[i]) for i in members), acc]
            for k in range(1, alive + 1) for members, acc in ensembles_of(m, k)]
    return ["networks_averaged", "seeds", "test_acc"], rows


def draw_mc(result, lang):
    m = result.metrics
    fig, ax = new_figure()
    fig.set_size_inches(8.0, 4.2)
    masks = np.asarray(result.axes["masks"].values)
    mean_band(ax, masks, mc_accuracy(m), SPLIT_STYLES["test"] | {"linestyle": "-"},
              tr(lang, "무작위 마스크 K개의 예측 평균", "average of the predictions of K random masks"))
    scaled = scaled_accuracy(m)
    kept = 1 - result.config["dropout_ratio"]
    ax.axhspan(np.nanmin(scaled), np.nanmax(scaled), color=PALETTE[4], alpha=0.15, linewidth=0)
    ax.axhline(np.nanmean(scaled), color=PALETTE[4], linestyle="--",
               label=tr(lang, f"모든 뉴런을 살리고 {kept:g}을 곱한 한 번의 순전파 (책의 방식)",
                        f"one forward pass, every unit kept and scaled by {kept:g} (the book's way)"))
    ax.set_xscale("log")
    ax.set_xticks(masks, [str(k) for k in masks])
    ax.minorticks_off()
    ax.set_xlabel(tr(lang, "평균한 마스크 수 K", "masks averaged, K"))
    ax.set_ylabel(tr(lang, f"시험 정확도 ({last_epoch(m, 'dropout')}에폭 학습 후)",
                     f"test accuracy (after {last_epoch(m, 'dropout')} epochs)"))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=1, fontsize=8.5,
               title=seeds_note(result, lang), title_fontsize=8)
    return fig


def data_mc(result):
    m = result.metrics
    mc, scaled = mc_accuracy(m), scaled_accuracy(m)
    rows = [[seed, k, mc[s, j], scaled[s]] for s, seed in enumerate(result.seeds)
            for j, k in enumerate(result.axes["masks"].values)]
    return ["seed", "masks", "mc_test_acc", "scaled_test_acc"], rows


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
        "ko": "적은 훈련 데이터로 깊은 신경망을 오버피팅 억제 기법 없이 학습할 때의 에폭별 훈련 정확도(실선)와 시험 정확도(점선). "
        "오른쪽 아래 숫자는 주장 판정에 쓰는 마지막 에폭들의 평균입니다.",
        "en": "Training (solid) and test (dashed) accuracy per epoch of a deep network trained on few images without "
        "regularization. The numbers at the bottom right are the mean of the last epochs, the statistic the claims use.",
    }),
    FigureSpec(
        id="fig-overfitting-model-size",
        caption={
            "ko": "같은 300장으로 은닉층 수만 바꾼 신경망들의 마지막 에폭 평균 정확도(왼쪽)와 훈련·시험 정확도의 차이(오른쪽). "
            "은닉층이 가장 많은 점이 억제 기법 없는 책의 신경망입니다.",
            "en": "Networks that differ only in their number of hidden layers, trained on the same 300 images: accuracy "
            "over the last epochs (left) and the gap between training and test accuracy (right). The deepest point is "
            "the book's unregularized network.",
        },
        draw=draw_model_size,
        data=data_model_size,
    ),
    figure_of("weight-decay", "fig-overfitting-weight-decay", "6-21", {
        "ko": "같은 신경망에 가중치 감소를 더한 학습입니다. 회색 선은 비교를 위한 억제 기법 없는 학습의 시드 평균입니다.",
        "en": "The same network trained with weight decay. Grey lines repeat the unregularized run (mean over seeds) "
        "for comparison.",
    }),
    FigureSpec(
        id="fig-overfitting-weight-norm",
        caption={
            "ko": "모든 가중치 행렬의 제곱합 Σ‖W‖²(편향 제외)을 에폭마다 잰 값입니다. 범례의 숫자는 학습 전과 마지막 에폭의 시드 평균입니다.",
            "en": "The sum of squares of every weight matrix, Σ‖W‖² (biases excluded), per epoch. The numbers in the "
            "legend are its mean over seeds before training and after the last epoch.",
        },
        draw=draw_weight_norm,
        data=data_weight_norm,
    ),
    figure_of("dropout", "fig-overfitting-dropout", "6-23", {
        "ko": "같은 신경망에 드롭아웃을 더해 책처럼 301에폭 학습했습니다(시험할 때는 책처럼 출력에 남긴 비율을 곱합니다). "
        "회색 선은 억제 기법 없는 학습의 시드 평균이며, 책처럼 201에폭에서 끝납니다.",
        "en": "The same network trained with dropout for 301 epochs, as in the book (at test time outputs are "
        "multiplied by the kept fraction, as in the book). Grey lines repeat the unregularized run (mean over seeds), "
        "which stops at epoch 201 as in the book.",
    }),
    FigureSpec(
        id="fig-overfitting-inverted-dropout",
        caption={
            "ko": "책의 드롭아웃(시험할 때 줄이기)과 역 드롭아웃(학습할 때 키우기)의 에폭별 정확도. 두 학습은 초깃값, "
            "미니배치 순서, 드롭아웃 마스크가 모두 같고 눈금을 맞추는 방식만 다릅니다.",
            "en": "Accuracy per epoch of the book's dropout (scaling down at test time) and inverted dropout (scaling up "
            "in training). The two share their initial weights, mini-batch order and dropout masks; only where the "
            "outputs are rescaled differs.",
        },
        draw=draw_inverted,
        data=lambda result: data_accuracy(result, ("dropout", "inverted-dropout")),
    ),
    FigureSpec(
        id="fig-overfitting-gap",
        caption={
            "ko": "세 학습의 훈련 정확도와 시험 정확도의 차이(퍼센트포인트)를 에폭마다 나란히 보여 줍니다. 드롭아웃만 301에폭까지 갑니다.",
            "en": "The gap between training and test accuracy (percentage points) per epoch for the three runs side by "
            "side. Only dropout goes on to epoch 301.",
        },
        draw=draw_gap,
        data=data_gap,
    ),
    FigureSpec(
        id="fig-overfitting-ensemble",
        caption={
            "ko": "시드마다 따로 학습한 억제 기법 없는 신경망들의 시험 데이터 예측 확률을 평균한 앙상블의 시험 정확도. "
            "가로축은 평균한 신경망 수이고, 1은 신경망 하나씩입니다.",
            "en": "Test accuracy of ensembles that average the predicted test-set probabilities of the unregularized "
            "networks trained separately, one per seed. The horizontal axis is the number of networks averaged; 1 is "
            "each network alone.",
        },
        draw=draw_ensemble,
        data=data_ensemble,
    ),
    FigureSpec(
        id="fig-overfitting-mc-dropout",
        caption={
            "ko": "학습을 마친 드롭아웃 신경망에 무작위 마스크 K개를 씌워 얻은 예측을 평균했을 때의 시험 정확도(몬테카를로 드롭아웃)와, "
            "책처럼 모든 뉴런을 살리고 출력에 남긴 비율을 곱한 한 번의 순전파의 시험 정확도(가로 점선과 띠).",
            "en": "Test accuracy of the trained dropout network when the predictions of K random masks are averaged "
            "(Monte Carlo dropout), against one forward pass with every unit kept and outputs multiplied by the kept "
            "fraction, as in the book (horizontal dashed line and band).",
        },
        draw=draw_mc,
        data=data_mc,
    ),
)
