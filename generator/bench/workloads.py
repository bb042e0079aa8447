"""The book workloads as the engine runs them one network at a time, and what each costs in FLOPs.

``alone(experiment id)(config, data)`` trains every member network of the experiment as its own
T = 1 ``MultiLayerNet``, one after another, in the experiment's precision: the same networks,
streams, iterations and evaluations as the stacked run, without the stacking. Workloads that do
not train take the engine's plain path (the gradient check: ``MultiLayerNet.numerical_gradient``,
one entry at a time).

FLOPs are an analytic estimate from the config. A dense network of layer sizes d0 ... dL costs
F = Σ 2·d_i·d_(i+1) per sample forward (products only; activations, softmax and updates are not
counted). A training iteration on a batch of B costs 3·B·F (forward, then dW and dx of every
layer; the engine skips the first layer's dx, so this counts slightly more than it does); an
evaluation of n samples costs n·F. The gradient check counts what the book's method costs: two
full forward passes of the batch per parameter entry, plus the backpropagation it is checked
against. The engine's vectorised check gets the same numbers from far fewer operations, so its
rate there is an effective one and may exceed the machine's peak.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from generator.engine import MultiLayerNet, Relu, Sigmoid, Tanh, init_std, make_optimizer, member_streams, train

PATH_STEP_FLOPS = 16
"""An optimizer step on the two coordinates of f(x, y): gradient and update, counted by hand."""


@dataclass(eq=False)
class Net:
    """One member network of a workload and how it is trained."""

    key: tuple[int, ...]
    """Its streams: member_streams(*key), as in the stacked experiment."""
    hidden_sizes: tuple[int, ...]
    x: np.ndarray
    t: np.ndarray
    batch_size: int
    optimizer: str = "sgd"
    hyper: dict = field(default_factory=dict)
    epochs: int | None = None
    iterations: tuple[int, ...] = ()
    """Without epochs: train() is called once per stretch of this many iterations."""
    activation: str = "relu"
    weight_init: object = "he"
    batch_norm: bool = False
    dropout_ratio: float = 0.0
    weight_decay: float = 0.0
    evaluate: dict = field(default_factory=dict)
    test: tuple | None = None
    """(x, t) measured once after training."""


def train_alone(net: Net):
    """Train one network as a T = 1 stack; returns the TrainResult of its last stretch."""
    streams = [member_streams(*net.key)]
    model = MultiLayerNet(
        net.x.shape[1],
        net.hidden_sizes,
        10,
        streams=streams,
        activation=net.activation,
        weight_init=net.weight_init,
        batch_norm=net.batch_norm,
        dropout_ratio=net.dropout_ratio,
        weight_decay=net.weight_decay,
        dtype=net.x.dtype,
    )
    optimizer = make_optimizer(net.optimizer, **net.hyper)
    common = {"streams": streams, "batch_size": net.batch_size, "evaluate": net.evaluate}
    if net.epochs is not None:
        result = train(model, optimizer, net.x, net.t, epochs=net.epochs, **common)
    for n in net.iterations:
        result = train(model, optimizer, net.x, net.t, iterations=n, **common)
    if net.test is not None:
        with np.errstate(over="ignore", invalid="ignore"):
            model.accuracy(*net.test)
    return result


def train_all(nets) -> list:
    return [train_alone(net) for net in nets]


def cast(config, *arrays):
    dtype = np.dtype(config.precision)
    return tuple(a.astype(dtype) for a in arrays)


def optimizer_paths_alone(config, data):
    for name, lr in zip(optimizer_paths.OPTIMIZERS, config.learning_rates):
        optimizer_paths.descend(name, lr, config)


def optimizer_compare_alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    train_all(
        Net((0, i), config.hidden_sizes, x, data.y_train, config.batch_size, name, hyper, iterations=(config.iterations,), test=(x_test, data.y_test))
        for i, (name, hyper) in enumerate(zip(optimizer_compare.OPTIMIZERS, config.hyperparameters))
    )


def init_symmetry_alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    stretches = tuple(int(n) for n in np.diff(config.trace_iterations))
    train_all(
        Net(
            (0, v),
            (config.hidden_size,),
            x,
            data.y_train,
            config.batch_size,
            hyper={"lr": config.lr},
            iterations=stretches,
            activation=config.activation,
            weight_init=init,
            test=(x_test, data.y_test),
        )
        for v, init in enumerate(config.weight_inits)
    )


def activation_histograms_alone(config, data):
    layers = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu}
    inputs = member_streams(0).init.standard_normal((config.n_samples, config.n_units))
    for k, setting in enumerate(activation_histograms.SETTINGS):
        rng = member_streams(0, k).init
        std = init_std(config.weight_init(setting), config.n_units)
        layer = layers[activation_histograms.activation_of(setting)]()
        a = inputs[None]  # (1, N, D)
        lo, hi = config.hist_range(setting)
        for _ in range(config.n_layers):
            a = layer.forward(np.matmul(a, std * rng.standard_normal((config.n_units, config.n_units))))
            np.histogram(a, config.bins, range=(lo, hi))
            a.mean(), a.std(), (a == 0).mean(), ((a - lo < 0.05) | (hi - a < 0.05)).mean()


def init_compare_alone(config, data):
    x, x_test = cast(config, data.x_train, data.x_test)
    train_all(
        Net((0, i), config.hidden_sizes, x, data.y_train, config.batch_size, hyper={"lr": config.lr}, iterations=(config.iterations,), weight_init=init, test=(x_test, data.y_test))
        for i, init in enumerate(config.weight_inits)
    )


def batchnorm_gradcheck_alone(config, data):
    net = batchnorm_gradcheck.build(config, 0)
    pick = member_streams(0).batch.choice(len(data.x_train), config.batch_size, replace=False)
    x, t = data.x_train[pick].astype(np.float64), data.y_train[pick]
    net.gradient(x[:1], t[:1])
    net.gradient(x, t)
    net.numerical_gradient(x, t, h=config.h)


def batchnorm_sweep_alone(config, data):
    x, x_test = cast(config, data.x_train[: config.n_train], data.x_test)
    t = data.y_train[: config.n_train]
    train_all(
        Net(
            (0, scale),
            config.hidden_sizes,
            x,
            t,
            config.batch_size,
            hyper={"lr": config.lr},
            epochs=config.epochs,
            weight_init=float(config.scales[scale]),
            batch_norm=bn,
            evaluate={"train": (x, t)},
            test=(x_test, data.y_test),
        )
        for scale in range(config.n_scales)
        for bn in (True, False)
    )


def hyperparameter_search_alone(config, data):
    search, seed = hyperparameter_search, 0
    x_all, x_test = cast(config, data.x_train[: config.n_samples], data.x_test)
    t_all = data.y_train[: config.n_samples]
    train_index, val_index = search.validation_split(config, seed)
    x, t, x_val, t_val = x_all[train_index], t_all[train_index], x_all[val_index], t_all[val_index]

    def trial(key, lr, weight_decay, x, t, evaluate, test=None):
        return Net(key, config.hidden_sizes, x, t, config.batch_size, hyper={"lr": lr}, epochs=config.epochs, weight_decay=weight_decay, evaluate=evaluate, test=test)

    def search_round(round_, n, log10_range):
        lr, weight_decay = search.sample(seed, round_, n, log10_range)
        evaluate = {"val": (x_val, t_val), "train": (x, t)}
        results = train_all(trial((seed, round_, i), lr[i], weight_decay[i], x, t, evaluate) for i in range(n))
        val_acc = np.array([r.accuracy["val"][0, -1] for r in results])
        return lr, weight_decay, val_acc

    lr, weight_decay, val_acc = search_round(1, config.trials, config.log10_range)
    order = search.ranking(val_acc)
    narrowed = search.narrowed_range(lr, weight_decay, order[: config.top_k]) if len(order) else config.log10_range
    lr2, weight_decay2, val_acc2 = search_round(2, config.round2_trials, narrowed)
    order2 = search.ranking(val_acc2)
    candidates = [(val_acc[i], lr[i], weight_decay[i]) for i in order[:1]] + [(val_acc2[i], lr2[i], weight_decay2[i]) for i in order2[:1]]
    if candidates:
        _, best_lr, best_weight_decay = max(candidates, key=lambda c: c[0])
        train_alone(trial((seed, search.RETRAIN_KEY), best_lr, best_weight_decay, x_all, t_all, {}, (x_test, data.y_test)))


def forward_flops(sizes) -> int:
    """F: multiply-adds of one sample's forward pass through dense layers ``sizes``, times 2."""
    return sum(2 * a * b for a, b in zip(sizes[:-1], sizes[1:]))


def training_flops(sizes, batch_size, iterations, evaluated=0) -> int:
    """3·B·F per iteration, plus F per evaluated sample."""
    F = forward_flops(sizes)
    return 3 * batch_size * F * iterations + F * evaluated


def sizes(hidden_sizes):
    return (784, *hidden_sizes, 10)


def optimizer_paths_flops(config, data):
    return len(optimizer_paths.OPTIMIZERS) * config.steps * PATH_STEP_FLOPS


def optimizer_compare_flops(config, data):
    one = training_flops(sizes(config.hidden_sizes), config.batch_size, config.iterations, len(data.x_test))
    return len(optimizer_compare.OPTIMIZERS) * one


def init_symmetry_flops(config, data):
    one = training_flops(sizes((config.hidden_size,)), config.batch_size, config.iterations, len(data.x_test))
    return len(init_symmetry.VARIANTS) * one


def activation_histograms_flops(config, data):
    per_layer = 2 * config.n_samples * config.n_units**2
    return len(activation_histograms.SETTINGS) * config.n_layers * per_layer


def init_compare_flops(config, data):
    one = training_flops(sizes(config.hidden_sizes), config.batch_size, config.iterations, len(data.x_test))
    return len(init_compare.INITS) * one


def batchnorm_gradcheck_flops(config, data):
    sizes = sizes(config.hidden_sizes)
    entries = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])) + 2 * sum(config.hidden_sizes)  # W, b, gamma, beta
    F = forward_flops(sizes)
    return 2 * entries * config.batch_size * F + 3 * (config.batch_size + 1) * F


def batchnorm_sweep_flops(config, data):
    iterations = config.epochs * (config.n_train // config.batch_size)
    evaluated = (config.epochs + 1) * config.n_train + len(data.x_test)
    return 2 * config.n_scales * training_flops(sizes(config.hidden_sizes), config.batch_size, iterations, evaluated)


def hyperparameter_search_flops(config, data):
    sizes = sizes(config.hidden_sizes)
    per_trial = training_flops(
        sizes, config.batch_size, config.epochs * (config.n_train // config.batch_size), (config.epochs + 1) * config.n_samples
    )
    retrain = training_flops(sizes, config.batch_size, config.epochs * (config.n_samples // config.batch_size), len(data.x_test))
    return (config.trials + config.round2_trials) * per_trial + retrain
