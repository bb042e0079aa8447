"""Parameter updates (book 6.1): SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam.

Every hyperparameter may be a number or one value per member (T,). ``update`` changes the
parameter arrays in place; ``active`` (T,) bool, when given, leaves the members marked False
untouched (a diverged network stays where it stopped).

Each rule computes its step into one scratch array per parameter with in-place NumPy operations,
so an update allocates nothing: with a hundred members a (784, 100) layer's step is 30 MB, and
allocating it and its temporaries on every iteration cost a fifth of a training run. The
per-member hyperparameters are shaped once per parameter and reused.
"""

import numpy as np

from generator.engine.layers import member_column
from generator.errors import UserError


def _per_member(value, p):
    """A hyperparameter shaped to broadcast against parameter ``p``, in ``p``'s dtype."""
    if np.ndim(value) == 0:
        return float(value)
    return member_column(value, p.ndim).astype(p.dtype)


class Optimizer:
    name = ""
    defaults: dict = {}

    def __init__(self, **hyper):
        unknown = set(hyper) - set(self.defaults)
        if unknown:
            raise UserError(f"{self.name}: unknown hyperparameters {sorted(unknown)}; it takes {sorted(self.defaults)}")
        if not np.all(np.asarray(hyper.get("lr", 1.0), dtype=float) > 0):
            raise UserError(f"{self.name}.lr: the learning rate must be > 0, got {hyper['lr']!r}")
        self.hyper = {**self.defaults, **hyper}
        self.state: dict = {}
        self.iteration = 0
        self._shaped: dict = {}

    def update(self, params: dict, grads: dict, active=None):
        self.iteration += 1
        inactive = None if active is None or np.all(active) else ~np.asarray(active, dtype=bool)
        for key, p in params.items():
            step = self.step(key, p, grads[key])
            if inactive is not None:
                np.copyto(step, 0, where=member_column(inactive, p.ndim))
            p -= step

    def h(self, name, p):
        """A hyperparameter broadcast against parameter ``p`` (shaped once, then reused)."""
        key = (name, p.ndim, p.dtype)
        if key not in self._shaped:
            self._shaped[key] = _per_member(self.hyper[name], p)
        return self._shaped[key]

    def slot(self, name, key, p):
        """Optimizer state of the same shape as ``p``, created as zeros on first use."""
        store = self.state.setdefault(name, {})
        if key not in store:
            store[key] = np.zeros_like(p)
        return store[key]

    def scratch(self, key, p):
        """The buffer a step is computed into: overwritten on every update, never state."""
        return self.slot("scratch", key, p)

    def step(self, key, p, g):
        """The amount to subtract from ``p`` this iteration, in ``scratch(key, p)``."""
        raise NotImplementedError


class SGD(Optimizer):
    """W <- W - lr * dW."""

    name = "SGD"
    defaults = {"lr": 0.01}

    def step(self, key, p, g):
        return np.multiply(g, self.h("lr", p), out=self.scratch(key, p))


class Momentum(Optimizer):
    """v <- momentum * v - lr * dW; W <- W + v (book eq. 6.3, 6.4)."""

    name = "Momentum"
    defaults = {"lr": 0.01, "momentum": 0.9}

    def step(self, key, p, g):
        v, s = self.slot("v", key, p), self.scratch(key, p)
        v *= self.h("momentum", p)
        v -= np.multiply(g, self.h("lr", p), out=s)
        return np.negative(v, out=s)


class Nesterov(Optimizer):
    """Nesterov's accelerated gradient in the book's form (common/optimizer.py; arXiv 1212.0901)."""

    name = "Nesterov"
    defaults = {"lr": 0.01, "momentum": 0.9}

    def step(self, key, p, g):
        v, s = self.slot("v", key, p), self.scratch(key, p)
        mu, lr = self.h("momentum", p), self.h("lr", p)
        lr_g = np.multiply(g, lr, out=s)
        v *= mu
        v -= lr_g
        lr_g *= 1 + mu
        lr_g -= v * (mu * mu)  # (1 + mu) lr g - mu² v
        return lr_g


class AdaGrad(Optimizer):
    """h <- h + dW * dW; W <- W - lr * dW / sqrt(h) (book eq. 6.5, 6.6)."""

    name = "AdaGrad"
    defaults = {"lr": 0.01}

    def step(self, key, p, g):
        h, s = self.slot("h", key, p), self.scratch(key, p)
        h += np.multiply(g, g, out=s)
        return _scaled_step(g, h, self.h("lr", p), s)


class RMSprop(Optimizer):
    """AdaGrad with an exponentially decaying sum of squares (Tieleman & Hinton 2012)."""

    name = "RMSprop"
    defaults = {"lr": 0.01, "decay_rate": 0.99}

    def step(self, key, p, g):
        h, s = self.slot("h", key, p), self.scratch(key, p)
        rho = self.h("decay_rate", p)
        h *= rho
        square = np.multiply(g, g, out=s)
        square *= 1 - rho
        h += square
        return _scaled_step(g, h, self.h("lr", p), s)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2014, arXiv 1412.6980), bias correction folded into the step size as in the book."""

    name = "Adam"
    defaults = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999}

    def step(self, key, p, g):
        m, v, s = self.slot("m", key, p), self.slot("v", key, p), self.scratch(key, p)
        b1, b2 = self.h("beta1", p), self.h("beta2", p)
        t = self.iteration
        lr_t = self.h("lr", p) * np.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        delta = np.subtract(g, m, out=s)
        delta *= 1 - b1
        m += delta  # m += (1 - b1)(g - m)
        delta = np.multiply(g, g, out=s)
        delta -= v
        delta *= 1 - b2
        v += delta  # v += (1 - b2)(g² - v)
        return _scaled_step(m, v, lr_t, s)


def _scaled_step(numerator, squares, lr, out):
    """lr · numerator / (sqrt(squares) + 1e-7), computed in ``out``."""
    denominator = np.sqrt(squares, out=out)
    denominator += 1e-7
    step = np.divide(numerator, denominator, out=out)
    step *= lr
    return step


OPTIMIZERS = (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)


def make_optimizer(name: str, **hyper) -> Optimizer:
    """An optimiser by its name (case-insensitive), e.g. ``make_optimizer("adam", lr=0.3)``."""
    by_name = {cls.name.lower(): cls for cls in OPTIMIZERS}
    try:
        cls = by_name[name.lower()]
    except KeyError:
        raise UserError(f"optimizer: unknown name {name!r}; choose one of {', '.join(c.name for c in OPTIMIZERS)}") from None
    return cls(**hyper)
