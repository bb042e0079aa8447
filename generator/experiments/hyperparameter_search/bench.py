"""The hyperparameter-search workload for ``make bench``: as the book's script runs it, one network at
a time in float64; as the engine runs it, one network at a time; and its FLOP count (see
``generator.bench.workloads``). One seed: the search's rounds depend on each other, so a seed is
the unit of work. The grid the site sets against random search is part of the workload, written
in the book's style in the reference (the book has no grid)."""

import numpy as np

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, train_alone, training_flops
from generator.experiments.hyperparameter_search import ranking
from generator.experiments.hyperparameter_search.train import GRID_KEY, RETRAIN_KEY, grid, narrowed_range, sample, validation_split

SEED = 0


def reference(config, data, rng):
    """ch06/hyperparameter_optimization.py, then a second round in the narrowed range and the best retrained."""
    x_all, t_all, x_test, t_test = float64_data(data, config.n_samples)
    permutation = rng.permutation(config.n_samples)  # the book's shuffle_dataset
    x_all, t_all = x_all[permutation], t_all[permutation]
    n_val = config.n_validation
    x_val, t_val, x_train, t_train = x_all[:n_val], t_all[:n_val], x_all[n_val:], t_all[n_val:]

    def train(lr, weight_decay, x, t, evaluate):
        network = MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, weight_decay_lambda=weight_decay)
        _, accuracy = train_networks(
            {"trial": (network, SGD(lr=lr))}, x, t, rng, batch_size=config.batch_size, epochs=config.epochs, evaluate=evaluate
        )
        return network, accuracy["trial"]

    def search(trials, log10_range):
        results = []
        for _ in range(trials):
            weight_decay = 10 ** rng.uniform(*log10_range[1])
            lr = 10 ** rng.uniform(*log10_range[0])
            _, accuracy = train(lr, weight_decay, x_train, t_train, [(x_val, t_val), (x_train, t_train)])
            results.append((accuracy[-1][0], lr, weight_decay))
        return sorted(results, key=lambda r: -r[0] if np.isfinite(r[0]) else np.inf)

    first = search(config.trials, config.log10_range)
    top = np.log10([(lr, weight_decay) for _, lr, weight_decay in first[: config.top_k]])  # (k, 2)
    second = search(config.round2_trials, np.stack([top.min(axis=0), top.max(axis=0)], axis=1))
    best_val, best_lr, best_weight_decay = max(first[0], second[0], key=lambda r: r[0])
    network, _ = train(best_lr, best_weight_decay, x_all, t_all, [])
    grid_val = [train(lr, weight_decay, x_train, t_train, [(x_val, t_val)])[1][-1][0] for lr, weight_decay in zip(*grid(config, SEED))]
    return first, second, network.accuracy(x_test, t_test), grid_val


def alone(config, data):
    x_all, x_test = cast(config, data.x_train[: config.n_samples], data.x_test)
    t_all = data.y_train[: config.n_samples]
    train_index, val_index = validation_split(config, SEED)
    x, t, x_val, t_val = x_all[train_index], t_all[train_index], x_all[val_index], t_all[val_index]

    def trial(key, lr, weight_decay, x, t, evaluate, test=None):
        return Net(key, config.hidden_sizes, x, t, config.batch_size, hyper={"lr": lr}, epochs=config.epochs,
                   weight_decay=weight_decay, evaluate=evaluate, test=test)

    def search_round(round_, n, log10_range):
        lr, weight_decay = sample(SEED, round_, n, log10_range)
        evaluate = {"val": (x_val, t_val), "train": (x, t)}
        results = train_all(trial((SEED, round_, i), lr[i], weight_decay[i], x, t, evaluate) for i in range(n))
        val_acc = np.array([r.accuracy["val"][0, -1] for r in results])
        return lr, weight_decay, val_acc

    lr, weight_decay, val_acc = search_round(1, config.trials, config.log10_range)
    order = ranking(val_acc)
    narrowed = narrowed_range(lr, weight_decay, order[: config.top_k]) if len(order) else config.log10_range
    lr2, weight_decay2, val_acc2 = search_round(2, config.round2_trials, narrowed)
    order2 = ranking(val_acc2)
    candidates = [(val_acc[i], lr[i], weight_decay[i]) for i in order[:1]] + [(val_acc2[i], lr2[i], weight_decay2[i]) for i in order2[:1]]
    if candidates:
        _, best_lr, best_weight_decay = max(candidates, key=lambda c: c[0])
        train_alone(trial((SEED, RETRAIN_KEY), best_lr, best_weight_decay, x_all, t_all, {}, (x_test, data.y_test)))
    grid_lr, grid_weight_decay = grid(config, SEED)
    train_all(trial((SEED, GRID_KEY, i), grid_lr[i], grid_weight_decay[i], x, t, {"val": (x_val, t_val)}) for i in range(len(grid_lr)))


def flops(config, data):
    layers = sizes(config.hidden_sizes)
    per_trial = training_flops(
        layers, config.batch_size, config.epochs * (config.n_train // config.batch_size), (config.epochs + 1) * config.n_samples
    )
    retrain = training_flops(layers, config.batch_size, config.epochs * (config.n_samples // config.batch_size), len(data.x_test))
    per_grid_trial = training_flops(
        layers, config.batch_size, config.epochs * (config.n_train // config.batch_size), (config.epochs + 1) * config.n_validation
    )
    return (config.trials + config.round2_trials) * per_trial + retrain + config.grid_trials * per_grid_trial


def members(config):
    """Networks trained for one seed: every trial of both rounds, the retrained winner and the grid."""
    return config.trials + config.round2_trials + 1 + config.grid_trials
