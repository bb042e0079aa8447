"""Central-difference checks shared by the engine tests (float64, batch >= 4, random upstream gradient)."""

import numpy as np


def numeric(f, a, h=1e-5):
    """d f / d a by central differences, perturbing ``a`` in place one entry at a time."""
    g = np.zeros_like(a)
    for index in np.ndindex(a.shape):
        original = a[index]
        a[index] = original + h
        plus = f()
        a[index] = original - h
        minus = f()
        a[index] = original
        g[index] = (plus - minus) / (2 * h)
    return g


def relative_error(analytic, numerical):
    """Largest absolute difference over the largest magnitude: scale-free and strict."""
    scale = max(np.abs(analytic).max(), np.abs(numerical).max())
    return np.abs(analytic - numerical).max() / scale


def check_layer(layer, x, rng, h=1e-5):
    """Gradients of sum(forward(x) * G) w.r.t. x and every parameter: (name, error, analytic) rows."""
    G = rng.standard_normal(layer.forward(x, train=True).shape)

    def f():
        return float((layer.forward(x, train=True) * G).sum())

    layer.forward(x, train=True)
    G_before = G.copy()
    dx = layer.backward(G)
    assert np.array_equal(G, G_before), "backward must not write into dout"
    analytic = {"x": dx, **{k: v.copy() for k, v in layer.grads.items()}}
    numerical = {"x": numeric(f, x, h), **{k: numeric(f, p, h) for k, p in layer.params.items()}}
    return [(k, relative_error(analytic[k], numerical[k]), analytic[k]) for k in analytic]
