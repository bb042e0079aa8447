"""Initial weights (book 6.2): constant, normal with a given std, Xavier, He."""

import math
from dataclasses import dataclass

import numpy as np

from generator.errors import UserError

WeightInit = str | float
"""A weight initialisation: "xavier", "he", "zero", "constant:<value>", or a std as a number."""


@dataclass(frozen=True)
class _Init:
    kind: str  # "xavier", "he", "normal" or "constant"
    value: float | None = None  # std for a fixed normal, the constant for "constant"


def parse_init(init: WeightInit, field: str = "weight_init") -> _Init:
    """Validate an initialisation given by name or by number."""
    if isinstance(init, bool):
        raise UserError(f"{field}: expected a name or a number, got {init!r}")
    if isinstance(init, (int, float)):
        std = float(init)
        if not math.isfinite(std) or std <= 0:
            raise UserError(f"{field}: a std must be a finite number > 0, got {init!r}")
        return _Init("normal", std)
    if isinstance(init, str):
        name = init.strip().lower()
        if name in ("xavier", "sigmoid"):
            return _Init("xavier")
        if name in ("he", "relu"):
            return _Init("he")
        if name == "zero":
            return _Init("constant", 0.0)
        if name.startswith("constant:"):
            try:
                value = float(name.split(":", 1)[1])
            except ValueError:
                raise UserError(f"{field}: bad constant in {init!r}") from None
            return _Init("constant", value)
    raise UserError(
        f"{field}: unknown initialisation {init!r}; use 'xavier', 'he', 'zero', "
        "'constant:<value>' or a std > 0"
    )


def init_std(init: WeightInit, n_in: int) -> float:
    """The std a normal initialisation uses for a layer with ``n_in`` inputs (0 for constants).

    Xavier: 1/sqrt(n_in) (Glorot & Bengio 2010, as simplified in the book); He: sqrt(2/n_in)
    (He et al. 2015, arXiv 1502.01852): ReLU zeroes half the signal, hence the factor 2.
    """
    spec = parse_init(init)
    if spec.kind == "xavier":
        return 1.0 / math.sqrt(n_in)
    if spec.kind == "he":
        return math.sqrt(2.0 / n_in)
    if spec.kind == "normal":
        return float(spec.value)
    return 0.0


def init_weight(rng: np.random.Generator, n_in: int, n_out: int, init: WeightInit, dtype) -> np.ndarray:
    """One (n_in, n_out) weight matrix.

    Normal draws are made in float64 and then cast, so float32 and float64 networks with the
    same seed start from the same weights up to rounding.
    """
    spec = parse_init(init)
    if spec.kind == "constant":
        return np.full((n_in, n_out), spec.value, dtype=dtype)
    return (init_std(init, n_in) * rng.standard_normal((n_in, n_out))).astype(dtype, copy=False)
