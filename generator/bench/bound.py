"""A shape-aware bound for a workload: its matrix products, each timed alone, summed.

The plain float32 peak is measured on large square products, which small and stacked products
never reach: a (100 x 784) @ (784 x 100) product per member runs well below it. The fair question
for the engine is how close a workload comes to the time its own products take when nothing
else runs. ``record_products`` counts every ``np.matmul`` a workload calls, by the operands'
shapes, dtype and layout (a transposed view is timed as a transposed view); ``product_seconds``
times each distinct product alone, best of repeated batches, under the same one BLAS thread;
their weighted sum is the bound. Work outside matrix products (activations, softmax, optimizer
updates, data gathering, Python) is what separates a workload from its bound.
"""

import contextlib
import math
import time
from collections import Counter

import numpy as np

Product = tuple
"""(shape of a, shape of b, a transposed, b transposed, dtype name)."""


def _transposed(a: np.ndarray) -> bool:
    """True when the last two axes are a transposed view (column-major in memory)."""
    return a.ndim >= 2 and not a.flags.c_contiguous and a.strides[-2] < a.strides[-1]


@contextlib.contextmanager
def record_products():
    """Count every ``np.matmul`` called inside the block; yields the Counter of products."""
    counts: Counter = Counter()
    original = np.matmul

    def counting(a, b, *args, **kwargs):
        a_, b_ = np.asarray(a), np.asarray(b)
        counts[(a_.shape, b_.shape, _transposed(a_), _transposed(b_), np.result_type(a_, b_).name)] += 1
        return original(a, b, *args, **kwargs)

    np.matmul = counting
    try:
        yield counts
    finally:
        np.matmul = original


def product_flops(product: Product) -> int:
    """2 · m · k · n for every matrix of a (possibly stacked, broadcast) product."""
    a, b = product[0], product[1]
    batch = np.broadcast_shapes(a[:-2], b[:-2])
    return 2 * a[-2] * a[-1] * b[-1] * math.prod(batch)


def _operand(shape, transposed: bool, dtype, rng) -> np.ndarray:
    if not transposed:
        return rng.standard_normal(shape).astype(dtype)
    swapped = (*shape[:-2], shape[-1], shape[-2])
    return np.swapaxes(rng.standard_normal(swapped).astype(dtype), -1, -2)


def product_seconds(product: Product, min_seconds: float = 0.05) -> float:
    """Best seconds of one such product alone (the caller sets the BLAS threads)."""
    a_shape, b_shape, a_t, b_t, dtype = product
    rng = np.random.default_rng(0)
    a, b = _operand(a_shape, a_t, dtype, rng), _operand(b_shape, b_t, dtype, rng)
    repeat = max(1, int(5e7 // max(product_flops(product), 1)))
    np.matmul(a, b)
    best, spent = math.inf, 0.0
    while spent < min_seconds or best == math.inf:
        started = time.perf_counter()
        for _ in range(repeat):
            np.matmul(a, b)
        elapsed = time.perf_counter() - started
        spent += elapsed
        best = min(best, elapsed / repeat)
    return best


def bound(counts: Counter, min_seconds: float = 0.05) -> dict:
    """The workload's products timed alone: total seconds, FLOPs and the rate they run at."""
    rows = []
    for product, count in counts.items():
        seconds = product_seconds(product, min_seconds)
        rows.append({"a": list(product[0]), "b": list(product[1]), "a_transposed": product[2], "b_transposed": product[3],
                     "dtype": product[4], "count": count, "seconds_each": seconds, "flops_each": product_flops(product)})
    rows.sort(key=lambda r: -r["count"] * r["seconds_each"])
    total = sum(r["count"] * r["seconds_each"] for r in rows)
    flops = sum(r["count"] * r["flops_each"] for r in rows)
    return {"seconds": total, "flops": flops, "gflops": flops / total / 1e9 if total else 0.0, "products": rows}
