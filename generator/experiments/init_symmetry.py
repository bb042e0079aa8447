"""Equal initial weights keep every hidden unit identical (article section 1; book 6.2.1).

The book's two-layer network (784 -> 50 -> 10, sigmoid, SGD lr 0.1, batches of 100) trained for
300 mini-batches from three starts: all weights 0, all weights one constant, and the book's
0.01 x N(0, 1). A hidden unit is its incoming weights, its bias and its outgoing weights; units
that start equal see the same inputs and receive the same gradients, so they stay equal however
long they train. The three starts and every seed train as one stack.

Sigmoid rather than ReLU: with ReLU, all-zero weights give zero hidden outputs and a zero
gradient for the first layer, which then never moves at all; with sigmoid every unit outputs
0.5, the first layer does learn, and the units can be seen moving in lockstep.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, make_optimizer, member_streams, train
from generator.experiments.base import Claim, Experiment, param

VARIANTS = ("zero", "constant", "random")
SAME_TOL = 1e-6
"""Two units count as the same when no weight differs by more than this fraction of the largest |weight|."""


@dataclass(frozen=True)
class Config:
    hidden_size: int = param(50, "hidden units (book's TwoLayerNet: 50)", ge=2)
    activation: str = param("sigmoid", "hidden activation (book's TwoLayerNet: sigmoid)", choices=("sigmoid", "relu", "tanh"))
    lr: float = param(0.1, "SGD learning rate (book: 0.1)", gt=0)
    batch_size: int = param(100, "mini-batch size (book: 100)", ge=1)
    iterations: int = param(300, "mini-batch updates (the book's train_neuralnet.py runs 10000; symmetry shows from the start)", ge=1)
    constant: float = param(0.01, "the value of every weight in the constant start; 0.01 matches the random start's std", gt=0)
    random_std: float = param(0.01, "std of the random start (book's default weight_init_std: 0.01)", gt=0)
    trace_every: int = param(10, "iterations between two measurements of the units' spread", ge=1)
    precision: str = param(
        "float64",
        "floating-point type; float64 so that any roundoff difference between units stays near 1e-16",
        choices=("float32", "float64"),
    )

    @property
    def weight_inits(self) -> tuple:
        """The engine's weight_init of each variant, in VARIANTS order."""
        return ("zero", f"constant:{self.constant!r}", self.random_std)

    @property
    def trace_iterations(self) -> np.ndarray:
        """Iterations after which the spread is measured: 0 (the start), every trace_every, the last."""
        return np.unique(np.r_[np.arange(0, self.iterations, self.trace_every), self.iterations])


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


def of(metrics, name, variant):
    return metrics[name][:, VARIANTS.index(variant)]


def identical(variant: str, ko_start: str, en_start: str) -> Claim:
    return Claim(
        id=f"init-symmetry-{variant}-identical",
        statement_ko=f"가중치를 모두 {ko_start} 시작하면 학습이 끝난 뒤에도 은닉층 뉴런이 모두 똑같다.",
        statement_en=f"Started with every weight {en_start}, the hidden units are still all identical after training.",
        statistic=lambda m: of(m, "unit_spread", variant),
        comparison="<",
        threshold=SAME_TOL,
        reason="identical up to float64 roundoff: no weight differs between units by 1e-6 of the largest weight",
        figure="fig-init-symmetry-spread",
    )


CLAIMS = (
    identical("zero", "0으로", "0"),
    identical("constant", "같은 값으로", "equal to one constant"),
    Claim(
        id="init-symmetry-random-differ",
        statement_ko="가중치를 무작위로 시작하면 은닉층 뉴런들이 서로 다른 가중치를 갖는다.",
        statement_en="Started from random weights, the hidden units end up with different weights.",
        statistic=lambda m: of(m, "unit_spread", "random"),
        comparison=">",
        threshold=0.1,
        reason="clearly different: two units differ in some weight by a tenth of the largest weight or more",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-equal-one-unit",
        statement_ko="같은 값으로 시작한 네트워크에서는 은닉층 뉴런 전체가 사실상 뉴런 하나처럼 움직인다.",
        statement_en="In a network started from equal weights, all hidden units act as a single unit.",
        statistic=lambda m: np.maximum(of(m, "distinct_units", "zero"), of(m, "distinct_units", "constant")),
        comparison="<",
        threshold=1.5,
        reason="exactly one distinct unit in both equal starts",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-zero-still-updates",
        statement_ko="0으로 시작해도 첫 번째 층의 가중치는 갱신된다. 다만 모든 뉴런이 똑같이 갱신될 뿐이다.",
        statement_en="Started from zero, the first layer's weights do get updated, only every unit by the same amount.",
        statistic=lambda m: of(m, "w1_change", "zero"),
        comparison=">",
        threshold=1e-3,
        reason="moved by at least a tenth of the random start's std (0.01): learning, not standing still",
        figure="fig-init-symmetry-spread",
    ),
    Claim(
        id="init-symmetry-random-learns-more",
        statement_ko="무작위로 시작한 네트워크가 같은 값으로 시작한 네트워크보다 시험 정확도가 높다.",
        statement_en="The network started from random weights reaches a higher test accuracy than those started from equal weights.",
        statistic=lambda m: of(m, "test_acc", "random") - np.maximum(of(m, "test_acc", "zero"), of(m, "test_acc", "constant")),
        comparison=">",
        threshold=0.1,
        reason="one effective hidden unit should cost at least ten points of accuracy against fifty",
        figure="fig-init-symmetry-accuracy",
        unit="%",
    ),
)

EXPERIMENT = Experiment(
    id="init-symmetry",
    section="initialization",
    config=Config,
    presets={
        "book": Config(),
        "quick": Config(hidden_size=8, iterations=20, batch_size=50, trace_every=5),
    },
    run=run,
    claims=CLAIMS,
    sources=(__name__,),
    cost=1,
)
