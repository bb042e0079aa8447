"""Training of the hyperparameter search: two rounds of stacked trials per seed, then the winner retrained,
and beside them a grid over the first round's range.

Every trial of a round trains with its own streams, a few trials per stack, per seed (each seed has its own validation
split); the final retraining stacks every seed. The search's own draws (split, samples, the grid's
offset) come from generators apart from every network's streams, so adding a trial never shifts
another's. The grid is a comparison only: it trains on the same split for the same epochs as
round 1 but takes no part in choosing the setting that is retrained and tested.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.engine.stacking import in_stacks
from generator.experiments.hyperparameter_search.config import Config, ranking, stages

# Stream keys: a trial trains on member_streams(seed, round, trial) with round 1 or 2, the final
# retraining on member_streams(seed, RETRAIN_KEY); the split and the samples draw apart from both.
RETRAIN_KEY = 3
SPLIT_KEY = 4
SAMPLE_KEY = 5
GRID_KEY = 6


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


def grid(config: Config, seed: int):
    """The grid's (lr, weight decay) pairs, lr-major (grid_size², ): grid_size values of each, evenly spaced
    in log10 over the first round's range and shifted together by one random offset per seed and axis.

    Point i of an axis sits at low + (i + u) / k of the range, u ~ U(0, 1): every point is, on its own,
    as likely to fall anywhere in the range as a random draw, so the grid differs from random search
    only in its structure (k values of each hyperparameter instead of k²), never in a placement chosen
    to suit where the good region happens to lie (a grid through the range's ends would sit on its top
    edge, lr = 10^-2, by construction).
    """
    k = config.grid_size
    offset = search_rng(seed, GRID_KEY).uniform(size=2)  # (2,) one per hyperparameter
    low, high = config.log10_range[:, 0], config.log10_range[:, 1]
    logs = low[:, None] + (np.arange(k)[None, :] + offset[:, None]) / k * (high - low)[:, None]  # (2, k)
    lr, weight_decay = np.meshgrid(10.0 ** logs[0], 10.0 ** logs[1], indexing="ij")  # (k, k)
    return lr.ravel(), weight_decay.ravel()


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


def search_round(config: Config, data, seed: int, round_: int, log10_range, progress=None, trials=None):
    """One round of one seed: sampled settings, accuracy curves (trials, epochs + 1), divergence.

    ``trials`` (a range) trains only those trials of the round: every trial has its own streams and
    trains independently of its stack, so a round split into parts gives the same bytes.
    """
    n = config.trials if round_ == 1 else config.round2_trials
    trials = range(n) if trials is None else trials
    lr, weight_decay = (a[trials.start : trials.stop] for a in sample(seed, round_, n, log10_range))
    train_index, val_index = validation_split(config, seed)
    x, t = data.x_train[train_index], data.y_train[train_index]
    x_val, t_val = data.x_train[val_index], data.y_train[val_index]
    evaluate = {"val": (x_val, t_val), "train": (x, t)}

    def stack(chunk, stack_progress):
        at = [trial - trials.start for trial in chunk]
        keys = [(seed, round_, trial) for trial in chunk]
        _, result = train_settings(config, x, t, keys, lr[at], weight_decay[at], evaluate, stack_progress)
        return {"val_acc": result.accuracy["val"], "train_acc": result.accuracy["train"], "diverged_at": result.diverged_at}

    return {"lr": lr, "weight_decay": weight_decay, **in_stacks(list(trials), stack, progress)}


def grid_round(config: Config, data, seed: int, progress=None):
    """The grid of one seed on the round-1 split: validation accuracy curves (grid_size², epochs + 1), divergence."""
    lr, weight_decay = grid(config, seed)
    train_index, val_index = validation_split(config, seed)
    x, t = data.x_train[train_index], data.y_train[train_index]
    keys = [(seed, GRID_KEY, i) for i in range(len(lr))]
    evaluate = {"val": (data.x_train[val_index], data.y_train[val_index])}
    _, result = train_settings(config, x, t, keys, lr, weight_decay, evaluate, progress)
    return {"grid_lr": lr, "grid_weight_decay": weight_decay, "grid_val_acc": result.accuracy["val"],
            "grid_diverged_at": result.diverged_at}


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


def _share(n: int, part: int, parts: int) -> range:
    """The trials of part ``part`` when ``n`` trials are split into ``parts`` nearly equal runs."""
    return range(n * part // parts, n * (part + 1) // parts)


def _joined(outputs: list[dict]) -> dict:
    """The parts of one round as one round: every array joined along the trial axis."""
    return {name: np.concatenate([o[name] for o in outputs]) for name in outputs[0]}


def _narrowed(config: Config, first: dict) -> np.ndarray:
    order = ranking(first["val_acc"][:, -1])
    # With no finished trial there is nothing to narrow to: round 2 resamples the first range.
    return narrowed_range(first["lr"], first["weight_decay"], order[: config.top_k]) if len(order) else config.log10_range


def run_part(config: Config, data, seed: int, stage: int, part: int, parts: int, earlier, progress=None) -> dict:
    """One part of one seed's search (see ``stages``); ``earlier`` holds the outputs of the stages before."""
    if stage == 0:
        return search_round(config, data, seed, 1, config.log10_range, progress, _share(config.trials, part, parts))
    first = _joined(earlier[0])
    if stage == 1:
        return search_round(config, data, seed, 2, _narrowed(config, first), progress, _share(config.round2_trials, part, parts))
    if part == 0:
        return grid_round(config, data, seed, progress)
    second = _joined(earlier[1])
    best = best_setting((first, second), (ranking(first["val_acc"][:, -1]), ranking(second["val_acc"][:, -1])))
    test_acc, diverged_at = retrain_best(config, data, (seed,), {k: np.array([v]) for k, v in best.items()}, progress)
    return {"test_acc": test_acc[0], "final_diverged_at": diverged_at[0]}


def assemble(config: Config, seed: int, outputs) -> dict:
    """One seed's metrics from the outputs of every part of every stage (no seed axis)."""
    first, second = _joined(outputs[0]), _joined(outputs[1])
    order, order2 = ranking(first["val_acc"][:, -1]), ranking(second["val_acc"][:, -1])
    record = {**first, **{f"round2_{name}": value for name, value in second.items()}}
    record["top_trials"] = _top(order, config.top_k)
    record["round2_top_trials"] = _top(order2, config.top_k)
    record["round2_log10_range"] = _narrowed(config, first)
    record["log10_range"] = config.log10_range  # the same for every seed; the claims read the range from here
    record.update(best_setting((first, second), (order, order2)))
    grid_part, retrain = outputs[2]
    record.update(grid_part)
    record.update(retrain)
    return record


def run(config: Config, data, seeds, progress=None):
    """Every seed's search in this process, each stage in one part."""
    per_epoch_total = len(seeds) * 4 * config.epochs
    done = [0]

    def stage(epoch, total):
        if progress is not None:
            progress(done[0] + epoch, per_epoch_total)
            if epoch == total:
                done[0] += total

    per_seed = []
    for seed in seeds:
        outputs: list[list[dict]] = []
        for stage_index, parts in enumerate(stages(config, 1)):
            outputs.append([run_part(config, data, seed, stage_index, part, parts, outputs, stage) for part in range(parts)])
        per_seed.append(assemble(config, seed, outputs))
    return {name: np.stack([np.asarray(r[name]) for r in per_seed]) for name in per_seed[0]}


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
