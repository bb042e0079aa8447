"""Overfitting and its cures, weight decay and dropout (article section 3; book 6.4).

A deep network trained on only 300 images: the baseline fits its training set almost perfectly
while test accuracy lags; weight decay (λ = 0.1, 201 epochs) and dropout (ratio 0.2, 301 epochs,
as the book's scripts) narrow the gap. Beside them, this site asks what the article says without
an experiment: whether smaller networks overfit less, whether the weights grow as the network
overfits, whether averaging the seeds' networks (an ensemble) beats each of them, whether dropout's
test-time scaling matches averaging many random masks, and whether inverted dropout matches the
book's scaling. The statistics below are pure NumPy on the metrics of ``train.run``.
"""

from itertools import combinations

import numpy as np

from generator import glossary
from generator.experiments.base import Axis, Claim, Experiment
from generator.experiments.overfitting.config import PRESETS, VARIANTS, Config


def variant_label(key: str, config: Config, lang: str) -> str:
    ko = lang == "ko"
    if key == "baseline":
        return "억제 기법 없음" if ko else "no regularization"
    if key == "weight-decay":
        return f"{glossary.term('weight-decay', lang)} (λ = {config.weight_decay:g})"
    if key in ("dropout", "inverted-dropout"):
        return f"{glossary.term(key, lang)} ({'비율' if ko else 'ratio'} {config.dropout_ratio:g})"
    layers = int(key.removeprefix("layers-"))
    return f"{glossary.term('hidden-layer', lang)} {layers}개" if ko else f"{layers} hidden layer{'s' * (layers > 1)}"


def axes(config: Config) -> tuple[Axis, ...]:
    variants = {lang: tuple(variant_label(key, config, lang) for key in config.variants) for lang in glossary.LANGUAGES}
    masks = {"ko": tuple(f"마스크 {k}개" for k in config.mc_masks),
             "en": tuple(f"{k} mask{'s' * (k > 1)}" for k in config.mc_masks)}
    return (Axis("variant", config.variants, variants), Axis("masks", config.mc_masks, masks))


def column(metrics, variant) -> int:
    """Index of a run on the variant axis: one of VARIANTS, or ``"layers-d"`` for a smaller network."""
    if variant in VARIANTS:
        return VARIANTS.index(variant)
    layers = list(np.asarray(metrics["hidden_layers"])[0, len(VARIANTS):])
    return len(VARIANTS) + layers.index(int(variant.removeprefix("layers-")))


def last_epoch(metrics, variant) -> int:
    """The epochs a run trained: its last evaluation's index."""
    return int(np.asarray(metrics["epochs"])[0, column(metrics, variant)])


def final(metrics, name, variant, last=10):
    """Mean of the last ``last`` evaluations of one run, per seed (S,): smooths epoch-to-epoch noise.

    Each run is averaged over its own last epochs: 192-201 without dropout, 292-301 with it.
    """
    v, e = column(metrics, variant), last_epoch(metrics, variant)
    return np.asarray(metrics[name], dtype=np.float64)[:, v, max(0, e + 1 - last) : e + 1].mean(axis=-1)


def gap(metrics, variant):
    return final(metrics, "train_acc", variant) - final(metrics, "test_acc", variant)


def smallest(metrics) -> str:
    """The key of the smallest network set beside the baseline."""
    layers = np.asarray(metrics["hidden_layers"])[0, len(VARIANTS):]
    return f"layers-{int(layers.min())}"


def weight_norm_at_end(metrics, variant):
    """Σ‖W‖² after the run's last epoch, per seed (S,)."""
    return np.asarray(metrics["weight_norm"], dtype=np.float64)[:, column(metrics, variant), last_epoch(metrics, variant)]


def weight_growth(metrics):
    """Σ‖W‖² of the baseline after training over before, per seed (S,)."""
    start = np.asarray(metrics["weight_norm"], dtype=np.float64)[:, column(metrics, "baseline"), 0]
    return weight_norm_at_end(metrics, "baseline") / start


def alive_baselines(metrics) -> np.ndarray:
    """Which seeds' baseline networks finished training without diverging (S,)."""
    return np.asarray(metrics["diverged_at"])[:, column(metrics, "baseline")] < 0


def ensemble_accuracy(metrics, members) -> float:
    """Test accuracy of averaging the stored probabilities of the baseline networks of seeds ``members``."""
    probs = np.asarray(metrics["test_probs"])[list(members)].astype(np.float64).mean(axis=0)  # (N, 10)
    return float((probs.argmax(axis=-1) == np.asarray(metrics["test_labels"])[0]).mean())


def member_accuracy(metrics) -> np.ndarray:
    """Each seed's baseline network alone, from the same stored probabilities as the ensemble (S,)."""
    probs = np.asarray(metrics["test_probs"])
    return (probs.argmax(axis=-1) == np.asarray(metrics["test_labels"])).mean(axis=-1)


def ensemble_gain(metrics):
    """Accuracy of the ensemble of every non-diverged seed minus each member's own, per seed (S,)."""
    alive = alive_baselines(metrics)
    gain = np.full(alive.shape, np.nan)
    if alive.any():
        gain[alive] = ensemble_accuracy(metrics, np.flatnonzero(alive)) - member_accuracy(metrics)[alive]
    return gain


def ensembles_of(metrics, k) -> list[tuple[tuple[int, ...], float]]:
    """Every ensemble of ``k`` non-diverged seeds (as seed indices) with its test accuracy."""
    return [(members, ensemble_accuracy(metrics, members)) for members in combinations(np.flatnonzero(alive_baselines(metrics)), k)]


def scaled_accuracy(metrics):
    """Test accuracy of the final dropout network with the book's test-time scaling, per seed (S,)."""
    return np.asarray(metrics["test_acc"], dtype=np.float64)[:, column(metrics, "dropout"), last_epoch(metrics, "dropout")]


def mc_accuracy(metrics):
    """Test accuracy of the final dropout network averaged over K random masks, (S, len(mc_masks))."""
    return np.asarray(metrics["mc_acc"], dtype=np.float64)


def inverted_difference(metrics):
    """|test accuracy, inverted − book scaling| per seed over the book runs' min–max spread over seeds (S,)."""
    book, inverted = final(metrics, "test_acc", "dropout"), final(metrics, "test_acc", "inverted-dropout")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(inverted - book) / (np.nanmax(book) - np.nanmin(book))


CLAIMS = (
    Claim(
        id="overfitting-train-near-100",
        statement_ko="훈련 데이터 300장으로 학습하면 훈련 정확도가 거의 100%에 이릅니다.",
        statement_en="Trained on 300 images, the network reaches nearly 100% training accuracy.",
        statistic=lambda m: final(m, "train_acc", "baseline"),
        comparison=">",
        threshold=0.98,
        reason="'nearly 100%': within two points of perfect, averaged over the last 10 epochs",
        reason_ko="“거의 100%”: 마지막 10에폭의 평균이 100%에서 2%p 안에 있어야 합니다",
        source="book 6.4.1",
        figure="fig-overfitting-baseline",
        unit="%",
    ),
    Claim(
        id="overfitting-test-lags",
        statement_ko="같은 신경망의 시험 정확도는 훈련 정확도보다 한참 낮습니다.",
        statement_en="Test accuracy of the same network stays far below its training accuracy.",
        statistic=lambda m: gap(m, "baseline"),
        comparison=">",
        threshold=0.1,
        reason="'far below': a gap of more than ten percentage points",
        reason_ko="“한참 낮다”: 차이가 10%p보다 커야 합니다",
        source="book 6.4.1",
        figure="fig-overfitting-baseline",
        unit="pp",
    ),
    Claim(
        id="weight-decay-shrinks-gap",
        statement_ko="가중치 감소(λ = 0.1)는 훈련 정확도와 시험 정확도의 차이를 줄입니다.",
        statement_en="Weight decay (λ = 0.1) narrows the gap between training and test accuracy.",
        statistic=lambda m: gap(m, "baseline") - gap(m, "weight-decay"),
        comparison=">",
        threshold=0.0,
        reason="any narrowing counts; the value is how many points the gap shrank",
        reason_ko="차이가 조금이라도 줄면 성립으로 봅니다. 측정값은 차이가 줄어든 폭(%p)입니다",
        source="book 6.4.2",
        figure="fig-overfitting-weight-decay",
        unit="pp",
    ),
    Claim(
        id="weight-decay-train-below-100",
        statement_ko="가중치 감소를 쓰면 훈련 정확도가 100%에 이르지 않습니다.",
        statement_en="With weight decay, training accuracy no longer reaches 100%.",
        statistic=lambda m: final(m, "train_acc", "weight-decay"),
        comparison="<",
        threshold=0.99,
        reason="'does not reach 100%': more than one point short of perfect",
        reason_ko="“100%에 이르지 않는다”: 100%보다 1%p 넘게 낮아야 합니다",
        source="book 6.4.2",
        figure="fig-overfitting-weight-decay",
        unit="%",
    ),
    Claim(
        id="dropout-shrinks-gap",
        statement_ko="드롭아웃(비율 0.2)은 훈련 정확도와 시험 정확도의 차이를 줄입니다.",
        statement_en="Dropout (ratio 0.2) narrows the gap between training and test accuracy.",
        statistic=lambda m: gap(m, "baseline") - gap(m, "dropout"),
        comparison=">",
        threshold=0.0,
        reason="any narrowing counts; the value is how many points the gap shrank",
        reason_ko="차이가 조금이라도 줄면 성립으로 봅니다. 측정값은 차이가 줄어든 폭(%p)입니다",
        source="book 6.4.3",
        figure="fig-overfitting-dropout",
        unit="pp",
    ),
    Claim(
        id="dropout-train-below-100",
        statement_ko="드롭아웃을 쓰면 훈련 정확도가 100%에 이르지 않습니다.",
        statement_en="With dropout, training accuracy stays below 100%.",
        statistic=lambda m: final(m, "train_acc", "dropout"),
        comparison="<",
        threshold=0.99,
        reason="'stays below 100%': more than one point short of perfect",
        reason_ko="“100% 아래에 머문다”: 100%보다 1%p 넘게 낮아야 합니다",
        source="book 6.4.3",
        figure="fig-overfitting-dropout",
        unit="%",
    ),
    Claim(
        id="weight-decay-keeps-test-accuracy",
        statement_ko="가중치 감소(λ = 0.1)를 써도 시험 정확도가 오버피팅 억제 기법을 쓰지 않았을 때보다 낮아지지 않습니다.",
        statement_en="With weight decay (λ = 0.1), test accuracy is no lower than without regularization.",
        statistic=lambda m: final(m, "test_acc", "weight-decay") - final(m, "test_acc", "baseline"),
        comparison=">",
        threshold=-0.01,
        reason="a regularizer is meant to help on unseen data; 'no lower' allows one point of noise",
        reason_ko="오버피팅 억제 기법은 처음 보는 데이터에서 도움이 되라고 쓰는 것입니다. “낮아지지 않는다”는 잡음으로 1%p까지 낮아지는 것을 허용합니다",
        source="site",
        figure="fig-overfitting-weight-decay",
        unit="pp",
    ),
    Claim(
        id="dropout-keeps-test-accuracy",
        statement_ko="드롭아웃(비율 0.2)을 써도 시험 정확도가 오버피팅 억제 기법을 쓰지 않았을 때보다 낮아지지 않습니다.",
        statement_en="With dropout (ratio 0.2), test accuracy is no lower than without regularization.",
        statistic=lambda m: final(m, "test_acc", "dropout") - final(m, "test_acc", "baseline"),
        comparison=">",
        threshold=-0.01,
        reason="a regularizer is meant to help on unseen data; 'no lower' allows one point of noise",
        reason_ko="오버피팅 억제 기법은 처음 보는 데이터에서 도움이 되라고 쓰는 것입니다. “낮아지지 않는다”는 잡음으로 1%p까지 낮아지는 것을 허용합니다",
        source="site",
        figure="fig-overfitting-dropout",
        unit="pp",
    ),
    Claim(
        id="smaller-network-smaller-gap",
        statement_ko="훈련 데이터 300장에서 은닉층이 1개인 단순한 신경망은 은닉층이 6개인 책의 신경망보다 훈련 정확도와 시험 정확도의 차이가 작습니다.",
        statement_en="On 300 training images, a simpler network with one hidden layer shows a smaller gap between training and "
        "test accuracy than the book's network with six.",
        statistic=lambda m: gap(m, "baseline") - gap(m, smallest(m)),
        comparison=">",
        threshold=0.0,
        reason="'a simpler model generalizes better': any narrowing of the gap counts, as for the regularizers",
        reason_ko="“단순한 모델이 더 잘 일반화한다”: 규제 기법에서처럼 차이가 조금이라도 줄면 성립으로 봅니다",
        source="article §3",
        figure="fig-overfitting-model-size",
        unit="pp",
    ),
    Claim(
        id="smaller-network-keeps-test-accuracy",
        statement_ko="은닉층이 1개인 신경망의 시험 정확도는 은닉층이 6개인 신경망보다 낮지 않습니다.",
        statement_en="The network with one hidden layer is no less accurate on test data than the one with six.",
        statistic=lambda m: final(m, "test_acc", smallest(m)) - final(m, "test_acc", "baseline"),
        comparison=">",
        threshold=-0.01,
        reason="a smaller gap should not come from learning less; 'no lower' allows one point of noise, as for the regularizers",
        reason_ko="차이가 작아진 것이 덜 배운 탓이어서는 안 됩니다. 규제 기법에서처럼 “낮지 않다”는 잡음으로 1%p까지 낮아지는 것을 허용합니다",
        source="site",
        figure="fig-overfitting-model-size",
        unit="pp",
    ),
    Claim(
        id="overfitting-weights-grow",
        statement_ko="억제 기법 없이 오버피팅하는 동안 가중치가 커집니다. 학습을 마친 뒤의 가중치 제곱합이 학습 전보다 큽니다.",
        statement_en="While the unregularized network overfits, its weights grow: the sum of squared weights after training "
        "exceeds its value before.",
        statistic=weight_growth,
        comparison=">",
        threshold=1.0,
        reason="'overfitting comes with large weights': Σ‖W‖² after training over before must exceed 1; any growth counts",
        reason_ko="“오버피팅은 큰 가중치와 함께 온다”: 학습 뒤의 Σ‖W‖²을 학습 전의 값으로 나눈 비가 1보다 커야 합니다. 조금이라도 커지면 성립으로 봅니다",
        source="article §1",
        figure="fig-overfitting-weight-norm",
    ),
    Claim(
        id="weight-decay-shrinks-weights",
        statement_ko="가중치 감소(λ = 0.1)를 쓰면 학습을 마친 뒤의 가중치 제곱합이 오버피팅 억제 기법을 쓰지 않았을 때보다 작습니다.",
        statement_en="With weight decay (λ = 0.1), the sum of squared weights ends smaller than without regularization.",
        statistic=lambda m: weight_norm_at_end(m, "weight-decay") / weight_norm_at_end(m, "baseline"),
        comparison="<",
        threshold=1.0,
        reason="'large weights are penalized': the ratio of the two Σ‖W‖² must be below 1; any reduction counts",
        reason_ko="“큰 가중치에 벌점을 준다”: 두 Σ‖W‖²의 비가 1보다 작아야 합니다. 조금이라도 작아지면 성립으로 봅니다",
        source="book 6.4.2",
        figure="fig-overfitting-weight-norm",
    ),
    Claim(
        id="inverted-dropout-matches-scaling",
        statement_ko="학습할 때 키우는 역 드롭아웃과 시험할 때 줄이는 책의 방식은 시험 정확도가 같습니다. 차이가 시드 사이의 편차보다 작습니다.",
        statement_en="Inverted dropout (scaling up in training) and the book's scaling down at test time reach the same test "
        "accuracy, within the spread over seeds.",
        statistic=inverted_difference,
        comparison="<",
        threshold=1.0,
        reason="'equivalent': each seed's difference, over the min–max spread of the book-style runs across seeds (the band "
        "the figures draw), must be below 1",
        reason_ko="“같다”: 시드마다 두 방식의 차이를 책 방식으로 돌린 실행들의 시드 사이 최솟값–최댓값 폭(그림이 그리는 띠)으로 나눈 값이 1보다 작아야 합니다",
        source="article §3",
        figure="fig-overfitting-inverted-dropout",
    ),
    Claim(
        id="ensemble-beats-members",
        statement_ko="따로 학습한 신경망 여러 개의 예측 확률을 평균하면(앙상블) 신경망 하나보다 시험 정확도가 높습니다.",
        statement_en="Averaging the predicted probabilities of several separately trained networks (an ensemble) gives higher "
        "test accuracy than one network alone.",
        statistic=ensemble_gain,
        comparison=">",
        threshold=0.0,
        reason="'improves accuracy': any gain of the ensemble of every seed's baseline network over a member counts; each "
        "seed's value is the gain over its own network",
        reason_ko="“정확도가 높아진다”: 모든 시드의 기본 신경망을 묶은 앙상블이 구성원 하나보다 조금이라도 높으면 성립으로 봅니다. 시드마다의 값은 그 시드의 신경망보다 "
        "높아진 폭입니다",
        source="article §3",
        figure="fig-overfitting-ensemble",
        unit="pp",
    ),
    Claim(
        id="dropout-masks-average-better",
        statement_ko="드롭아웃 신경망에서 무작위 마스크 하나로 뉴런을 지운 예측보다, 마스크 여러 개의 예측을 평균한 것이 시험 정확도가 높습니다.",
        statement_en="Averaging the predictions of many random dropout masks is more accurate on test data than one randomly "
        "thinned network.",
        statistic=lambda m: mc_accuracy(m)[:, -1] - mc_accuracy(m)[:, 0],
        comparison=">",
        threshold=0.0,
        reason="each mask is a different model and averaging them is an ensemble: any gain of the most masks tried (50 in "
        "the book preset) over one counts",
        reason_ko="마스크 하나하나가 서로 다른 모델이므로 그 예측을 평균하는 것은 앙상블입니다. 시도한 가장 많은 마스크(book 프리셋에서 50개)의 평균이 마스크 하나보다 "
        "조금이라도 높으면 성립으로 봅니다",
        source="article §3",
        figure="fig-overfitting-mc-dropout",
        unit="pp",
    ),
    Claim(
        id="mc-dropout-matches-scaling",
        statement_ko="시험할 때 출력에 남긴 비율을 곱하는 것은 무작위 마스크 여러 개의 예측을 평균한 것과 시험 정확도가 거의 같습니다.",
        statement_en="Multiplying the outputs by the kept fraction at test time gives nearly the same test accuracy as "
        "averaging the predictions of many random dropout masks.",
        statistic=lambda m: np.abs(scaled_accuracy(m) - mc_accuracy(m)[:, -1]),
        comparison="<",
        threshold=0.01,
        reason="'approximates the average': within one percentage point, either way, of the average over the most masks "
        "tried (50 in the book preset)",
        reason_ko="“평균에 가깝다”: 시도한 가장 많은 마스크(book 프리셋에서 50개)로 낸 평균에서 위아래로 1%p 안에 있어야 합니다",
        source="article §3",
        figure="fig-overfitting-mc-dropout",
        unit="pp",
    ),
)


EXPERIMENT = Experiment.in_package(
    __name__,
    id="overfitting",
    page="regularization",
    config=Config,
    presets=PRESETS,
    claims=CLAIMS,
    axes=axes,
    cost=28,
)
