"""``make bench``: time each experiment's book workload three ways, and the default run, on this machine.

For every experiment, one seed of its ``book`` preset (``quick`` with ``quick=True``):

a. reference: the same workload written in the book's style (``generator.bench.reference``):
   float64, one network at a time;
b. alone: the engine, every member network trained as its own T = 1 stack, in the experiment's
   precision (``generator.bench.workloads``);
c. stacked: the experiment itself, ``runner.compute(id, config, "mnist-10k", [0])``.

Each is timed in a freshly spawned child process under the runner's one BLAS thread, so it starts
from the same state and its peak resident memory is its own (the interpreter and the data it was
sent, about 100 MiB, included). Then the default run: every experiment for ``seeds`` seeds through
``python -m generator run``, exactly as ``make results`` runs them (its worker processes, an empty
cache in a temporary folder), its wall time and peak memory. With the machine's float32 matmul
peak (1 and 2 BLAS threads, and the (128 x 784) @ (784 x 100) product of a training step) and each
workload's FLOP count (see ``workloads``), each rate is also given as a share of the peak. Prints
a table, writes ``build/bench.json``. A measurement, not a test: targets are reported, never
asserted.
"""

import contextlib
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np

from generator import workers
from generator.errors import UserError
from generator.fileio import write_text_atomic

OUT = Path("build") / "bench.json"
DATASET = "mnist-10k"
FORMAT_VERSION = 1
STACKED_TARGET_IDS = ("hyperparameter-search", "batchnorm-sweep")
"""Workloads that stack many networks: the 50%-of-peak target applies to these."""
TARGETS = {"speedup": 5.0, "stacked_peak_share": 0.5, "bound_share": 0.85, "default_memory_gib": 2.0}
MIN_BOUND_SECONDS = 0.05
"""Workloads whose products take less than this are mostly not matrix products; no bound target."""
MIB = 2**20


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def experiments(only=None):
    """The registered experiments that have a bench workload, in the registry's order; ``only`` filters by id."""
    from generator.experiments import EXPERIMENTS

    found = []
    for e in EXPERIMENTS:
        if e.bench:
            found.append(e)
        else:
            log(f"{e.id}: no benchmark workload; skipped")
    if only:
        known = {e.id for e in found}
        unknown = [i for i in only if i not in known]
        if unknown:
            raise UserError(f"--only: unknown id {unknown[0]!r}; valid ids: {', '.join(sorted(known))}")
        found = [e for e in found if e.id in only]
    return found


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB  # ru_maxrss is in KiB on Linux


def _child(fn, args, conn, record):
    from threadpoolctl import threadpool_limits

    from generator.bench.bound import record_products
    from generator.run.runner import BLAS_THREADS

    try:
        start_rss = _rss_mib()
        recording = record_products() if record else contextlib.nullcontext(None)
        with threadpool_limits(limits=BLAS_THREADS, user_api="blas"), np.errstate(all="ignore"), recording as products:
            started = time.perf_counter()
            fn(*args)
            seconds = time.perf_counter() - started
        outcome = {"seconds": seconds, "peak_rss_mib": _rss_mib(), "start_rss_mib": start_rss}  # start: before fn
        if record:
            outcome["products"] = dict(products)
        conn.send(outcome)
    except BaseException:
        conn.send({"error": traceback.format_exc()})
    finally:
        conn.close()


def timed(fn, *args, record: bool = False) -> dict:
    """Run fn(*args) in a fresh child under one BLAS thread: seconds and the child's peak RSS, and
    with ``record`` the count of every matrix product it made (wrapping costs about a
    microsecond per product, well under 1% of the smallest product timed here).

    The child is spawned (``generator.workers``), not forked from this process, which already runs
    BLAS threads: it imports what ``fn`` needs and receives ``args`` pickled, before the clock starts."""
    context = workers.context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(fn, args, send, record))
    process.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = {"error": f"child process ended with status {process.exitcode}"}
    process.join()
    if "error" in outcome:
        raise RuntimeError(f"bench: {getattr(fn, '__name__', fn)} failed:\n{outcome['error']}")
    return outcome


def matmul_gflops(m, k, n, dtype, threads, min_seconds) -> float:
    """Best rate of (m x k) @ (k x n) in ``dtype`` with ``threads`` BLAS threads, GFLOP/s."""
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    out = np.empty((m, n), dtype=dtype)
    flops = 2 * m * k * n
    repeat = max(1, int(2e8 // flops))  # time batches of small products, so the clock's resolution does not matter
    best, spent = math.inf, 0.0
    with threadpool_limits(limits=threads, user_api="blas"):
        np.matmul(a, b, out=out)
        while spent < min_seconds or best == math.inf:
            started = time.perf_counter()
            for _ in range(repeat):
                np.matmul(a, b, out=out)
            elapsed = time.perf_counter() - started
            spent += elapsed
            best = min(best, elapsed / repeat)
    return flops / best / 1e9


def peaks(quick: bool) -> dict:
    size, seconds = (512, 0.05) if quick else (2048, 1.0)
    return {
        "matrix_size": size,
        "float32_gflops_1_thread": matmul_gflops(size, size, size, np.float32, 1, seconds),
        "float32_gflops_2_threads": matmul_gflops(size, size, size, np.float32, 2, seconds),
        "float64_gflops_1_thread": matmul_gflops(size, size, size, np.float64, 1, seconds),
        "float32_gflops_128x784x100_1_thread": matmul_gflops(128, 784, 100, np.float32, 1, seconds),
    }


def shape_bound(products: dict, min_seconds: float) -> dict:
    """The bound of ``generator.bench.bound``, under the runner's one BLAS thread."""
    from threadpoolctl import threadpool_limits

    from generator.bench.bound import bound
    from generator.run.runner import BLAS_THREADS

    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        return bound(Counter(products), min_seconds)


def machine() -> dict:
    from generator.run.environment import environment
    from generator.run.runner import BLAS_THREADS

    return {
        **environment(),
        "blas_threads_timed": BLAS_THREADS,
        "openblas_env": {k: v for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS")},
        "load_average_start": list(os.getloadavg()),
    }


def _stacked(experiment_id: str, config):
    from generator.run.runner import compute

    compute(experiment_id, config, DATASET, [0])


def _tree_rss_mib(root: int) -> float:
    """Resident memory of process ``root`` and all its descendants, summed (Linux /proc)."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue  # ended while we looked
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = pages * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    return sum(rss.get(pid, 0) for pid in tree) / MIB


def default_run(only, seeds: int, preset: str) -> dict:
    """``python -m generator run`` for ``seeds`` seeds with an empty cache, as ``make results`` runs it.

    Wall time as a user sees it (interpreter start included); memory two ways: the largest
    single process (``ru_maxrss`` of the run and its worker processes) and the peak of the
    whole process tree's summed RSS, sampled every 0.1 s.
    """
    from generator.results import load_timings
    from generator.run.environment import available_cores

    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    jobs = available_cores()
    with tempfile.TemporaryDirectory(prefix="ch6-bench-") as tmp:
        command = [sys.executable, "-m", "generator", "run", "--preset", preset, "--seeds", str(seeds), "--dataset", DATASET,
                   "--jobs", str(jobs), "--results", str(Path(tmp) / "results"), "--cache", str(Path(tmp) / "cache"),
                   *(["--only", *only] if only else [])]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=tmp, env=env, stdout=subprocess.DEVNULL)  # cwd: its build/ lock stays in tmp
        tree_peak, status = 0.0, None
        while status is None:
            tree_peak = max(tree_peak, _tree_rss_mib(process.pid))
            pid, status_code, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = status_code
            else:
                time.sleep(0.1)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"bench: the default run failed with status {process.returncode}")
        timings = load_timings(Path(tmp) / "results")  # every seed computed: the cache was empty
    return {
        "seeds": seeds,
        "jobs": jobs,
        "wall_s": wall,
        "peak_rss_mib": usage.ru_maxrss * 1024 / MIB,  # the largest one process, children included
        "peak_tree_rss_mib": tree_peak,
        "experiment_s": {name: sum(entry["seconds"]) for name, entry in timings.items()},
    }


def measure(experiment, preset: str, data, peak: dict) -> dict:
    import importlib

    config = experiment.preset(preset)
    workload = importlib.import_module(experiment.bench)
    row = {"id": experiment.id, "networks": workload.members(config), "flops": workload.flops(config, data)}
    variants = (
        ("reference", workload.reference, (config, data, np.random.default_rng(0))),
        ("alone", workload.alone, (config, data)),
        ("stacked", _stacked, (experiment.id, config)),
    )
    for name, fn, args in variants:
        outcome = timed(fn, *args, record=name == "stacked")
        row[f"{name}_s"] = outcome["seconds"]
        row[f"{name}_peak_rss_mib"] = outcome["peak_rss_mib"]
        row["start_rss_mib"] = outcome["start_rss_mib"]
        log(f"{experiment.id}: {name} {outcome['seconds']:.2f} s, peak RSS {outcome['peak_rss_mib']:.0f} MiB")
        if outcome.get("products"):  # a workload without matrix products (the optimizer paths) has no bound
            row["bound"] = shape_bound(outcome["products"], min_seconds=0.01 if preset == "quick" else 0.05)
            row["stacked_bound_share"] = row["bound"]["seconds"] / outcome["seconds"]
            log(f"{experiment.id}: its matrix products alone take {row['bound']['seconds']:.2f} s "
                f"({100 * row['stacked_bound_share']:.0f}% of the stacked run)")
    row["alone_over_reference"] = row["alone_s"] / row["reference_s"]
    row["stacked_over_reference"] = row["stacked_s"] / row["reference_s"]
    row["speedup"] = row["reference_s"] / row["stacked_s"]
    for name, peak_key in (("reference", "float64_gflops_1_thread"), ("alone", "float32_gflops_1_thread"), ("stacked", "float32_gflops_1_thread")):
        row[f"{name}_gflops"] = row["flops"] / row[f"{name}_s"] / 1e9
        row[f"{name}_peak_share"] = row[f"{name}_gflops"] / peak[peak_key]
    return row


def targets(rows, totals, default) -> list[dict]:
    """The goals the engine is measured against; reported, never asserted."""
    found = [
        {
            "name": f"{row['id']}: stacked at least {TARGETS['speedup']:g}x faster than the reference",
            "value": row["speedup"],
            "threshold": TARGETS["speedup"],
            "met": row["speedup"] >= TARGETS["speedup"],
        }
        for row in rows
    ]
    found.append(
        {
            "name": f"default run ({default['seeds']} seeds) faster than one seed of the reference",
            "value": totals["reference_s"] / default["wall_s"],
            "threshold": 1.0,
            "met": default["wall_s"] < totals["reference_s"],
        }
    )
    for row in rows:
        if row["id"] in STACKED_TARGET_IDS:
            found.append(
                {
                    "name": f"{row['id']}: stacked at least {TARGETS['stacked_peak_share']:.0%} of the 1-thread float32 matmul peak",
                    "value": row["stacked_peak_share"],
                    "threshold": TARGETS["stacked_peak_share"],
                    "met": row["stacked_peak_share"] >= TARGETS["stacked_peak_share"],
                }
            )
    for row in rows:
        if row.get("bound") and row["bound"]["seconds"] >= MIN_BOUND_SECONDS:
            found.append(
                {
                    "name": f"{row['id']}: stacked at least {TARGETS['bound_share']:.0%} of its shape-aware bound (its products alone)",
                    "value": row["stacked_bound_share"],
                    "threshold": TARGETS["bound_share"],
                    "met": row["stacked_bound_share"] >= TARGETS["bound_share"],
                }
            )
    gib = max(default["peak_rss_mib"], default["peak_tree_rss_mib"]) / 1024
    found.append(
        {
            "name": f"default run peak memory below {TARGETS['default_memory_gib']:g} GiB",
            "value": gib,
            "threshold": TARGETS["default_memory_gib"],
            "met": gib < TARGETS["default_memory_gib"],
        }
    )
    return found


def table(report) -> str:
    """The printed summary: one row per experiment, totals, the default run and the targets."""
    head = ("experiment", "a ref s", "b alone s", "c stack s", "b/a", "c/a", "a/c", "c GFLOP/s", "c %peak", "bound s", "c %bound", "MiB a/b/c")
    rows = [head]
    for r in report["experiments"]:
        rows.append(
            (
                r["id"],
                f"{r['reference_s']:.2f}",
                f"{r['alone_s']:.2f}",
                f"{r['stacked_s']:.2f}",
                f"{r['alone_over_reference']:.2f}",
                f"{r['stacked_over_reference']:.3f}",
                f"{r['speedup']:.1f}",
                f"{r['stacked_gflops']:.1f}",
                f"{100 * r['stacked_peak_share']:.1f}",
                f"{r['bound']['seconds']:.2f}" if r.get("bound") else "",
                f"{100 * r['stacked_bound_share']:.1f}" if r.get("bound") and r["bound"]["seconds"] else "",
                f"{r['reference_peak_rss_mib']:.0f}/{r['alone_peak_rss_mib']:.0f}/{r['stacked_peak_rss_mib']:.0f}",
            )
        )
    t = report["totals"]
    rows.append(("total", f"{t['reference_s']:.2f}", f"{t['alone_s']:.2f}", f"{t['stacked_s']:.2f}", f"{t['alone_over_reference']:.2f}",
                 f"{t['stacked_over_reference']:.3f}", f"{t['speedup']:.1f}", "", "", "", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if j == 0 else cell.rjust(w) for j, (cell, w) in enumerate(zip(row, widths))).rstrip())
        if i == 0 or i == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    p, m, d = report["peak"], report["machine"], report["default_run"]
    blas = ", ".join(f"{b['library']} {b['version']} ({b['kernel']})" for b in m["blas"]) or "none found"
    lines += [
        f"preset {report['preset']}, one seed each; timed with {m['blas_threads_timed']} BLAS thread; {blas}; OPENBLAS_* {m['openblas_env'] or 'unset'}",
        f"float32 matmul peak {p['float32_gflops_1_thread']:.1f} GFLOP/s (1 thread), {p['float32_gflops_2_threads']:.1f} (2 threads); "
        f"(128x784)@(784x100) {p['float32_gflops_128x784x100_1_thread']:.1f}; float64 {p['float64_gflops_1_thread']:.1f} (1 thread)",
        f"default run: {d['seeds']} seeds, {d['jobs']} worker(s), {d['wall_s']:.1f} s wall; peak RSS {d['peak_rss_mib']:.0f} MiB "
        f"(largest process), {d['peak_tree_rss_mib']:.0f} MiB (all its processes); "
        f"one seed of the reference {t['reference_s']:.1f} s ({t['reference_s'] / d['wall_s']:.2f}x the default run's time)",
        f"load average {' '.join(f'{v:.2f}' for v in m['load_average_start'])} at the start, "
        f"{' '.join(f'{v:.2f}' for v in m['load_average_end'])} at the end, on {m['cores']} cores",
        "targets:",
        *(f"  [{'met' if g['met'] else 'MISSED'}] {g['name']}: {g['value']:.3g} (target {g['threshold']:g})" for g in report["targets"]),
    ]
    return "\n".join(lines)


def main(only=None, seeds: int = 5, quick: bool = False, out=OUT) -> int:
    """Measure, print the table, write ``out`` (build/bench.json). ``quick``: quick presets, tiny products."""
    from generator.data import load_dataset

    if seeds < 1:
        raise UserError(f"--seeds: must be >= 1, got {seeds}")
    preset = "quick" if quick else "book"
    found = experiments(only)
    report = {"format": FORMAT_VERSION, "preset": preset, "machine": machine()}
    log(f"load average {os.getloadavg()[0]:.2f}; measuring the matmul peak")
    report["peak"] = peaks(quick)
    data = load_dataset(DATASET)  # loaded before forking: no child times the loading
    rows = []
    for experiment in found:
        rows.append(measure(experiment, preset, data, report["peak"]))
    totals = {name: sum(r[name] for r in rows) for name in ("reference_s", "alone_s", "stacked_s", "flops")}
    totals["alone_over_reference"] = totals["alone_s"] / totals["reference_s"]
    totals["stacked_over_reference"] = totals["stacked_s"] / totals["reference_s"]
    totals["speedup"] = totals["reference_s"] / totals["stacked_s"]
    log(f"default run: {len(found)} experiments, {seeds} seeds, preset {preset}")
    default = default_run(only, seeds, preset)
    report["machine"]["load_average_end"] = list(os.getloadavg())
    report.update(experiments=rows, totals=totals, default_run=default, targets=targets(rows, totals, default))
    write_text_atomic(out, json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    print(table(report))
    print(f"wrote {out}")
    return 0
