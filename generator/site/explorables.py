"""The explorables of the site, each built from one experiment's sealed result.

Every builder returns panels (what each chart draws, for every state) and a readout (a sentence
per state and language with its numbers), computed here in Python once; the browser selects.
Values of the address (``?scale=0.0074``) are the axis labels the result records, so an address
reads as the figure's own tick labels.

A series is ``{"label", "style", "when", "data"}``: ``data`` maps a state key (the values of the
controls the series depends on, ``"|"``-joined, in the order ``keys`` names them) to its y values
on the panel's x; ``when`` shows it only in some states (the seeds toggle); ``style`` picks a
colour and dash from the page's palette, which follows the light or dark scheme.
"""

import warnings

import numpy as np

from generator.results import Result
from generator.site import format as fmt
from generator.site.explore import Control, Explorable, rounded
from generator.site.korean import josa

TOGGLE_SEEDS = Control(
    "seeds", {"ko": "시드마다 따로 보기", "en": "show each seed"}, ("band", "each"),
    {"ko": ("시드 평균과 범위", "시드마다 따로"), "en": ("mean and range over seeds", "each seed")}, "band", kind="toggle",
)
"""Off: the mean over seeds with the least and greatest seed around it; on: every seed's own line."""


def _seed_series(values: np.ndarray, keys: tuple[str, ...], label: dict, style: str, seeds) -> list[dict]:
    """The series of one curve over seeds: mean, low and high for the band view, and each seed.

    ``values`` is (S, states, x) with the states in the order of ``keys``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a state where every seed diverged has no values
        mean = np.nanmean(values, axis=0)
        low, high = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    series = [
        {"label": label, "style": style, "when": {"seeds": "band"}, "role": "mean",
         "data": {k: rounded(mean[i]) for i, k in enumerate(keys)}},
        {"label": label, "style": style, "when": {"seeds": "band"}, "role": "low",
         "data": {k: rounded(low[i]) for i, k in enumerate(keys)}},
        {"label": label, "style": style, "when": {"seeds": "band"}, "role": "high",
         "data": {k: rounded(high[i]) for i, k in enumerate(keys)}},
    ]
    for s, seed in enumerate(seeds):
        seed_label = {lang: f"{text} · {'시드' if lang == 'ko' else 'seed'} {seed}" for lang, text in label.items()}
        series.append({"label": seed_label, "style": style, "when": {"seeds": "each"}, "role": "seed",
                       "data": {k: rounded(values[s, i]) for i, k in enumerate(keys)}})
    return series


def _spread(values: np.ndarray, lang: str) -> str:
    """"92.1%(시드별 90.3–93.0%)": the mean of fractions and their range, NaN (diverged) left out."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return "—"
    low, high = fmt.pct(finite.min()), fmt.pct(finite.max())
    if low == high:
        return fmt.pct(finite.mean())
    word = "시드별" if lang == "ko" else "seeds"
    return f"{fmt.pct(finite.mean())} ({word} {low}{fmt.RANGE}{high})"


# ---- batch norm across weight scales ------------------------------------------------------------


def batchnorm_scales(result: Result) -> dict:
    acc = np.asarray(result.metrics.train_acc, dtype=np.float64) * 100  # (S, scales, V, epochs + 1)
    diverged = np.asarray(result.metrics.diverged_at) >= 0  # (S, scales, V)
    scales, variants = result.axes["scale"], result.axes["variant"]
    keys = tuple(scales.labels["en"])
    epochs = list(range(acc.shape[-1]))
    series = []
    for v, variant in enumerate(variants.values):
        label = {lang: variants.labels[lang][v] for lang in ("ko", "en")}
        series += _seed_series(acc[:, :, v, :], keys, label, "solid" if v == 0 else "dashed", result.seeds)
    texts = {}
    for i, key in enumerate(keys):
        final = acc[:, i, :, -1] / 100  # (S, V)
        texts[key] = {}
        for lang in ("ko", "en"):
            parts = []
            for v in range(len(variants.values)):
                lost = int(diverged[:, i, v].sum())
                if lang == "ko":
                    tail = f", 발산 {lost}/{len(result.seeds)}" if lost else ""
                    parts.append(f"{variants.labels['ko'][v]} {_spread(final[:, v], 'ko')}{tail}")
                else:
                    tail = f", diverged {lost}/{len(result.seeds)}" if lost else ""
                    parts.append(f"{variants.labels['en'][v]} {_spread(final[:, v], 'en')}{tail}")
            if lang == "ko":
                texts[key][lang] = f"가중치 표준편차 {scales.labels['ko'][i]}: 마지막 에폭의 훈련 정확도는 " + ", ".join(parts) + "입니다."
            else:
                texts[key][lang] = f"Weight std {scales.labels['en'][i]}: final training accuracy " + "; ".join(parts) + "."
    return {
        "panels": [{
            "x": epochs, "xlabel": {"ko": "에폭", "en": "epoch"},
            "ylabel": {"ko": "훈련 정확도 (%)", "en": "training accuracy (%)"}, "ymin": 0, "ymax": 100,
            "keys": ["scale"], "series": series,
        }],
        "readout": {"keys": ["scale"], "text": texts},
    }


def scale_control(result_labels: dict[str, tuple[str, ...]], default: str) -> Control:
    return Control("scale", {"ko": "가중치 초깃값의 표준편차", "en": "initial weight std"}, tuple(result_labels["en"]),
                   result_labels, default)


# ---- dropout ratio ----------------------------------------------------------------------------------


def dropout_ratio(result: Result) -> dict:
    train = np.asarray(result.metrics.train_acc, dtype=np.float64) * 100  # (S, ratios, epochs + 1)
    test = np.asarray(result.metrics.test_acc, dtype=np.float64) * 100  # (S, ratios, window)
    ratios = result.axes["ratio"]
    keys = tuple(ratios.labels["en"])
    epochs = train.shape[-1] - 1
    window = test.shape[-1]
    # test accuracy was measured after each of the last `window` epochs only: gaps before
    test_full = np.full_like(train, np.nan)
    test_full[..., epochs - window + 1:] = test
    series = (
        _seed_series(train, keys, {"ko": "훈련 정확도", "en": "training accuracy"}, "train", result.seeds)
        + _seed_series(test_full, keys, {"ko": "시험 정확도", "en": "test accuracy"}, "test", result.seeds)
    )
    texts = {}
    for i, key in enumerate(keys):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a diverged seed has no values
            last_train = np.nanmean(train[:, i, -window:], axis=-1) / 100  # (S,)
            last_test = np.nanmean(test[:, i], axis=-1) / 100
            gap = float(np.nanmean(last_train - last_test))
        texts[key] = {
            "ko": f"드롭아웃 비율 {ratios.labels['ko'][i]}: 마지막 {window}에폭 평균 훈련 정확도 {_spread(last_train, 'ko')}, "
                  f"시험 정확도 {_spread(last_test, 'ko')}, 차이 {fmt.pp(gap, 'ko')}입니다.",
            "en": f"Dropout ratio {ratios.labels['en'][i]}: over the last {window} epochs, training accuracy "
                  f"{_spread(last_train, 'en')}, test accuracy {_spread(last_test, 'en')}, a gap of {fmt.pp(gap, 'en')}.",
        }
    return {
        "panels": [{
            "x": list(range(epochs + 1)), "xlabel": {"ko": "에폭", "en": "epoch"},
            "ylabel": {"ko": "정확도 (%)", "en": "accuracy (%)"}, "ymin": 0, "ymax": 100,
            "keys": ["ratio"], "series": series,
        }],
        "readout": {"keys": ["ratio"], "text": texts},
    }


# ---- the random search -----------------------------------------------------------------------------


def search_trials(result: Result) -> dict:
    """Every trial of both rounds: where it sits in (learning rate, weight decay), its final
    validation accuracy (the colour), and its curves when chosen; the two rounds' ranges."""
    m = result.metrics
    rounds = {1: ("lr", "weight_decay", "val_acc", "train_acc", "log10_range"),
              2: ("round2_lr", "round2_weight_decay", "round2_val_acc", "round2_train_acc", "round2_log10_range")}
    points, curves, texts, ranges = {}, {}, {}, {}
    n = None
    for s, seed in enumerate(result.seeds):
        for round_, (lr_name, wd_name, val_name, train_name, range_name) in rounds.items():
            lr, wd = np.asarray(m[lr_name])[s], np.asarray(m[wd_name])[s]  # (trials,)
            val, train = np.asarray(m[val_name])[s] * 100, np.asarray(m[train_name])[s] * 100  # (trials, epochs + 1)
            final = val[:, -1]
            order = np.argsort(-np.nan_to_num(final, nan=-1.0), kind="stable")  # rank 1 is the best
            n = len(order)
            key = f"{seed}|{round_}"
            points[key] = {"x": rounded(np.log10(lr)), "y": rounded(np.log10(wd)), "value": rounded(final, 2),
                           "rank_of": [int(np.where(order == t)[0][0]) + 1 for t in range(len(order))]}
            ranges[key] = rounded(np.asarray(m[range_name])[s].reshape(-1))
            for rank, trial in enumerate(order, start=1):
                k = f"{key}|{rank}"
                curves[k] = {"val": rounded(val[trial], 2), "train": rounded(train[trial], 2)}
                acc = final[trial] / 100
                texts[k] = {
                    "ko": f"시드 {seed}, {round_}회차에서 검증 정확도 {rank}위인 시도(시도 {int(trial)}): 학습률 {fmt.sci(lr[trial], 3)}, "
                          f"가중치 감소 계수 {fmt.sci(wd[trial], 3)}, 마지막 에폭의 검증 정확도 {fmt.pct(acc)}입니다.",
                    "en": f"Seed {seed}, round {round_}, the trial ranked {rank} by validation accuracy (trial {int(trial)}): "
                          f"learning rate {fmt.sci(lr[trial], 3)}, weight decay {fmt.sci(wd[trial], 3)}, final validation "
                          f"accuracy {fmt.pct(acc)}.",
                }
    epochs = len(next(iter(curves.values()))["val"])
    return {
        "panels": [
            {"kind": "points", "keys": ["seed", "round"], "points": points, "ranges": ranges,
             "xlabel": {"ko": "학습률 (log₁₀)", "en": "learning rate (log₁₀)"},
             "ylabel": {"ko": "가중치 감소 계수 (log₁₀)", "en": "weight decay (log₁₀)"},
             "value_label": {"ko": "마지막 검증 정확도 (%)", "en": "final validation accuracy (%)"}},
            {"kind": "trial", "keys": ["seed", "round", "rank"], "x": list(range(epochs)), "curves": curves,
             "xlabel": {"ko": "에폭", "en": "epoch"}, "ylabel": {"ko": "정확도 (%)", "en": "accuracy (%)"},
             "ymin": 0, "ymax": 100,
             "labels": {"val": {"ko": "검증 정확도", "en": "validation accuracy"},
                        "train": {"ko": "훈련 정확도", "en": "training accuracy"}}},
        ],
        "readout": {"keys": ["seed", "round", "rank"], "text": texts},
        "trials": n,
    }


# ---- activation histograms over a grid of weight stds -----------------------------------------------

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu")
"""The order of the grid's activation axis (``activation_histograms.train.ACTIVATIONS``)."""
ACTIVATION_LABELS = {"ko": ("시그모이드", "tanh", "ReLU"), "en": ("sigmoid", "tanh", "ReLU")}


def std_labels(stds, n_units: int) -> dict[str, tuple[str, ...]]:
    """Each std as its tick label, Xavier's 1/√n and He's √(2/n) named."""
    xavier, he = 1 / np.sqrt(n_units), np.sqrt(2 / n_units)
    labels = {"ko": [], "en": []}
    for v in stds:
        text = f"{float(f'{v:.2g}'):g}"
        name = " (Xavier)" if np.isclose(v, xavier) else " (He)" if np.isclose(v, he) else ""
        labels["ko"].append(text + name)
        labels["en"].append(text + name)
    return {k: tuple(v) for k, v in labels.items()}


def activation_grid(result: Result) -> dict:
    """Each layer's histogram for every activation and weight std of the grid, summed over seeds."""
    counts = np.asarray(result.metrics.grid_hist_counts, dtype=np.float64).sum(axis=0)  # (A, G, L, bins)
    layer_std = np.asarray(result.metrics.grid_layer_std)  # (S, A, G, L)
    stds = np.asarray(result.metrics.grid_std)[0]
    config = result.config
    labels = std_labels(stds, config["n_units"])
    bins, layers = counts.shape[-1], counts.shape[-2]
    share = 100 * counts / counts.sum(axis=-1, keepdims=True).clip(min=1)  # % of the layer's activations per bin
    panels = []
    for a, name in enumerate(ACTIVATION_NAMES):
        lo, hi = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(name, (0.0, config["relu_max"]))
        edges = np.linspace(lo, hi, bins + 1)
        centres = rounded((edges[:-1] + edges[1:]) / 2)
        series = [
            {"label": {"ko": f"{layer + 1}층", "en": f"layer {layer + 1}"}, "style": f"layer{layer + 1}",
             "when": {"act": name}, "role": "bars",
             "data": {labels["en"][g]: rounded(share[a, g, layer], 2) for g in range(len(stds))}}
            for layer in range(layers)
        ]
        # ReLU's first bin holds every zero, about half of all activations: as the book's plot
        # does, the axis is scaled to the other bins and the first is cut at the top
        first = 1 if name == "relu" else 0
        tops = {labels["en"][g]: round(float(share[a, g, :, first:].max()) * 1.15 + 0.5, 1) for g in range(len(stds))}
        panels.append({"x": centres, "keys": ["std"], "when": {"act": name}, "series": series, "ymin": 0, "ymax": None,
                       "ymax_by_state": tops,
                       "xlabel": {"ko": "활성화 값", "en": "activation"},
                       "ylabel": {"ko": "비율 (%)", "en": "share (%)"}})
    texts = {}
    for a, name in enumerate(ACTIVATION_NAMES):
        for g in range(len(stds)):
            per_layer = layer_std[:, a, g, :].mean(axis=0)  # (L,)
            shown = ", ".join(fmt.num(v, None) for v in per_layer)
            texts[f"{name}|{labels['en'][g]}"] = {
                "ko": f"{ACTIVATION_LABELS['ko'][a]}, 가중치 표준편차 {labels['ko'][g]}: 1층부터 {layers}층까지 활성화 값의 표준편차는 "
                      f"시드 평균으로 {shown}입니다.",
                "en": f"{ACTIVATION_LABELS['en'][a]}, weight std {labels['en'][g]}: the standard deviation of the activations "
                      f"from layer 1 to layer {layers} is {shown} (mean over seeds).",
            }
    return {"panels": panels, "readout": {"keys": ["act", "std"], "text": texts}}


# ---- optimizer paths over learning rates ------------------------------------------------------------

def lr_labels(lrs) -> tuple[str, ...]:
    """Learning rates as short labels, with as many digits as it takes to tell them apart."""
    for digits in range(2, 6):
        labels = tuple(f"{float(f'{v:.{digits}g}'):g}" for v in lrs)
        if len(set(labels)) == len(labels):
            return labels
    return tuple(repr(float(v)) for v in lrs)


def optimizer_paths(result: Result) -> dict:
    m = result.metrics
    names = result.axes["optimizer"].values
    shown = result.axes["optimizer"].labels
    lrs = np.asarray(m.grid_lr)[0]  # (O, P)
    paths = np.asarray(m.grid_path)[0]  # (O, P, steps + 1, 2)
    alphas = np.asarray(m.momentum_grid)[0]
    momentum_paths = np.asarray(m.momentum_grid_path)[0]  # (2, M, P, steps + 1, 2)
    alpha_labels = lr_labels(alphas)
    series, readouts = [], []

    def clipped(path):
        inside = np.where(np.abs(path) < 1e3, path, np.nan)  # beyond this the path has left any view
        return {"x": rounded(inside[:, 0]), "y": rounded(inside[:, 1])}

    def text(name_index, path, lr_label, alpha_label=None):
        final = float(np.hypot(*path[-1])) if np.all(np.isfinite(path[-1])) else float("inf")
        dy = np.diff(path[:, 1])
        turns = int((dy[1:] * dy[:-1] < 0).sum())
        where = fmt.num(final, None) if np.isfinite(final) and final < 1e3 else None
        a_ko = f", α {alpha_label}" if alpha_label else ""
        turned_ko = f"y 방향으로 {turns}번 되돌아갔습니다" if turns else "y 방향으로 한 번도 되돌아가지 않았습니다"
        turned_en = f"turned back along y {turns} time{'s' if turns != 1 else ''}" if turns else "never turned back along y"
        return {
            "ko": f"{shown['ko'][name_index]}(학습률 {lr_label}{a_ko}): " +
                  (f"최솟값까지 거리는 {josa(where, '이고/고')}" if where else "발산했고") + f", {turned_ko}.",
            "en": f"{shown['en'][name_index]} (learning rate {lr_label}{', α ' + alpha_label if alpha_label else ''}): " +
                  (f"distance to the minimum {where}" if where else "diverged") + f"; it {turned_en}.",
        }

    for o, name in enumerate(names):
        control = f"lr_{name.lower()}"
        labels = lr_labels(lrs[o])
        label = {"ko": shown["ko"][o], "en": shown["en"][o]}
        if name in ("Momentum", "Nesterov"):
            w = ("Momentum", "Nesterov").index(name)
            data = {f"{labels[p]}|{alpha_labels[a]}": clipped(momentum_paths[w, a, p])
                    for a in range(len(alphas)) for p in range(len(labels))}
            words = {f"{labels[p]}|{alpha_labels[a]}": text(o, momentum_paths[w, a, p], labels[p], alpha_labels[a])
                     for a in range(len(alphas)) for p in range(len(labels))}
            keys = [control, "alpha"]
        else:
            data = {labels[p]: clipped(paths[o, p]) for p in range(len(labels))}
            words = {labels[p]: text(o, paths[o, p], labels[p]) for p in range(len(labels))}
            keys = [control]
        series.append({"label": label, "style": f"opt{o + 1}", "keys": keys, "paths": data})
        readouts.append({"keys": keys, "text": words})
    x0, y0 = paths[0, 0, 0]
    return {
        "panels": [{
            "kind": "paths", "series": series, "levels": [0.5, 2, 5, 10, 20],
            "xrange": [-10, 10], "yrange": [-5, 5], "start": [float(x0), float(y0)],
            "xlabel": {"ko": "x", "en": "x"}, "ylabel": {"ko": "y", "en": "y"},
        }],
        "readout": readouts,
    }


# ---- loss curves, each seed or the band ---------------------------------------------------------------

EVERY = 10
"""The loss explorables keep every 10th iteration of the smoothed curves: the book's smoothing
window is far wider, so nothing a reader can see is lost, and the data stays small."""


def loss_curves(result: Result, axis_name: str) -> dict:
    """The smoothed training loss of every run of ``axis_name`` (optimizers, initialisations), as the
    static figure draws it: the mean over seeds with its range, or each seed."""
    from generator.plot.common import smoothed_losses

    axis = result.axes[axis_name]
    iterations = np.asarray(result.metrics.loss).shape[-1]
    keep = np.arange(EVERY - 1, iterations, EVERY)  # iterations 10, 20, ... (0-based 9, 19, ...)
    series, finals = [], []
    for i, value in enumerate(axis.values):
        smooth, _ = smoothed_losses(result, i)  # (S, iterations)
        label = {lang: axis.labels[lang][i] for lang in ("ko", "en")}
        series += _seed_series(smooth[:, None, keep], ("all",), label, f"opt{i + 1}", result.seeds)
        finals.append(smooth[:, -1])
    texts = {}
    for lang in ("ko", "en"):
        parts = [f"{axis.labels[lang][i]} {_plain_spread(finals[i], lang)}" for i in range(len(axis.values))]
        texts[lang] = ("마지막 반복의 평활화된 훈련 손실은 " + ", ".join(parts) + "입니다." if lang == "ko"
                       else "Smoothed training loss at the last iteration: " + "; ".join(parts) + ".")
    return {
        "panels": [{
            "x": [int(k) + 1 for k in keep], "xlabel": {"ko": "반복 횟수", "en": "iteration"},
            "ylabel": {"ko": "훈련 손실 (평활화, 로그 척도)", "en": "training loss (smoothed, log scale)"},
            "ymin": None, "ymax": None, "ylog": True, "keys": ["all"], "series": series,
        }],
        "readout": {"keys": ["all"], "text": {"all": texts}},
    }


def _plain_spread(values: np.ndarray, lang: str) -> str:
    """A loss: its mean over seeds and, when seeds differ on the page, their range."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return "발산" if lang == "ko" else "diverged"
    low, high = fmt.num(finite.min(), 3), fmt.num(finite.max(), 3)
    mean = fmt.num(finite.mean(), 3)
    if low == high:
        return mean
    return f"{mean} ({'시드별' if lang == 'ko' else 'seeds'} {low}{fmt.RANGE}{high})"


ALL = Control("all", {"ko": "", "en": ""}, ("all",), {"ko": ("",), "en": ("",)}, "all", kind="fixed")
"""The one state of a figure whose only control is the seeds toggle: the key its data is stored under."""


def _explorables(results) -> tuple[Explorable, ...]:
    """The explorables whose experiments have results (their controls depend on the results' axes)."""
    found = []
    for experiment, figure, axis_name, title in (
        ("optimizer-compare", "fig-optimizer-compare-loss", "optimizer",
         {"ko": "MNIST 훈련 손실을 시드마다 보기", "en": "MNIST training loss, seed by seed"}),
        ("init-compare", "fig-init-compare-loss", "init",
         {"ko": "초깃값별 훈련 손실을 시드마다 보기", "en": "Training loss per initialization, seed by seed"}),
    ):
        if experiment in results:
            found.append(Explorable(
                f"explore-{experiment}-loss", experiment, figure, title, (ALL, TOGGLE_SEEDS),
                lambda result, axis_name=axis_name: loss_curves(result, axis_name), height=300,
                about={"ko": "위 그림의 범위(띠)를 시드 하나하나의 곡선으로 펼쳐 봅니다. 곡선은 10번째 반복마다 찍었습니다.",
                       "en": "The band of the figure above, opened into each seed's curve; every 10th iteration is plotted."},
            ))
    if "optimizer-paths" in results and "grid_lr" in results["optimizer-paths"].metrics:
        r = results["optimizer-paths"]
        names, shown = r.axes["optimizer"].values, r.axes["optimizer"].labels
        lrs = np.asarray(r.metrics.grid_lr)[0]
        book = [r.config[f"lr_{name.lower()}"] for name in names]
        controls = []
        for o, name in enumerate(names):
            labels = lr_labels(lrs[o])
            default = labels[int(np.argmin(np.abs(lrs[o] - book[o])))]
            controls.append(Control(f"lr_{name.lower()}", {"ko": f"{shown['ko'][o]} 학습률", "en": f"{shown['en'][o]} learning rate"},
                                    labels, {"ko": labels, "en": labels}, default))
        alphas = lr_labels(np.asarray(r.metrics.momentum_grid)[0])
        controls.append(Control("alpha", {"ko": "모멘텀·Nesterov의 α", "en": "α of Momentum and Nesterov"}, alphas,
                                {"ko": alphas, "en": alphas}, "0.9" if "0.9" in alphas else alphas[-1]))
        found.append(Explorable(
            "explore-optimizer-paths", "optimizer-paths", "fig-optimizer-paths",
            {"ko": "학습률을 바꿔 가며 경로 보기", "en": "Change the learning rates and watch the paths"},
            tuple(controls), optimizer_paths, height=340,
            about={"ko": "기법마다 학습률 격자(책의 값 포함) 위에서 30번 갱신한 경로입니다. 범례를 누르면 경로를 숨깁니다.",
                   "en": "Each optimizer's 30 updates at any learning rate of its grid (the book's among them); click the legend to hide a path."},
        ))
    if "activation-histograms" in results and "grid_std" in results["activation-histograms"].metrics:
        r = results["activation-histograms"]
        labels = std_labels(np.asarray(r.metrics.grid_std)[0], r.config["n_units"])
        xavier = next((v for v in labels["en"] if "Xavier" in v), labels["en"][0])
        found.append(Explorable(
            "explore-activation-histograms", "activation-histograms", "fig-activation-histograms-sigmoid",
            {"ko": "활성화 함수와 가중치 표준편차를 바꿔 보기", "en": "Change the activation and the weight std"},
            (
                Control("act", {"ko": "활성화 함수", "en": "activation"}, ACTIVATION_NAMES, ACTIVATION_LABELS, "sigmoid",
                        kind="select"),
                Control("std", {"ko": "가중치 표준편차", "en": "weight std"}, labels["en"], labels, xavier),
            ),
            activation_grid, height=260,
            about={"ko": "다섯 층의 활성화 값 분포를 겹쳐 그립니다. 표준편차를 옮기면 분포가 가운데로 몰리거나 양 끝으로 쏠리는 모습을 볼 수 있습니다.",
                   "en": "The five layers' distributions, overlaid: move the std and watch them pile up in the middle or at the ends."},
        ))
    if "batchnorm-sweep" in results:
        r = results["batchnorm-sweep"]
        labels = r.axes["scale"].labels
        found.append(Explorable(
            "explore-batchnorm-scales", "batchnorm-sweep", "fig-batchnorm-sweep-curves",
            {"ko": "가중치 척도를 골라 보기", "en": "Pick a weight scale"},
            (scale_control(labels, labels["en"][len(labels["en"]) // 2]), TOGGLE_SEEDS),
            batchnorm_scales,
            about={"ko": "척도 하나의 훈련 곡선을 배치 정규화가 있을 때(실선)와 없을 때(점선) 시드마다 봅니다.",
                   "en": "One scale's training curves with batch normalization (solid) and without (dashed), every seed."},
        ))
    if "dropout-ratio" in results:
        r = results["dropout-ratio"]
        labels = r.axes["ratio"].labels
        default = "0.2" if "0.2" in labels["en"] else labels["en"][0]
        found.append(Explorable(
            "explore-dropout-ratio", "dropout-ratio", "fig-dropout-ratio",
            {"ko": "드롭아웃 비율을 바꿔 보기", "en": "Change the dropout ratio"},
            (Control("ratio", {"ko": "드롭아웃 비율", "en": "dropout ratio"}, tuple(labels["en"]), labels, default), TOGGLE_SEEDS),
            dropout_ratio,
            about={"ko": "비율마다 훈련 정확도와 (마지막 에폭들의) 시험 정확도, 그 차이를 봅니다.",
                   "en": "For each ratio: training accuracy, test accuracy over the last epochs, and the gap."},
        ))
    if "hyperparameter-search" in results:
        r = results["hyperparameter-search"]
        seeds = tuple(str(s) for s in r.seeds)
        trials = np.asarray(r.metrics["lr"]).shape[-1]
        ranks = tuple(str(i) for i in range(1, trials + 1))
        found.append(Explorable(
            "explore-search-trials", "hyperparameter-search", "fig-hyperparameter-search-scatter",
            {"ko": "시도 하나하나 살펴보기", "en": "Look at each trial"},
            (
                Control("seed", {"ko": "시드", "en": "seed"}, seeds, {"ko": seeds, "en": seeds}, seeds[0], kind="select"),
                Control("round", {"ko": "회차", "en": "round"}, ("1", "2"), {"ko": ("1회차", "2회차"), "en": ("round 1", "round 2")},
                        "1", kind="select"),
                Control("rank", {"ko": "검증 정확도 순위", "en": "rank by validation accuracy"}, ranks,
                        {"ko": tuple(f"{i}위" for i in ranks), "en": ranks}, "1"),
            ),
            search_trials, height=300, panels=2,
            about={"ko": "점 하나가 시도 하나입니다. 점을 누르거나 순위를 옮기면 그 시도의 학습 곡선이 나옵니다. 사각형은 두 회차의 탐색 범위입니다.",
                   "en": "Each point is a trial; tap one or move the rank to see its learning curves. Rectangles are the two rounds' ranges."},
        ))
    return tuple(found)


def explorables(results) -> dict[str, Explorable]:
    """Every explorable the results allow, by the figure it extends."""
    return {e.figure: e for e in _explorables(results)}
