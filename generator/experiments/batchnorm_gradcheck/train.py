"""The gradient check itself: backpropagation against central differences for every parameter entry.

Seeds are checked one after another: the member axis already carries the perturbed copies
(``generator.engine.gradcheck``). Each step's entries are split by whether they cross a ReLU
kink (some ReLU input changes sign between p + h and p - h): the errors are recorded over the
entries that cross none, where the loss is smooth along the step and a central difference is a
derivative, and over all entries, the worst case; the crossings are counted.
"""

import numpy as np

from generator.engine import MultiLayerNet, member_streams
from generator.engine.gradcheck import central_differences
from generator.experiments.batchnorm_gradcheck.config import Config

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
        a = [analytic[k][0] for k in names]
        row = {
            "entries": np.array([p.size for p in a]),
            "max_abs_analytic": np.array([np.abs(p).max() for p in a]),
            "nonzero_frac": _nonzero(a),
            "nonzero_frac_batch1": single,
        }
        for suffix, h in (("", config.h), ("_small_h", config.h_small)):
            numerical = central_differences(net, x, t, h=h)
            n = [numerical.gradient[k][0] for k in names]
            kink = [numerical.crosses_kink[k][0] for k in names]
            row[f"max_rel_error{suffix}"] = np.array([_relative_error(p, q) for p, q in zip(a, n)])
            row[f"max_rel_error_smooth{suffix}"] = np.array([_relative_error(p, q, ~c) for p, q, c in zip(a, n, kink)])
            row[f"kink_entries{suffix}"] = np.array([c.sum() for c in kink])
            if not suffix:
                row["max_abs_diff"] = np.array([np.abs(p - q).max() for p, q in zip(a, n)])
                row["max_abs_numerical"] = np.array([np.abs(q).max() for q in n])
        rows.append(row)
        if progress is not None:
            progress(done, len(seeds))
    return {key: np.stack([row[key] for row in rows]) for key in rows[0]}  # (S, P) each


def _relative_error(analytic, numerical, where=None):
    """max |a - n| over max(max |a|, max |n|), over the entries ``where`` (default all): one scale per
    parameter, strict for small entries. The scale takes every analytic entry but only the numerical
    entries compared, so a difference across a kink cannot inflate it."""
    where = np.ones(analytic.shape, dtype=bool) if where is None else where
    if not where.any():
        return 0.0
    scale = max(np.abs(analytic).max(), np.abs(numerical[where]).max())
    return np.abs(analytic - numerical)[where].max() / scale if scale > 0 else 0.0


def _nonzero(grads):
    """Fraction of entries of each gradient above NONZERO_TOL times the network's largest entry."""
    largest = max(np.abs(g).max() for g in grads)
    return np.array([(np.abs(g) > NONZERO_TOL * largest).mean() for g in grads])
