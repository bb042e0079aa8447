"""What the three experiments of the optimizers page share: the six optimisers, the bowl and the
MNIST network's fan-in, declared once.

optimizer-paths descends the bowl, optimizer-compare trains on MNIST and optimizer-ranking does
both; none of the three owns these, so they live beside the packages rather than in one of them,
and each experiment's cache key follows this file (``generator.sources``). A module, not a
package: the registry lists packages only.
"""

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
"""The six optimisers, in the order of the metrics' optimizer axis (the engine's names)."""
LR_FIELDS = {name: f"lr_{name.lower()}" for name in OPTIMIZERS}
"""The Config field holding each optimiser's learning rate."""
INPUTS = 784
"""Pixels of an MNIST image: the first layer's fan-in."""


def f(x, y):
    """The bowl being minimised, f(x, y) = x²/20 + y² (book 6.1.3); its minimum is f(0, 0) = 0."""
    return x**2 / 20 + y**2


def gradient(x, y):
    """(∂f/∂x, ∂f/∂y) of the bowl."""
    return x / 10, 2 * y


def extra_hyperparameters(name: str, momentum: float | None = None, decay_rate: float | None = None) -> dict:
    """What optimiser ``name`` takes besides its learning rate: α for Momentum and Nesterov, the
    decay for RMSprop; one left as None, like Adam's β1 and β2, keeps the engine's default."""
    if name in ("Momentum", "Nesterov") and momentum is not None:
        return {"momentum": momentum}
    if name == "RMSprop" and decay_rate is not None:
        return {"decay_rate": decay_rate}
    return {}
