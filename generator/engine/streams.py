"""Random streams per network: the same member draws the same numbers, stacked or alone."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MemberStreams:
    """Independent generators for one network: initial weights, mini-batches, dropout masks."""

    init: np.random.Generator
    batch: np.random.Generator
    dropout: np.random.Generator


def member_streams(seed: int, *key: int) -> MemberStreams:
    """Streams for the network identified by ``(seed, *key)``.

    The key (e.g. the index of a variant or a search trial) is a SeedSequence spawn key, so a
    member's numbers depend only on its own identity, never on which other networks are
    trained beside it.
    """
    root = np.random.SeedSequence(int(seed), spawn_key=tuple(int(k) for k in key))
    init, batch, dropout = (np.random.Generator(np.random.PCG64(s)) for s in root.spawn(3))
    return MemberStreams(init=init, batch=batch, dropout=dropout)
