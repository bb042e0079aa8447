"""Central-difference gradients of every parameter entry, many entries per NumPy pass.

The book's ``numerical_gradient`` (and the engine's ``MultiLayerNet.numerical_gradient``)
perturbs one entry, reruns the whole network twice and moves on: tens of seconds for the
90,010 entries of a [784, 100, 100, 10] batch-norm network, under two seconds here. Every entry
gets the same two loss evaluations, loss(p + h) and loss(p - h), but thousands of them run side
by side as the member axis K of one forward pass, and each starts where the perturbation starts:

- Every parameter moves one column (output unit) j of its own layer's output, and moves it
  linearly: W[i, j] by h x[:, i], b[j] by h, gamma[j] by h xn[:, j], beta[j] by h. That column
  is built from the cached output of the unperturbed pass.
- Batch norm and activations act on each unit alone, so until the next affine layer only
  column j is recomputed, (K, N) instead of (K, N, D).
- The next affine layer adds (column change) x W[j, :] to its cached output; from there the
  remaining layers run in full on (K, N, D), with the engine's own layer code.

Batch-norm running statistics are left alone. Networks of one member, without dropout or
weight decay.

ReLU has a kink at 0. Where the step moves some ReLU input across it, loss(p + h) and loss(p - h)
lie on two different linear pieces and their difference is not a derivative, however good the
backward pass. ``central_differences`` therefore also says, for every entry, whether any ReLU
input (of any sample, in any layer) has a different sign at p + h than at p - h: such an entry's
comparison says nothing about the gradient formula.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import Affine, BatchNormalization, MultiLayerNet, Relu, Sigmoid, Tanh

PER_UNIT = (BatchNormalization, Relu, Sigmoid, Tanh)
CHUNK = 128
"""Entries per pass (each runs twice, + h and - h); small enough to stay in cache."""


@dataclass(frozen=True)
class CentralDifferences:
    """Central differences of every parameter entry, and where they span a ReLU kink."""

    gradient: dict[str, np.ndarray]
    """(loss(p + h) - loss(p - h)) / 2h, shaped like ``net.params``."""
    crosses_kink: dict[str, np.ndarray]
    """True where some ReLU input has a different sign at p + h than at p - h (same shapes)."""


def numerical_gradient(net: MultiLayerNet, x: np.ndarray, t: np.ndarray, h: float = 1e-5) -> dict[str, np.ndarray]:
    """d loss(train=True) / d p for every parameter entry, by central differences.

    ``x`` (N, D_in) and integer labels ``t`` (N,); returns arrays shaped like ``net.params``.
    """
    return central_differences(net, x, t, h).gradient


def central_differences(net: MultiLayerNet, x: np.ndarray, t: np.ndarray, h: float = 1e-5) -> CentralDifferences:
    """``numerical_gradient`` and, for each entry, whether its step crosses a ReLU kink."""
    if net.members != 1:
        raise ValueError(f"numerical_gradient: one member network expected, got {net.members}")
    if net.weight_decay.any() or not all(isinstance(layer, (Affine, *PER_UNIT)) for layer in net.layers):
        raise ValueError("numerical_gradient: networks with weight decay or dropout are not supported")
    norms = [layer for layer in net.layers if isinstance(layer, BatchNormalization)]
    for layer in norms:
        layer.update_running = False
    try:
        ins, outs, directions = _base_pass(net, x[None])
        grads, kinks = {}, {}
        for k, layer in enumerate(net.layers):
            for key, name in layer.names.items():
                grads[name], kinks[name] = _layer_gradient(net, ins, outs, k, directions[(k, key)], t, h)
        return CentralDifferences(grads, kinks)
    finally:
        for layer in norms:
            layer.update_running = True


def _base_pass(net, x):
    """Each layer's input and output in train mode, and each parameter's directions (A, D, N).

    ``directions[(k, key)][i, j]`` is how column j of layer k's output moves per unit change of
    entry (i, j) of the parameter (its shape without the member axis is (A, D)).
    """
    ins, outs, directions = [], [], {}
    for k, layer in enumerate(net.layers):
        ins.append(x)
        x = layer.forward(x, train=True)
        outs.append(x)
        n, d = x.shape[-2], x.shape[-1]
        if isinstance(layer, Affine):
            directions[(k, "W")] = np.broadcast_to(ins[k][0].T[:, None, :], (ins[k].shape[-1], d, n))  # (D_in, D, N)
            directions[(k, "b")] = np.ones((1, d, n))
        elif isinstance(layer, BatchNormalization):
            directions[(k, "gamma")] = layer.xn[0].T[None].copy()  # (1, D, N)
            directions[(k, "beta")] = np.ones((1, d, n))
    return ins, outs, directions


def _layer_gradient(net, ins, outs, k, directions, t, h):
    """Central differences for every entry of one parameter of layer ``k``, and which steps cross a kink."""
    A, D, N = directions.shape
    flat = np.zeros(A * D)
    crossed = np.zeros(A * D, dtype=bool)
    # An entry whose direction is all zero (a pixel blank in every image of the batch) leaves the
    # network bit for bit unchanged: its difference is exactly 0 and needs no pass.
    moving = np.flatnonzero(directions.any(axis=-1))
    for start in range(0, len(moving), CHUNK):
        e = moving[start : start + CHUNK]
        i, j = np.divmod(e, D)
        signs = np.repeat([1.0, -1.0], len(e))[:, None]  # (K, 1), K = 2 E
        i, j = np.tile(i, 2), np.tile(j, 2)
        column = outs[k][0][:, j].T + signs * h * directions[i, j]  # (K, N)
        loss, crossed[e] = _loss_from(net, ins, outs, k, j, column, t)
        flat[e] = (loss[: len(e)] - loss[len(e) :]) / (2 * h)
    return flat.reshape((1, A, D)), crossed.reshape((1, A, D))


def _loss_from(net, ins, outs, k, j, column, t):
    """Loss per copy (K,) when column ``j[c]`` of layer k's output is ``column[c]``, and per pair (K/2,)
    whether some ReLU input differs in sign between copy c (the + h step) and copy c + K/2 (the - h step)."""
    layers = net.layers
    half = len(j) // 2
    crossed = np.zeros(half, dtype=bool)

    def kinks(z):  # z: (K, ...) the inputs of one ReLU layer
        positive = (z > 0).reshape(len(z), -1)
        crossed[:] |= (positive[:half] != positive[half:]).any(axis=1)

    m = k + 1
    while m < len(layers) and isinstance(layers[m], PER_UNIT):
        if isinstance(layers[m], Relu):
            kinks(column)
        column = _per_unit(layers[m], column, j)
        m += 1
    if m < len(layers):  # an affine layer: its output moves by (change of input column j) x W[j, :]
        change = column - ins[m][0][:, j].T  # (K, N)
        z = outs[m] + change[:, :, None] * layers[m].params["W"][0][j][:, None, :]  # (K, N, D_out)
        for layer in layers[m + 1 :]:
            if isinstance(layer, Relu):
                kinks(z)
            z = layer.forward(z, train=True)
    else:
        z = np.repeat(outs[-1], len(j), axis=0)  # (K, N, C)
        z[np.arange(len(j)), :, j] = column
    return net.last_layer.forward(z, t), crossed


def _per_unit(layer, column, j):
    """A per-unit layer applied to column j[c] of copy c: (K, N) -> (K, N)."""
    if isinstance(layer, BatchNormalization):
        gamma = layer.params["gamma"][0, 0, j][:, None, None]  # (K, 1, 1)
        beta = layer.params["beta"][0, 0, j][:, None, None]
        norm = BatchNormalization(gamma, beta, eps=layer.eps)
        norm.update_running = False
        return norm.forward(column[:, :, None], train=True)[:, :, 0]
    return type(layer)().forward(column)
