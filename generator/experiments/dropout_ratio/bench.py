"""The dropout-ratio workload for ``make bench``: as the book's scripts run it, one network at a time in
float64; as the engine runs it, one network at a time; and its FLOP count (see
``generator.bench.workloads``). The reference measures test accuracy after every epoch, as the
book's script does; the stacked run measures it only over the last ``test_window`` epochs, and
``alone``, whose networks cannot be reached between epochs, once after training."""

from generator.bench.reference import SGD, MultiLayerNetExtend, float64_data, train_networks
from generator.bench.workloads import Net, cast, sizes, train_all, training_flops
from generator.experiments.dropout_ratio.train import stream_key


def reference(config, data, rng):
    """ch06/overfit_dropout.py once per ratio, one network at a time."""
    x_train, t_train, x_test, t_test = float64_data(data, config.n_train)
    results = {}
    for ratio in config.ratios:
        network = MultiLayerNetExtend(784, config.hidden_sizes, 10, rng, use_dropout=ratio > 0, dropout_ratio=ratio)
        _, accuracy = train_networks({ratio: (network, SGD(lr=config.lr))}, x_train, t_train, rng,
                                     batch_size=config.batch_size, epochs=config.epochs,
                                     evaluate=[(x_train, t_train), (x_test, t_test)])
        results[ratio] = accuracy[ratio]
    return results


def alone(config, data):
    x, x_test = cast(config, data.x_train[: config.n_train], data.x_test)
    t = data.y_train[: config.n_train]
    train_all(
        Net((0, stream_key(ratio)), config.hidden_sizes, x, t, config.batch_size, hyper={"lr": config.lr},
            epochs=config.epochs, dropout_ratio=ratio, evaluate={"train": (x, t)}, test=(x_test, data.y_test))
        for ratio in config.ratios
    )


def flops(config, data):
    per_epoch = config.n_train // config.batch_size
    evaluated = (config.epochs + 1) * config.n_train + config.test_window * len(data.x_test)
    return len(config.ratios) * training_flops(sizes(config.hidden_sizes), config.batch_size, config.epochs * per_epoch, evaluated)


def members(config):
    return len(config.ratios)
