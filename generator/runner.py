"""Run experiments with a content-addressed cache, then write results and claims.

A cache entry holds one seed of one experiment. Its key hashes the canonical JSON of the
experiment id, the config, the seed, the dataset checksum, the hash of every source file that
computes it (the engine, the experiment's modules) and the format version: never times, paths
or host names. Figures, templates and prose are not in the key, so restyling never retrains.
Entries carry a checksum of their own content; a damaged one is reported and recomputed.
"""

import hashlib
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.data import load_dataset
from generator.errors import UserError
from generator.experiments.base import Experiment, config_dict
from generator.fileio import canonical_json, write_text_atomic
from generator.records import decode_array, encode_array, sealed, unseal

FORMAT_VERSION = 1
PACKAGE_ROOT = Path(__file__).resolve().parent
ENGINE_MODULES = ("generator.errors", "generator.engine")


def module_files(name: str) -> list[Path]:
    """The source files of a module, or of every module in a package."""
    module = importlib.import_module(name)
    path = Path(module.__file__)
    if path.name == "__init__.py":
        return sorted(path.parent.rglob("*.py"))
    return [path]


def code_version(experiment: Experiment) -> str:
    """sha256 over the whole source files that compute ``experiment`` (paths relative to the package)."""
    files = sorted({p for name in (*ENGINE_MODULES, *experiment.sources) for p in module_files(name)})
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_key(experiment: Experiment, config, seed: int, dataset_sha256: str, version: str) -> str:
    payload = {
        "experiment": experiment.id,
        "config": config_dict(config),
        "seed": seed,
        "dataset": dataset_sha256,
        "code": version,
        "format": FORMAT_VERSION,
    }
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


class Cache:
    """One sealed JSON file per (experiment, seed) result, named by its key."""

    def __init__(self, root: Path, warn: Callable[[str], None]):
        self.root = Path(root)
        self.warn = warn

    def path(self, experiment_id: str, key: str) -> Path:
        return self.root / experiment_id / f"{key}.json"

    def get(self, experiment_id: str, key: str) -> dict | None:
        path = self.path(experiment_id, key)
        if not path.exists():
            return None
        try:
            entry = unseal(path)
            if entry.get("key") != key:
                raise UserError(f"{path}: holds the entry for another key")
            return {name: decode_array(a) for name, a in entry["metrics"].items()}
        except (UserError, KeyError, TypeError, ValueError) as error:
            self.warn(f"cache: {error}; recomputing")
            path.unlink(missing_ok=True)
            return None

    def put(self, experiment_id: str, key: str, seed: int, metrics: dict) -> None:
        entry = {"key": key, "experiment": experiment_id, "seed": seed, "metrics": {k: encode_array(v) for k, v in metrics.items()}}
        write_text_atomic(self.path(experiment_id, key), sealed(entry))


BLAS_THREADS = 1
"""OpenBLAS splits long inner products differently with 1 and 2 threads, which changes the last
bits of a float32 result; with one BLAS thread everywhere, a result is the same bytes on any
machine with the same BLAS kernel, here or on a Dask worker. Cores are used by running seed
groups side by side instead."""


def compute(experiment_id: str, config, dataset: str, seeds: Sequence[int], progress=None) -> dict:
    """Run one experiment for a group of seeds (stacked where the experiment can). Pure."""
    from threadpoolctl import threadpool_limits

    from generator.experiments import by_id

    experiment = by_id(experiment_id)
    data = load_dataset(dataset) if experiment.uses_data else None
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        metrics = experiment.run(config, data, tuple(seeds), progress=progress)
    for name, value in metrics.items():
        if np.shape(value)[:1] != (len(seeds),):
            raise AssertionError(f"{experiment_id}.{name}: first axis must be the {len(seeds)} seeds, got shape {np.shape(value)}")
    return metrics


@dataclass
class RunSummary:
    experiment: str
    seconds: float
    computed_seeds: list[int]
    cached_seeds: list[int]
    claims_held: int = 0
    claims_total: int = 0
    diverged: int = 0

    @property
    def status(self) -> str:
        if not self.computed_seeds:
            return "cached"
        return "run" if not self.cached_seeds else f"run {len(self.computed_seeds)}, cached {len(self.cached_seeds)}"


@dataclass
class Runner:
    results_dir: Path = Path("build/results")
    cache_dir: Path = Path("build/cache")
    dataset: str = "mnist-10k"
    use_cache: bool = True
    executor: object = None
    """Where seed groups run: None runs them here, one after another (generator.executors)."""
    warn: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr))
    progress_factory: Callable | None = None
    """progress_factory(experiment_id) -> (callback(done, total), close()), used when running here."""

    def __post_init__(self):
        self.results_dir, self.cache_dir = Path(self.results_dir), Path(self.cache_dir)

    def run(self, jobs: Iterable[tuple[Experiment, str, object]], seeds: Sequence[int]) -> list[RunSummary]:
        """Run each (experiment, preset name, config) for ``seeds`` and write its result file.

        Gathers first (cache look-ups), then computes every missing seed group (side by side
        when the executor allows), storing each group in the cache as soon as it finishes, so an
        interrupted run keeps what finished; result files are written last.
        """
        from generator.executors import InlineExecutor

        executor = self.executor or InlineExecutor(self.progress_factory)
        cache = Cache(self.cache_dir, self.warn)
        dataset = load_dataset(self.dataset)
        seeds = list(seeds)
        plans = []
        for experiment, preset, config in jobs:
            version = code_version(experiment)
            data_sha = dataset.sha256 if experiment.uses_data else "none"
            keys = {seed: cache_key(experiment, config, seed, data_sha, version) for seed in seeds}
            hits = {}
            if self.use_cache:
                for seed in seeds:
                    hit = cache.get(experiment.id, keys[seed])
                    if hit is not None:
                        hits[seed] = hit
            missing = [s for s in seeds if s not in hits]
            plans.append({"experiment": experiment, "preset": preset, "config": config, "version": version, "keys": keys, "per_seed": hits, "missing": missing, "seconds": 0.0})

        units = {}
        for plan in sorted(plans, key=lambda p: -p["experiment"].cost):  # longest first
            for group in executor.groups(plan["missing"]) if plan["missing"] else []:
                future = executor.submit(timed_compute, plan["experiment"].id, plan["config"], self.dataset, group)
                units[future] = (plan, group)
        for future in executor.as_completed(list(units)):
            plan, group = units[future]
            metrics, seconds = future.result()
            plan["seconds"] += seconds
            experiment = plan["experiment"]
            for i, seed in enumerate(group):
                one = {name: np.asarray(value)[i] for name, value in metrics.items()}
                cache.put(experiment.id, plan["keys"][seed], seed, one)
                plan["per_seed"][seed] = one

        return [self._write(plan, seeds, dataset) for plan in plans]

    def _write(self, plan, seeds, dataset) -> RunSummary:
        experiment, per_seed = plan["experiment"], plan["per_seed"]
        metrics = {name: np.stack([per_seed[s][name] for s in seeds]) for name in per_seed[seeds[0]]}
        document = {
            "format": FORMAT_VERSION,
            "experiment": experiment.id,
            "section": experiment.section,
            "preset": plan["preset"],
            "config": config_dict(plan["config"]),
            "seeds": seeds,
            "dataset": {"name": self.dataset, "sha256": dataset.sha256} if experiment.uses_data else None,
            "code_version": plan["version"],
            "cache_keys": [plan["keys"][s] for s in seeds],
            "metrics": {name: encode_array(value) for name, value in metrics.items()},
            "claims": [claim.evaluate(metrics) for claim in experiment.claims],
        }
        write_text_atomic(self.results_dir / f"{experiment.id}.json", sealed(document))
        held = sum(c["holds"] for c in document["claims"])
        diverged = int(np.sum(metrics["diverged_at"] >= 0)) if "diverged_at" in metrics else 0
        cached = [s for s in seeds if s not in plan["missing"]]
        return RunSummary(experiment.id, plan["seconds"], plan["missing"], cached, held, len(document["claims"]), diverged)


def timed_compute(experiment_id: str, config, dataset: str, seeds: Sequence[int], progress=None):
    """compute() and the seconds it took, measured where it ran."""
    started = time.perf_counter()
    metrics = compute(experiment_id, config, dataset, seeds, progress=progress)
    return metrics, time.perf_counter() - started


def write_claims(results_dir: Path) -> list[dict]:
    """Collect the claims of every result file in ``results_dir`` into claims.json."""
    from generator.experiments import EXPERIMENTS

    claims = []
    for experiment in EXPERIMENTS:
        path = Path(results_dir) / f"{experiment.id}.json"
        if not path.exists():
            continue
        document = unseal(path)
        for claim in document["claims"]:
            claims.append({"experiment": document["experiment"], "section": document["section"], "preset": document["preset"], **claim})
    write_text_atomic(Path(results_dir) / "claims.json", sealed({"format": FORMAT_VERSION, "claims": claims}))
    return claims


def environment() -> dict:
    """The software and processor that produced the results: no host names, no clocks."""
    import platform

    import matplotlib
    import threadpoolctl

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = [
        {"library": info.get("internal_api"), "version": info.get("version"), "kernel": info.get("architecture"), "threads": info.get("num_threads")}
        for info in threadpoolctl.threadpool_info()
        if info.get("user_api") == "blas"
    ]
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "blas": blas,
    }


def write_environment(results_dir: Path) -> None:
    write_text_atomic(Path(results_dir) / "environment.json", sealed({"format": FORMAT_VERSION, **environment()}))
