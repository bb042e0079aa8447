"""Training many member networks a few at a time.

A member's numbers do not depend on what else shares its stack: it has its own streams, and every
product, reduction and update is per member (a test trains the same member alone and stacked and
compares bits). So how many members train together is a question of speed only, and a few at a
time are faster than many: each layer's activations, masks and gradients then stay in the
processor's cache. Measured on one core, one seed of the book preset: the batch-norm sweep's 16
networks of a variant in stacks of 4 took 6.9 s against 8.1 s as one stack; a search round of 50
trials in stacks of 5, 10.8 s against 12.5 s. Stacks of 1 are slower again (Python's per-step work).
"""

from collections.abc import Callable, Sequence

import numpy as np

STACK = 4
"""Members trained together."""


def in_stacks(members: Sequence, train_stack: Callable, progress=None, size: int = STACK) -> dict:
    """``train_stack(chunk, progress) -> {name: (len(chunk), ...) array}`` for consecutive chunks of
    ``members``, joined along the first axis. ``progress(epoch, total)`` sees the whole run's
    epochs, reaching ``total`` once, when the last stack finishes."""
    starts = range(0, len(members), size)

    def share(k):
        if progress is None:
            return None
        return lambda epoch, total: progress((k * total + epoch) // len(starts), total)

    outputs = [train_stack(members[start : start + size], share(k)) for k, start in enumerate(starts)]
    return {name: np.concatenate([np.asarray(o[name]) for o in outputs]) for name in outputs[0]}
