"""Training of the overfitting experiment: every variant and seed, in as few stacks as the engine allows.

Members of one stack train in lockstep, so they must share their layer sizes, the number of
epochs and the engine's network-wide inverted-dropout flag. The baseline and weight decay (201
epochs, as ch06/overfit_weight_decay.py) form one stack; the dropout runs train 301 epochs, as
ch06/overfit_dropout.py, in a second; inverted dropout in a third; each smaller network in its
own. Training them in separate stacks, rather than recording the shorter runs for part of one
long stack, spends no arithmetic on epochs nobody looks at. Metrics of runs that stop earlier are
NaN after their last epoch.
"""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.overfitting.config import Config

CHUNK = 1000
"""Test images per forward pass outside training: bounds the memory of a stack's activations."""


def softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def weight_norm(net) -> np.ndarray:
    """Σ‖W‖² over every weight matrix (biases excluded, as in the weight-decay penalty), per member (T,)."""
    return sum(np.einsum("tij,tij->t", a.params["W"], a.params["W"], dtype=np.float64) for a in net.affines)


def stacks(runs) -> list[list[int]]:
    """Indices of the runs that can train as one stack, in order of first appearance."""
    groups: dict[tuple, list[int]] = {}
    for i, v in enumerate(runs):
        groups.setdefault((v.hidden_sizes, v.inverted, v.epochs), []).append(i)
    return list(groups.values())


def train_stack(config: Config, runs, seeds, x, t, evaluate, progress):
    """Train ``runs`` for every seed as one stack, members ordered (seed, run).

    Returns the network, the engine's record and Σ‖W‖² at every epoch (T, epochs + 1).
    """
    first = runs[0]
    streams = [member_streams(seed, v.streams) for seed in seeds for v in runs]  # (S * R)
    net = MultiLayerNet(
        784,
        first.hidden_sizes,
        10,
        streams=streams,
        activation="relu",
        weight_init="he",
        weight_decay=[v.weight_decay for v in runs] * len(seeds),
        dropout_ratio=[v.dropout_ratio for v in runs] * len(seeds),
        inverted_dropout=first.inverted,
        dtype=np.dtype(config.precision),
    )
    norms = np.full((len(streams), first.epochs + 1), np.nan)
    norms[:, 0] = weight_norm(net)

    def on_epoch(epoch, total):
        norms[:, epoch] = weight_norm(net)
        progress(epoch)

    result = train(
        net,
        make_optimizer("sgd", lr=config.lr),
        x,
        t,
        streams=streams,
        batch_size=config.batch_size,
        epochs=first.epochs,
        evaluate=evaluate,
        on_epoch=on_epoch,
    )
    norms[np.isnan(result.accuracy["train"])] = np.nan  # a diverged member's frozen weights say nothing
    return net, result, norms


def test_probabilities(net, x_test) -> np.ndarray:
    """Softmax outputs of every member on the test set in evaluation mode (T, N, 10)."""
    return np.concatenate([softmax(net.predict(x_test[i : i + CHUNK])) for i in range(0, len(x_test), CHUNK)], axis=1)


def mc_dropout_accuracy(net, x_test, t_test, masks) -> np.ndarray:
    """Test accuracy of averaging the softmax outputs of K random masks, for each K in ``masks`` (T, len(masks)).

    Each pass runs the network in training mode, so every dropout layer draws a fresh mask from
    the member's own stream (which training has finished with), exactly as during training.
    """
    correct = np.zeros((net.members, len(masks)), dtype=np.int64)
    for i in range(0, len(x_test), CHUNK):
        xb, tb = x_test[i : i + CHUNK], t_test[i : i + CHUNK]
        total = 0.0
        for k in range(1, masks[-1] + 1):
            total = total + softmax(net.predict(xb, train=True).astype(np.float64))  # (T, n, 10)
            if k in masks:
                correct[:, masks.index(k)] += (total.argmax(axis=-1) == tb).sum(axis=-1)
    return correct / len(x_test)


def run(config: Config, data, seeds, progress=None):
    """Metrics, seed first; V runs in ``config.variants`` order.

    ``train_acc``, ``test_acc``, ``weight_norm`` (S, V, longest + 1) and ``loss`` (S, V, iterations)
    are NaN after each run's own last epoch; ``epochs`` and ``hidden_layers`` (S, V) say how long
    each run trained and how deep it is. ``test_probs`` (S, N, 10) holds the final baseline
    networks' test-set probabilities in steps of 1/255 (uint8: the result file writes numbers as
    decimal text, where a byte costs a few characters and a float16 up to twenty), with
    ``test_labels`` (S, N), the same for every seed. ``mc_acc`` (S, len(mc_masks)) is the dropout
    run's test accuracy when the predictions of K random masks are averaged.
    """
    dtype = np.dtype(config.precision)
    x, t = data.x_train[: config.n_train].astype(dtype), data.y_train[: config.n_train]
    x_test, t_test = data.x_test.astype(dtype), data.y_test
    runs = config.runs()
    S, V = len(seeds), len(runs)
    per_epoch = config.n_train // config.batch_size
    longest = max(v.epochs for v in runs)
    metrics = {
        "train_acc": np.full((S, V, longest + 1), np.nan),
        "test_acc": np.full((S, V, longest + 1), np.nan),
        "weight_norm": np.full((S, V, longest + 1), np.nan),
        "loss": np.full((S, V, longest * per_epoch), np.nan),
        "diverged_at": np.full((S, V), -1, dtype=np.int64),
        "epochs": np.tile([v.epochs for v in runs], (S, 1)),
        "hidden_layers": np.tile([len(v.hidden_sizes) for v in runs], (S, 1)),
    }
    groups = stacks(runs)
    total = sum(runs[g[0]].epochs for g in groups)
    done = 0
    for group in groups:
        members = [runs[i] for i in group]
        epochs = members[0].epochs

        def step(epoch, before=done):
            if progress is not None:
                progress(before + epoch, total)

        net, result, norms = train_stack(
            config, members, seeds, x, t, {"train": (x, t), "test": (x_test, t_test)}, step)
        shape = (S, len(group))

        def per_seed(a):
            return a.reshape(shape + a.shape[1:])  # (S, R, ...)

        metrics["train_acc"][:, group, : epochs + 1] = per_seed(result.accuracy["train"])
        metrics["test_acc"][:, group, : epochs + 1] = per_seed(result.accuracy["test"])
        metrics["weight_norm"][:, group, : epochs + 1] = per_seed(norms)
        metrics["loss"][:, group, : epochs * per_epoch] = per_seed(result.loss)
        metrics["diverged_at"][:, group] = per_seed(result.diverged_at)
        keys = [v.key for v in members]
        if "baseline" in keys:
            probs = per_seed(test_probabilities(net, x_test))[:, keys.index("baseline")]  # (S, N, 10)
            probs = np.nan_to_num(probs.astype(np.float64))  # a diverged member's rows; diverged_at marks it
            metrics["test_probs"] = np.rint(probs * 255).astype(np.uint8)
            metrics["test_labels"] = np.tile(np.asarray(t_test, dtype=np.uint8), (S, 1))
        if "dropout" in keys:
            mc = per_seed(mc_dropout_accuracy(net, x_test, t_test, list(config.mc_masks)))
            mc[per_seed(result.diverged_at) >= 0] = np.nan
            metrics["mc_acc"] = mc[:, keys.index("dropout")]
        done += epochs
    return metrics
