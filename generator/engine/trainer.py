"""Mini-batch training of T member networks in lockstep (book 4.5, common/trainer.py).

Epochs are counted in whole numbers: one epoch is ``N // batch_size`` iterations over a fresh
permutation of the training set, drawn from each member's own batch stream. (The book draws
batches with replacement and counts epochs with a float, which skips evaluations when the batch
size does not divide N.) Accuracy is measured before training (epoch 0) and after every epoch.

A member whose loss becomes NaN or infinite has diverged: its iteration is recorded, its
parameters are frozen, and its later losses and accuracies are NaN; the others go on.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from generator.engine.network import MultiLayerNet
from generator.engine.optimizers import Optimizer
from generator.engine.streams import MemberStreams
from generator.errors import UserError


@dataclass
class TrainResult:
    """What a training run records, per member (first axis T)."""

    loss: np.ndarray
    """Mini-batch loss at every iteration, (T, iterations); NaN after divergence."""
    accuracy: dict[str, np.ndarray] = field(default_factory=dict)
    """Accuracy on each evaluation set, (T, evaluations); NaN after divergence."""
    eval_epochs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """The epoch at which each evaluation was made (0 = before training)."""
    diverged_at: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Iteration (1-based) at which each member's loss stopped being finite; -1 if never."""
    iterations_per_epoch: int = 0

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0


def train(
    net: MultiLayerNet,
    optimizer: Optimizer,
    x: np.ndarray,
    t: np.ndarray,
    *,
    streams: Sequence[MemberStreams],
    batch_size: int,
    epochs: int | None = None,
    iterations: int | None = None,
    evaluate: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    on_epoch: Callable[[int, int], None] | None = None,
) -> TrainResult:
    """Train ``net`` on (x, t) for ``epochs`` (with evaluations) or ``iterations``.

    ``x`` (N, D) and integer labels ``t`` (N,) are shared by every member; each member draws its
    own mini-batches. ``evaluate`` maps a name to an evaluation set, measured at every epoch.
    ``on_epoch(done, total)`` reports progress.
    """
    n = len(x)
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n:
        raise UserError(f"batch_size: must be an integer in [1, {n}] (the training set size), got {batch_size!r}")
    if (epochs is None) == (iterations is None):
        raise UserError("train: give either epochs or iterations")
    per_epoch = n // batch_size
    total = epochs * per_epoch if epochs is not None else iterations
    if total < 1:
        raise UserError(f"epochs/iterations: must be >= 1, got {epochs if epochs is not None else iterations!r}")
    T = net.members
    if len(streams) != T:
        raise UserError(f"streams: expected {T} (one per member), got {len(streams)}")
    evaluate = dict(evaluate or {})
    n_evals = (epochs + 1) if epochs is not None else 0
    result = TrainResult(
        loss=np.full((T, total), np.nan),
        accuracy={name: np.full((T, n_evals), np.nan) for name in evaluate},
        eval_epochs=np.arange(n_evals),
        diverged_at=np.full(T, -1, dtype=np.int64),
        iterations_per_epoch=per_epoch,
    )
    alive = np.ones(T, dtype=bool)

    def record_accuracy(k):
        for name, (xe, te) in evaluate.items():
            acc = net.accuracy(xe, te)
            result.accuracy[name][:, k] = np.where(alive, acc, np.nan)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if n_evals:
            record_accuracy(0)
        order = None
        for it in range(total):
            slot = it % per_epoch
            if slot == 0:
                order = np.stack([s.batch.permutation(n) for s in streams])  # (T, N)
            index = order[:, slot * batch_size : (slot + 1) * batch_size]  # (T, B)
            loss, grads = net.gradient(x[index], t[index])
            finite = np.isfinite(loss)
            newly = alive & ~finite
            if newly.any():
                result.diverged_at[newly] = it + 1
                alive &= finite
            result.loss[:, it] = np.where(alive, loss, np.nan)
            optimizer.update(net.params, grads, active=alive)
            if slot == per_epoch - 1:
                epoch = (it + 1) // per_epoch
                if n_evals:
                    record_accuracy(epoch)
                if on_epoch is not None:
                    on_epoch(epoch, total // per_epoch)
    return result
