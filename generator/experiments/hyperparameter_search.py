"""Random search for the learning rate and weight decay, narrowed once (article section 4; book 6.5).

500 training images are split, per seed, into 400 for training and 100 for validation. Round 1
samples 100 (learning rate, weight decay) pairs log-uniformly, lr = 10^U(-6, -2) and
λ = 10^U(-8, -4), trains each for 50 epochs and ranks them by final validation accuracy. Round 2
samples 100 more from the narrowed range: the smallest and largest log10 lr and log10 λ among the
round-1 top 20. The best pair of both rounds is then trained once more on all 500 images and its
test accuracy measured, once. All trials of a round train as one stack, one stack per seed (each
seed has its own validation split); the final retraining stacks every seed. A trial that
diverges is recorded and ranks below every trial that did not.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.errors import UserError
from generator.experiments.base import Claim, Experiment, param

# Stream keys: a trial trains on member_streams(seed, round, trial) with round 1 or 2, the final
# retraining on member_streams(seed, RETRAIN_KEY); the split and the samples draw apart from both.
RETRAIN_KEY = 3
SPLIT_KEY = 4
SAMPLE_KEY = 5
GOOD_LR = 1e-3
"""The lower end of the good region the book reads off its plot (lr 0.001 to 0.01)."""


@dataclass(frozen=True)
class Config:
    n_samples: int = param(500, "images taken from the training pool, before the validation split (book: 500)", ge=2)
    validation_fraction: float = param(0.2, "share of those images held out for validation (book: 0.2)", gt=0, lt=1)
    hidden_sizes: tuple[int, ...] = param((100,) * 6, "units per hidden layer (book: six layers of 100)", ge=1, min_len=1)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    epochs: int = param(50, "training epochs of every trial (book: 50)", ge=1)
    trials: int = param(100, "trials of the first round (book: 100)", ge=2)
    round2_trials: int = param(100, "trials of the second, narrowed round (the book says to repeat; 100 here)", ge=1)
    top_k: int = param(20, "best first-round trials whose range the second round samples (book plots the top 20)", ge=2)
    log10_lr_min: float = param(-6.0, "smallest learning rate as a power of ten (book: 10^-6)", ge=-10, le=4)
    log10_lr_max: float = param(-2.0, "largest learning rate as a power of ten (book: 10^-2)", ge=-10, le=4)
    log10_wd_min: float = param(-8.0, "smallest weight decay λ as a power of ten (book: 10^-8)", ge=-12, le=2)
    log10_wd_max: float = param(-4.0, "largest weight decay λ as a power of ten (book: 10^-4)", ge=-12, le=2)
    precision: str = param("float32", "floating-point type of the training arithmetic", choices=("float32", "float64"))

    def check(self, prefix):
        if self.n_validation < 1:
            raise UserError(f"{prefix}.validation_fraction: leaves no validation image out of {self.n_samples}")
        if self.batch_size > self.n_train:
            raise UserError(f"{prefix}.batch_size: must be <= the {self.n_train} training images left after the split, got {self.batch_size}")
        if self.top_k > self.trials:
            raise UserError(f"{prefix}.top_k: must be <= trials ({self.trials}), got {self.top_k}")
        for name in ("lr", "wd"):
            low, high = getattr(self, f"log10_{name}_min"), getattr(self, f"log10_{name}_max")
            if low >= high:
                raise UserError(f"{prefix}.log10_{name}_min: must be < log10_{name}_max ({high}), got {low}")

    @property
    def n_validation(self) -> int:
        """Validation images: int(500 * 0.2) = 100, as the book rounds."""
        return int(self.n_samples * self.validation_fraction)

    @property
    def n_train(self) -> int:
        return self.n_samples - self.n_validation

    @property
    def log10_range(self) -> np.ndarray:
        """The first round's sampling range, (2, 2): [lr, weight decay] x [low, high], powers of ten."""
        return np.array([[self.log10_lr_min, self.log10_lr_max], [self.log10_wd_min, self.log10_wd_max]])


def search_rng(seed: int, *key: int) -> np.random.Generator:
    """A generator for the search's own draws (split, samples), apart from every network's streams."""
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))


def validation_split(config: Config, seed: int):
    """(training indices, validation indices) into the first ``n_samples`` images, shuffled per seed as the book does."""
    order = search_rng(seed, SPLIT_KEY).permutation(config.n_samples)
    return order[config.n_validation :], order[: config.n_validation]


def sample(seed: int, round_: int, n: int, log10_range: np.ndarray):
    """n (lr, weight decay) pairs, log-uniform in ``log10_range`` (2, 2); one generator per seed and round."""
    draws = search_rng(seed, SAMPLE_KEY, round_).uniform(log10_range[:, 0], log10_range[:, 1], size=(n, 2))  # (n, 2)
    return 10.0 ** draws[:, 0], 10.0 ** draws[:, 1]


def train_settings(config: Config, x, t, keys, lr, weight_decay, evaluate, progress=None):
    """Train one network per (lr, weight decay) as one stack; ``keys`` names each member's streams."""
    dtype = np.dtype(config.precision)
    streams = [member_streams(*key) for key in keys]
    net = MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        weight_decay=list(weight_decay),
        dtype=dtype,
    )
    result = train(
        net,
        make_optimizer("sgd", lr=np.asarray(lr, dtype=np.float64)),
        x.astype(dtype),
        t,
        streams=streams,
        batch_size=config.batch_size,
        epochs=config.epochs,
        evaluate={name: (xe.astype(dtype), te) for name, (xe, te) in evaluate.items()},
        on_epoch=progress,
    )
    return net, result


def search_round(config: Config, data, seed: int, round_: int, log10_range, progress=None):
    """One round of one seed: sampled settings, accuracy curves (trials, epochs + 1), divergence."""
    n = config.trials if round_ == 1 else config.round2_trials
    lr, weight_decay = sample(seed, round_, n, log10_range)
    train_index, val_index = validation_split(config, seed)
    x, t = data.x_train[train_index], data.y_train[train_index]
    x_val, t_val = data.x_train[val_index], data.y_train[val_index]
    keys = [(seed, round_, trial) for trial in range(n)]
    _, result = train_settings(config, x, t, keys, lr, weight_decay, {"val": (x_val, t_val), "train": (x, t)}, progress)
    return {
        "lr": lr,
        "weight_decay": weight_decay,
        "val_acc": result.accuracy["val"],
        "train_acc": result.accuracy["train"],
        "diverged_at": result.diverged_at,
    }


def ranking(final_val_acc) -> np.ndarray:
    """Trial indices by final validation accuracy, best first; diverged (NaN) trials left out, ties by index."""
    final_val_acc = np.asarray(final_val_acc)
    finite = np.flatnonzero(np.isfinite(final_val_acc))
    return finite[np.argsort(-final_val_acc[finite], kind="stable")]


def narrowed_range(lr, weight_decay, top) -> np.ndarray:
    """[lr, weight decay] x [low, high] (2, 2), powers of ten: min and max over the ``top`` trials."""
    logs = np.log10(np.stack([lr[top], weight_decay[top]]))  # (2, k)
    return np.stack([logs.min(axis=1), logs.max(axis=1)], axis=1)


def _top(order, k) -> np.ndarray:
    """The first ``k`` of a ranking, padded with -1 when fewer trials finished."""
    return np.concatenate([order[:k], np.full(max(0, k - len(order)), -1)]).astype(np.int64)


def best_setting(rounds, orders) -> dict:
    """The best finished trial of all rounds by final validation accuracy; a tie goes to the earlier round.

    best_round is 1-based (0 and NaN settings when every trial diverged).
    """
    best = {"best_round": 0, "best_trial": -1, "best_val_acc": np.nan, "best_lr": np.nan, "best_weight_decay": np.nan}
    for number, (trials, order) in enumerate(zip(rounds, orders), start=1):
        if not len(order):
            continue
        i = order[0]
        if np.isnan(best["best_val_acc"]) or trials["val_acc"][i, -1] > best["best_val_acc"]:
            best = {"best_round": number, "best_trial": i, "best_val_acc": trials["val_acc"][i, -1],
                    "best_lr": trials["lr"][i], "best_weight_decay": trials["weight_decay"][i]}
    return best


def run(config: Config, data, seeds, progress=None):
    per_epoch_total = len(seeds) * 2 * config.epochs + config.epochs
    done = [0]

    def stage(epoch, total):
        if progress is not None:
            progress(done[0] + epoch, per_epoch_total)
            if epoch == total:
                done[0] += total

    per_seed = []
    for seed in seeds:
        first = search_round(config, data, seed, 1, config.log10_range, stage)
        order = ranking(first["val_acc"][:, -1])
        # With no finished trial there is nothing to narrow to: round 2 resamples the first range.
        narrowed = narrowed_range(first["lr"], first["weight_decay"], order[: config.top_k]) if len(order) else config.log10_range
        second = search_round(config, data, seed, 2, narrowed, stage)
        order2 = ranking(second["val_acc"][:, -1])
        record = {**first, **{f"round2_{name}": value for name, value in second.items()}}
        record["top_trials"] = _top(order, config.top_k)
        record["round2_top_trials"] = _top(order2, config.top_k)
        record["round2_log10_range"] = narrowed
        record.update(best_setting((first, second), (order, order2)))
        per_seed.append(record)

    metrics = {name: np.stack([np.asarray(r[name]) for r in per_seed]) for name in per_seed[0]}
    metrics["test_acc"], metrics["final_diverged_at"] = retrain_best(config, data, seeds, metrics, stage)
    return metrics


def retrain_best(config: Config, data, seeds, metrics, progress=None):
    """Train each seed's best setting on all ``n_samples`` images, then measure test accuracy once (S,), (S,)."""
    found = np.isfinite(metrics["best_lr"])
    test_acc = np.full(len(seeds), np.nan)
    diverged_at = np.full(len(seeds), -1, dtype=np.int64)
    if not found.any():
        return test_acc, diverged_at
    x, t = data.x_train[: config.n_samples], data.y_train[: config.n_samples]
    keys = [(seed, RETRAIN_KEY) for seed, ok in zip(seeds, found) if ok]
    net, result = train_settings(
        config, x, t, keys, metrics["best_lr"][found], metrics["best_weight_decay"][found], {}, progress
    )
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged member holds non-finite weights
        acc = net.accuracy(data.x_test.astype(net.dtype), data.y_test)
    test_acc[found] = np.where(result.diverged, np.nan, acc)
    diverged_at[found] = result.diverged_at
    return test_acc, diverged_at


def _top_lr(metrics, prefix=""):
    """log10 lr of each seed's top trials (S, k); NaN where a seed has fewer finished trials."""
    top = metrics[f"{prefix}top_trials"]
    lr = np.take_along_axis(metrics[f"{prefix}lr"], np.maximum(top, 0), axis=1)
    return np.where(top >= 0, np.log10(lr), np.nan)


def top_lr_spread(metrics):
    """Decades spanned by the learning rates of the round-1 top trials (S,)."""
    logs = _top_lr(metrics)
    return np.nanmax(logs, axis=1) - np.nanmin(logs, axis=1)


def share_of_top_above(metrics, lr=GOOD_LR):
    """Fraction of the round-1 top trials with a learning rate above ``lr`` (S,)."""
    logs = _top_lr(metrics)
    return (logs > np.log10(lr)).sum(axis=1) / (~np.isnan(logs)).sum(axis=1)


def average_ranks(a) -> np.ndarray:
    """Ranks 0 ... n-1 with ties given their average rank."""
    a = np.asarray(a)
    ranks = np.empty(len(a))
    ranks[np.argsort(a, kind="stable")] = np.arange(len(a))
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    return (np.bincount(inverse, weights=ranks) / counts)[inverse]


def spearman(a, b) -> float:
    """Spearman's rank correlation; NaN when either side is constant."""
    ra, rb = average_ranks(a) - (len(a) - 1) / 2, average_ranks(b) - (len(b) - 1) / 2
    denominator = np.sqrt((ra**2).sum() * (rb**2).sum())
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")


def weight_decay_minus_lr_dependence(metrics):
    """|ρ(final val acc, log λ)| - |ρ(final val acc, log lr)| over each seed's finished round-1 trials (S,)."""
    values = []
    for lr, wd, val in zip(metrics["lr"], metrics["weight_decay"], metrics["val_acc"][..., -1]):
        ok = np.isfinite(val)
        values.append(abs(spearman(val[ok], np.log10(wd[ok]))) - abs(spearman(val[ok], np.log10(lr[ok]))))
    return np.array(values)


def round2_best_gain(metrics):
    """Best final validation accuracy of round 2 minus that of round 1 (S,)."""
    return np.nanmax(metrics["round2_val_acc"][..., -1], axis=1) - np.nanmax(metrics["val_acc"][..., -1], axis=1)


CLAIMS = (
    Claim(
        id="search-top-lr-narrow-band",
        statement_ko="무작위 탐색에서 성적이 좋은 시도들의 학습률은 좁은 범위에 모여 있다.",
        statement_en="The best trials of the random search share a narrow band of learning rates.",
        statistic=top_lr_spread,
        comparison="<",
        threshold=2.0,
        reason="'narrow band': the top 20's learning rates span less than 2 of the 4 sampled decades",
        figure="fig-hyperparameter-search-scatter",
    ),
    Claim(
        id="search-good-lr-above-0.001",
        statement_ko="좋은 학습률은 대략 0.001에서 0.01 사이다. 상위 시도의 대부분은 학습률이 0.001보다 크다.",
        statement_en="Good learning rates lie roughly between 0.001 and 0.01: most of the top trials use more than 0.001.",
        statistic=share_of_top_above,
        comparison=">",
        threshold=0.5,
        reason="'roughly 0.001-0.01': more than half of the top 20 above 0.001; 0.01 is the top of the sampled range",
        figure="fig-hyperparameter-search-scatter",
        unit="%",
    ),
    Claim(
        id="search-weight-decay-matters-less",
        statement_ko="이 범위에서는 가중치 감소보다 학습률이 검증 정확도를 훨씬 크게 좌우한다.",
        statement_en="In this range the learning rate decides validation accuracy far more than weight decay does.",
        statistic=weight_decay_minus_lr_dependence,
        comparison="<",
        threshold=0.0,
        reason="'parameters differ in importance': weaker rank correlation (Spearman |ρ|) with log λ than with log lr",
        figure="fig-hyperparameter-search-scatter",
    ),
    Claim(
        id="search-narrowing-keeps-best",
        statement_ko="범위를 좁혀 다시 탐색해도 좋은 영역을 잃지 않는다. 2차 탐색의 최고 검증 정확도는 1차와 같은 수준이다.",
        statement_en="Narrowing the range keeps the good region: the second round's best validation accuracy matches the first's.",
        statistic=round2_best_gain,
        comparison=">",
        threshold=-0.02,
        reason="'narrow and repeat': round 2's best within 2 points (two of 100 validation images) of round 1's, or better",
        figure="fig-hyperparameter-search-rounds",
        unit="%",
    ),
)

EXPERIMENT = Experiment(
    id="hyperparameter-search",
    section="hyperparameters",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(n_samples=100, hidden_sizes=(16, 16), batch_size=20, epochs=2, trials=6, round2_trials=6, top_k=3),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=110,
)
