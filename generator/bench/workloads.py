"""What the experiments' benchmark workloads share: training one network at a time, and FLOP counts.

Each experiment's ``bench.alone(config, data)`` trains every member network as its own
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

from dataclasses import dataclass, field

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train

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


def forward_flops(sizes) -> int:
    """F: multiply-adds of one sample's forward pass through dense layers ``sizes``, times 2."""
    return sum(2 * a * b for a, b in zip(sizes[:-1], sizes[1:]))


def training_flops(sizes, batch_size, iterations, evaluated=0) -> int:
    """3·B·F per iteration, plus F per evaluated sample."""
    F = forward_flops(sizes)
    return 3 * batch_size * F * iterations + F * evaluated


def sizes(hidden_sizes):
    return (784, *hidden_sizes, 10)


