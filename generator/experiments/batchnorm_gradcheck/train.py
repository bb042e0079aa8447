"""The gradient check itself: backpropagation against central differences for every parameter entry.

Seeds are checked one after another: the member axis already carries the perturbed copies
(``generator.engine.gradcheck``).
"""

import numpy as np

from generator.engine import MultiLayerNet, member_streams
from generator.engine.gradcheck import numerical_gradient
from generator.experiments.batchnorm_gradcheck.config import Config, checked_indices

NONZERO_TOL = 1e-10
"""An entry counts as non-zero above this fraction of the network's largest gradient entry
(float64 roundoff leaves residues near 1e-16 of it where the exact gradient is 0)."""


def build(config: Config, seed: int) -> MultiLayerNet:
    """The checked network: the book's [784, hidden..., 10] with batch norm and ReLU, in float64."""
    return MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=[member_streams(seed)],
        activation="relu",
        weight_init="he",
        batch_norm=True,
        dtype=np.float64,
    )


def run(config: Config, data, seeds, progress=None):
    names = config.param_names
    rows = []
    for done, seed in enumerate(seeds, start=1):
        net = build(config, seed)
        pick = member_streams(seed).batch.choice(len(data.x_train), config.batch_size, replace=False)
        x, t = data.x_train[pick].astype(np.float64), data.y_train[pick]
        _, analytic = net.gradient(x[:1], t[:1])  # the book's batch of one
        single = _nonzero([analytic[n] for n in names])
        _, analytic = net.gradient(x, t)
        numerical = numerical_gradient(net, x, t, h=config.h)
        a, n = [analytic[k][0] for k in names], [numerical[k][0] for k in names]
        smaller = numerical_gradient(net, x, t, h=config.h_small)
        rows.append(
            {
                "entries": np.array([p.size for p in a]),
                "max_abs_diff": np.array([np.abs(p - q).max() for p, q in zip(a, n)]),
                "max_rel_error": np.array([_relative_error(p, q) for p, q in zip(a, n)]),
                "max_rel_error_small_h": np.array([_relative_error(p, smaller[k][0]) for p, k in zip(a, names)]),
                "max_abs_analytic": np.array([np.abs(p).max() for p in a]),
                "max_abs_numerical": np.array([np.abs(q).max() for q in n]),
                "nonzero_frac": _nonzero(a),
                "nonzero_frac_batch1": single,
            }
        )
        if progress is not None:
            progress(done, len(seeds))
    metrics = {key: np.stack([row[key] for row in rows]) for key in rows[0]}  # (S, P) each
    checked = checked_indices(len(config.hidden_sizes))
    metrics["worst_rel_error_small_h"] = metrics["max_rel_error_small_h"][:, checked].max(axis=1)  # (S,)
    return metrics


def _relative_error(analytic, numerical):
    """max |a - n| over max(max |a|, max |n|): one scale per parameter, strict for small entries."""
    scale = max(np.abs(analytic).max(), np.abs(numerical).max())
    return np.abs(analytic - numerical).max() / scale if scale > 0 else 0.0


def _nonzero(grads):
    """Fraction of entries of each gradient above NONZERO_TOL times the network's largest entry."""
    largest = max(np.abs(g).max() for g in grads)
    return np.array([(np.abs(g) > NONZERO_TOL * largest).mean() for g in grads])
