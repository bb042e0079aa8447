"""Gradient check of a batch-norm network, every entry (article section 2; book 6.3, 5.7.3).

The book checks backpropagation through batch norm on a batch of ONE image. Batch norm then
subtracts a sample from itself: every normalised value is 0, and every gradient of the network
but the last bias is exactly zero, so the check compares zeros with zeros. Here the same
[784, 100, 100, 10] network is checked on a batch of several images, in float64, for all of its
90,010 parameter entries (central differences, vectorised in ``generator.gradcheck``), and the
batch of one is measured too, to show what it leaves unchecked.

Seeds are checked one after another: the member axis already carries the perturbed copies.
"""

from dataclasses import dataclass

import numpy as np

from generator.engine import MultiLayerNet, member_streams
from generator.experiments.base import Claim, Experiment, param
from generator.gradcheck import numerical_gradient

NONZERO_TOL = 1e-10
"""An entry counts as non-zero above this fraction of the network's largest gradient entry
(float64 roundoff leaves residues near 1e-16 of it where the exact gradient is 0)."""


@dataclass(frozen=True)
class Config:
    hidden_sizes: tuple[int, ...] = param((100, 100), "units per hidden layer (book: [100, 100])", ge=1, min_len=1)
    batch_size: int = param(
        10, "images in the checked batch; the book uses 1, where batch norm zeroes almost every gradient", ge=2
    )
    h: float = param(1e-5, "step of the central differences (book: 1e-4; float64 allows less, further from ReLU's kink)", gt=0, lt=0.1)
    h_small: float = param(
        1e-6,
        "a second, smaller step, a diagnostic only: an error that falls with the step is a ReLU input pushed "
        "across its kink at 0; an error that stays is a wrong derivative",
        gt=0,
        lt=0.1,
    )

    @property
    def param_names(self) -> tuple[str, ...]:
        """Parameter names in network order: the P axis of every metric."""
        return param_names(len(self.hidden_sizes))


def param_names(hidden_layers: int) -> tuple[str, ...]:
    names = [f"{p}{i}" for i in range(1, hidden_layers + 1) for p in ("W", "b", "gamma", "beta")]
    return (*names, f"W{hidden_layers + 1}", f"b{hidden_layers + 1}")


def biases_before_norm(hidden_layers: int) -> tuple[str, ...]:
    """Biases followed by batch norm, which subtracts the batch mean: their gradient is exactly 0."""
    return tuple(f"b{i}" for i in range(1, hidden_layers + 1))


def build(config: Config, seed: int) -> MultiLayerNet:
    return MultiLayerNet(
        784,
        config.hidden_sizes,
        10,
        streams=[member_streams(seed)],
        activation="relu",
        weight_init="he",
        batch_norm=True,
        dtype=np.float64,
    )


def run(config: Config, data, seeds, progress=None):
    names = config.param_names
    rows = []
    for done, seed in enumerate(seeds, start=1):
        net = build(config, seed)
        pick = member_streams(seed).batch.choice(len(data.x_train), config.batch_size, replace=False)
        x, t = data.x_train[pick].astype(np.float64), data.y_train[pick]
        _, analytic = net.gradient(x[:1], t[:1])  # the book's batch of one
        single = _nonzero([analytic[n] for n in names])
        _, analytic = net.gradient(x, t)
        numerical = numerical_gradient(net, x, t, h=config.h)
        a, n = [analytic[k][0] for k in names], [numerical[k][0] for k in names]
        smaller = numerical_gradient(net, x, t, h=config.h_small)
        rows.append(
            {
                "entries": np.array([p.size for p in a]),
                "max_abs_diff": np.array([np.abs(p - q).max() for p, q in zip(a, n)]),
                "max_rel_error": np.array([_relative_error(p, q) for p, q in zip(a, n)]),
                "max_rel_error_small_h": np.array([_relative_error(p, smaller[k][0]) for p, k in zip(a, names)]),
                "max_abs_analytic": np.array([np.abs(p).max() for p in a]),
                "max_abs_numerical": np.array([np.abs(q).max() for q in n]),
                "nonzero_frac": _nonzero(a),
                "nonzero_frac_batch1": single,
            }
        )
        if progress is not None:
            progress(done, len(seeds))
    metrics = {key: np.stack([row[key] for row in rows]) for key in rows[0]}  # (S, P) each
    metrics["worst_rel_error_small_h"] = worst_error(metrics, "max_rel_error_small_h")  # (S,)
    return metrics


def _relative_error(analytic, numerical):
    """max |a - n| over max(max |a|, max |n|): one scale per parameter, strict for small entries."""
    scale = max(np.abs(analytic).max(), np.abs(numerical).max())
    return np.abs(analytic - numerical).max() / scale if scale > 0 else 0.0


def _nonzero(grads):
    """Fraction of entries of each gradient above NONZERO_TOL times the network's largest entry."""
    largest = max(np.abs(g).max() for g in grads)
    return np.array([(np.abs(g) > NONZERO_TOL * largest).mean() for g in grads])


def _split(metrics):
    """Indices on the P axis of the parameters that have a gradient, and of the biases before batch norm."""
    hidden_layers = (metrics["entries"].shape[1] - 2) // 4
    zero = biases_before_norm(hidden_layers)
    names = param_names(hidden_layers)
    return [k for k, n in enumerate(names) if n not in zero], [k for k, n in enumerate(names) if n in zero]


def worst_error(metrics, name="max_rel_error"):
    """Largest relative error over the parameters that have a gradient, per seed (S,)."""
    checked, _ = _split(metrics)
    return metrics[name][:, checked].max(axis=1)


def bias_before_norm(metrics):
    """Largest |gradient| of a bias before batch norm, analytic or numerical, over the network's largest (S,)."""
    _, zero = _split(metrics)
    largest = np.maximum(metrics["max_abs_analytic"][:, zero], metrics["max_abs_numerical"][:, zero]).max(axis=1)
    return largest / metrics["max_abs_analytic"].max(axis=1)


def overall_nonzero(metrics, key):
    """Fraction of all parameter entries with a non-zero analytic gradient (S,)."""
    entries = metrics["entries"]
    return (metrics[key] * entries).sum(axis=1) / entries.sum(axis=1)


def least_nonzero(metrics):
    """Smallest per-parameter non-zero fraction among the parameters that have a gradient (S,)."""
    checked, _ = _split(metrics)
    return metrics["nonzero_frac"][:, checked].min(axis=1)


CLAIMS = (
    Claim(
        id="batchnorm-gradcheck-agree",
        statement_ko="배치 정규화 계층을 포함한 신경망에서도 오차역전파법으로 구한 기울기는 수치 미분과 일치한다.",
        statement_en="Backpropagation through batch normalisation gives the same gradients as numerical differentiation.",
        statistic=worst_error,
        comparison="<",
        threshold=1e-6,
        reason="float64 central differences are good to ~1e-9; a wrong backward formula errs by 1e-2 or more",
        figure="fig-batchnorm-gradcheck-errors",
    ),
    Claim(
        id="batchnorm-gradcheck-bias-zero",
        statement_ko="배치 정규화 바로 앞의 편향은 기울기가 0이다. 평균을 빼는 순간 편향의 효과가 사라지기 때문이며, 역전파와 수치 미분 모두 0을 준다.",
        statement_en="A bias right before batch normalisation has zero gradient, both ways: subtracting the batch mean cancels it.",
        statistic=bias_before_norm,
        comparison="<",
        threshold=1e-8,
        reason="exact zero up to float64 roundoff (~1e-11 after dividing by 2h); a real gradient is ~1e-2 of the largest",
        figure="fig-batchnorm-gradcheck-errors",
    ),
    Claim(
        id="batchnorm-gradcheck-batch-nonzero",
        statement_ko="여러 장의 배치로 확인하면 기울기가 있어야 할 매개변수마다 실제로 0이 아닌 값을 비교하게 된다.",
        statement_en="With a batch of several images, every parameter that should have a gradient has non-zero entries to compare.",
        statistic=least_nonzero,
        comparison=">",
        threshold=0.25,
        reason="at least a quarter of each parameter's entries; W1's rows for pixels blank in every image are zero by nature",
        figure="fig-batchnorm-gradcheck-nonzero",
        unit="%",
    ),
    Claim(
        id="batchnorm-gradcheck-batch1-zero",
        statement_ko="책처럼 이미지 한 장으로 확인하면 배치 정규화 신경망의 기울기는 거의 전부 0이어서, 확인이 아무것도 검증하지 못한다.",
        statement_en="Checked on a single image as in the book, almost every gradient of the batch-norm network is zero, so the check verifies nothing.",
        statistic=lambda m: overall_nonzero(m, "nonzero_frac_batch1"),
        comparison="<",
        threshold=1e-3,
        reason="'almost every': fewer than one entry in a thousand is non-zero",
        figure="fig-batchnorm-gradcheck-nonzero",
        unit="%",
    ),
)

EXPERIMENT = Experiment(
    id="batchnorm-gradcheck",
    section="batch-norm",
    config=Config,
    presets={"book": Config(), "quick": Config(hidden_sizes=(8, 8), batch_size=4)},
    run=run,
    claims=CLAIMS,
    sources=(__name__, "generator.gradcheck"),
    cost=2,
)
