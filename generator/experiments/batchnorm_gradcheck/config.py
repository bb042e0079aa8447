"""Configuration of the batch-norm gradient check (book: ch06/batch_norm_gradient_check.py) and the
names of the checked parameters, the P axis of every metric."""

from dataclasses import dataclass

from generator.experiments.base import param


def param_names(hidden_layers: int) -> tuple[str, ...]:
    """Parameter names in network order: W, b, gamma, beta of each hidden layer, then the output layer's W, b."""
    names = [f"{p}{i}" for i in range(1, hidden_layers + 1) for p in ("W", "b", "gamma", "beta")]
    return (*names, f"W{hidden_layers + 1}", f"b{hidden_layers + 1}")


def biases_before_norm(hidden_layers: int) -> tuple[str, ...]:
    """Biases followed by batch norm, which subtracts the batch mean: their gradient is exactly 0."""
    return tuple(f"b{i}" for i in range(1, hidden_layers + 1))


def checked_indices(hidden_layers: int) -> list[int]:
    """Positions on the P axis of the parameters that have a gradient (all but the biases before batch norm)."""
    zero = biases_before_norm(hidden_layers)
    return [k for k, name in enumerate(param_names(hidden_layers)) if name not in zero]


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100, 100), "units per hidden layer (book: [100, 100])", ge=1, min_len=1)
    batch_size: int = param(
        10, "images in the checked batch; the book uses 1, where batch norm zeroes almost every gradient", ge=2
    )
    h: float = param(1e-5, "step of the central differences (book: 1e-4; float64 allows less, further from ReLU's kink)", gt=0, lt=0.1)
    h_small: float = param(
        1e-6,
        "a second, smaller step for the same check, so that agreement does not hinge on one step; fewer of its "
        "steps push a ReLU input across the kink at 0",
        gt=0,
        lt=0.1,
    )

    @property
    def param_names(self) -> tuple[str, ...]:
        """Parameter names in network order: the P axis of every metric."""
        return param_names(len(self.hidden_sizes))


PRESETS = {"book": Config(), "quick": Config(hidden_sizes=(8, 8), batch_size=4)}
