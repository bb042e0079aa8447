"""Paths of six optimisers on f(x, y) = x²/20 + y² (article section 0; book 6.1.7).

The bowl is twenty times steeper along y than along x, so the gradient at the start (-7, 2)
points mostly along y, not at the minimum (0, 0): plain SGD bounces from one side of the valley
to the other while Momentum, AdaGrad and Adam head for the minimum more directly (book:
``optimizer_compare_naive.py``). Nesterov and RMSprop, not in the book's figure, are added.

Nothing here is random. The path is computed once and repeated for every seed, so the metrics
keep the runner's leading seed axis while the seed picks nothing. Momentum and Nesterov use
momentum 0.9, RMSprop decay 0.99, Adam β1 = 0.9 and β2 = 0.999: the engine's (and the book's)
defaults.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import OPTIMIZERS as OPTIMIZER_CLASSES
from generator.engine import make_optimizer
from generator.experiments.base import Claim, Experiment, param

OPTIMIZERS = tuple(cls.name for cls in OPTIMIZER_CLASSES)  # SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam
BOOK_OTHERS = ("Momentum", "AdaGrad", "Adam")
"""The optimisers the book's figure sets beside SGD; the claims are about these."""


def f(x, y):
    """The function being minimised; its minimum is f(0, 0) = 0."""
    return x**2 / 20 + y**2


def gradient(x, y):
    """(∂f/∂x, ∂f/∂y)."""
    return x / 10, 2 * y


@dataclass(frozen=True)
class Config:
    start_x: float = param(-7.0, "x of the starting point (book: -7)")
    start_y: float = param(2.0, "y of the starting point (book: 2)")
    steps: int = param(30, "updates per optimiser (book: 30)", ge=2)
    lr_sgd: float = param(0.95, "SGD learning rate (book: 0.95)", gt=0)
    lr_momentum: float = param(0.1, "Momentum learning rate (book: 0.1)", gt=0)
    lr_nesterov: float = param(
        0.1,
        "Nesterov learning rate (not in the book's figure): Momentum's 0.1 with the same momentum 0.9, "
        "so the two paths differ only by Nesterov's look-ahead",
        gt=0,
    )
    lr_adagrad: float = param(1.5, "AdaGrad learning rate (book: 1.5)", gt=0)
    lr_rmsprop: float = param(
        0.15,
        "RMSprop learning rate (not in the book's figure): its first step is 10·lr per coordinate "
        "(the squares start at (1 - 0.99)·g²), so 0.15 makes it AdaGrad's 1.5 and the two differ "
        "only by RMSprop's forgetting",
        gt=0,
    )
    lr_adam: float = param(0.3, "Adam learning rate (book: 0.3)", gt=0)

    @property
    def learning_rates(self) -> tuple[float, ...]:
        """One learning rate per optimiser, in OPTIMIZERS order."""
        return (self.lr_sgd, self.lr_momentum, self.lr_nesterov, self.lr_adagrad, self.lr_rmsprop, self.lr_adam)


def descend(name: str, lr: float, config: Config) -> np.ndarray:
    """The points visited by one optimiser, start included: (steps + 1, 2)."""
    # one member, one number per coordinate, as the book's params['x'] and params['y']
    params = {"x": np.full((1, 1), config.start_x), "y": np.full((1, 1), config.start_y)}
    optimizer = make_optimizer(name, lr=lr)
    path = [(config.start_x, config.start_y)]
    for _ in range(config.steps):
        dx, dy = gradient(params["x"], params["y"])
        optimizer.update(params, {"x": dx, "y": dy})
        path.append((params["x"].item(), params["y"].item()))
    return np.array(path)


def y_reversals(paths) -> np.ndarray:
    """How many times the motion along y turns back, per path: (..., steps + 1, 2) -> (...)."""
    dy = np.diff(paths[..., 1], axis=-1)  # (..., steps)
    return (dy[..., 1:] * dy[..., :-1] < 0).sum(axis=-1)


def run(config: Config, data, seeds, progress=None):
    paths = np.stack([descend(name, lr, config) for name, lr in zip(OPTIMIZERS, config.learning_rates)])  # (O, steps + 1, 2)
    steps = np.diff(paths, axis=1)  # (O, steps, 2)
    per_optimizer = {
        "path": paths,
        "final_distance": np.linalg.norm(paths[:, -1], axis=-1),
        "final_value": f(paths[:, -1, 0], paths[:, -1, 1]),
        "path_length": np.linalg.norm(steps, axis=-1).sum(axis=-1),
        "y_reversals": y_reversals(paths),
    }
    if progress is not None:
        progress(1, 1)
    return {name: np.repeat(a[np.newaxis], len(seeds), axis=0) for name, a in per_optimizer.items()}  # (S, O, ...)


def of(metrics, name, optimizer):
    return metrics[name][:, OPTIMIZERS.index(optimizer)]


def closer_than_sgd(optimizer: str, ko_subject: str) -> Claim:
    return Claim(
        id=f"optimizer-paths-{optimizer.lower()}-closer",
        statement_ko=f"{ko_subject} 같은 30번의 갱신 뒤에 SGD보다 최솟값 (0, 0)에 더 가까이 있다.",
        statement_en=f"After the same 30 updates, {optimizer} ends closer to the minimum (0, 0) than SGD.",
        statistic=lambda m: of(m, "final_distance", "SGD") - of(m, "final_distance", optimizer),
        comparison=">",
        threshold=0.0,
        reason="'more directly' read as getting closer in the same number of steps; any margin counts",
        figure="fig-optimizer-paths",
    )


CLAIMS = (
    Claim(
        id="optimizer-paths-sgd-zigzag",
        statement_ko="SGD는 y 방향으로 거의 매번 되돌아가며 지그재그로 움직인다.",
        statement_en="SGD zig-zags: its motion along y turns back at nearly every step.",
        statistic=lambda m: of(m, "y_reversals", "SGD") / (m["path"].shape[2] - 2),
        comparison=">",
        threshold=0.9,
        reason="a zig-zag turns back at nearly every step: more than 9 of every 10 chances to",
        figure="fig-optimizer-paths",
        unit="%",
    ),
    Claim(
        id="optimizer-paths-others-turn-less",
        statement_ko="모멘텀, AdaGrad, Adam은 모두 SGD보다 y 방향으로 되돌아가는 횟수가 적다.",
        statement_en="Momentum, AdaGrad and Adam all turn back along y fewer times than SGD.",
        statistic=lambda m: of(m, "y_reversals", "SGD") - np.max([of(m, "y_reversals", o) for o in BOOK_OTHERS], axis=0),
        comparison=">",
        threshold=0.0,
        reason="'more directly' than a zig-zag: fewer reversals than SGD, by any count, for each of the three",
        figure="fig-optimizer-paths",
    ),
    closer_than_sgd("Momentum", "모멘텀은"),
    closer_than_sgd("AdaGrad", "AdaGrad는"),
    closer_than_sgd("Adam", "Adam은"),
)

EXPERIMENT = Experiment(
    id="optimizer-paths",
    section="optimizers",
    config=Config,
    presets={"book": Config(), "quick": Config(steps=5)},
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    uses_data=False,
    cost=0.1,
)
