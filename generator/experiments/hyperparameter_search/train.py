"""Training of the hyperparameter search: two rounds of stacked trials per seed, then the winner retrained.

Every trial of a round trains as one stack, one stack per seed (each seed has its own validation
split); the final retraining stacks every seed. The search's own draws (split, samples) come
from generators apart from every network's streams, so adding a trial never shifts another's.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.hyperparameter_search.config import Config, ranking

# Stream keys: a trial trains on member_streams(seed, round, trial) with round 1 or 2, the final
# retraining on member_streams(seed, RETRAIN_KEY); the split and the samples draw apart from both.
RETRAIN_KEY = 3
SPLIT_KEY = 4
SAMPLE_KEY = 5


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


def narrowed_range(lr, weight_decay, top) -> np.ndarray:
    """[lr, weight decay] x [low, high] (2, 2), powers of ten: min and max over the ``top`` trials."""
    logs = np.log10(np.stack([lr[top], weight_decay[top]]))  # (2, k)
    return np.stack([logs.min(axis=1), logs.max(axis=1)], axis=1)


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
