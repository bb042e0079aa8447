"""Training of the init-symmetry experiment: three starts and every seed as one stack, the units'
spread measured every ``trace_every`` updates."""

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.init_symmetry.config import SAME_TOL, VARIANTS, Config


def hidden_units(net: MultiLayerNet) -> np.ndarray:
    """Each hidden unit as one row: incoming weights, bias, outgoing weights, (T, H, D_in + 1 + D_out)."""
    W1, b1, W2 = net.params["W1"], net.params["b1"], net.params["W2"]
    return np.concatenate([np.swapaxes(W1, 1, 2), np.swapaxes(b1, 1, 2), W2], axis=2).astype(np.float64)


def unit_spread(units: np.ndarray) -> np.ndarray:
    """Largest difference between two units in any one weight, over the largest |weight|, per member (T,)."""
    scale = np.abs(units).max(axis=(1, 2))
    spread = (units.max(axis=1) - units.min(axis=1)).max(axis=1)
    return np.divide(spread, scale, out=np.zeros_like(spread), where=scale > 0)


def distinct_units(units: np.ndarray) -> np.ndarray:
    """How many units differ from every unit before them by more than SAME_TOL, per member (T,)."""
    counts = []
    for u in units:  # (H, F)
        tol = SAME_TOL * np.abs(u).max()
        apart = np.abs(u[:, None, :] - u[None, :, :]).max(axis=-1) > tol  # (H, H)
        counts.append(int(sum(apart[j, :j].all() for j in range(len(u)))))
    return np.array(counts)


def run(config: Config, data, seeds, progress=None):
    dtype = np.dtype(config.precision)
    x, t = data.x_train.astype(dtype), data.y_train
    streams = [member_streams(seed, v) for seed in seeds for v in range(len(VARIANTS))]  # (S * V)
    net = MultiLayerNet(
        784,
        (config.hidden_size,),
        10,
        streams=streams,
        activation=config.activation,
        weight_init=list(config.weight_inits) * len(seeds),
        dtype=dtype,
    )
    optimizer = make_optimizer("sgd", lr=config.lr)
    W1_start = net.params["W1"].copy()
    points = config.trace_iterations
    spreads, losses = [unit_spread(hidden_units(net))], []
    diverged_at = np.full(net.members, -1)
    # Batches are drawn from a fresh permutation in each stretch between two measurements.
    for done, (start, stop) in enumerate(zip(points[:-1], points[1:]), start=1):
        result = train(net, optimizer, x, t, streams=streams, batch_size=config.batch_size, iterations=int(stop - start))
        diverged_at = np.where((diverged_at < 0) & result.diverged, result.diverged_at + start, diverged_at)
        losses.append(result.loss)
        spreads.append(unit_spread(hidden_units(net)))
        if progress is not None:
            progress(done, len(points) - 1)
    units = hidden_units(net)
    shape = (len(seeds), len(VARIANTS))

    def per_variant(a):
        return np.asarray(a).reshape(shape + np.shape(a)[1:])  # (S, V, ...)

    return {
        "unit_spread": per_variant(spreads[-1]),
        "unit_spread_trace": per_variant(np.stack(spreads, axis=1)),
        "trace_iteration": np.tile(points, (len(seeds), 1)),
        "distinct_units": per_variant(distinct_units(units)),
        "w1_change": per_variant(np.abs(net.params["W1"] - W1_start).max(axis=(1, 2)).astype(np.float64)),
        "train_loss": per_variant(np.concatenate(losses, axis=1)),
        "test_acc": per_variant(net.accuracy(data.x_test.astype(dtype), data.y_test)),
        "diverged_at": per_variant(diverged_at),
    }
