"""Run experiments through the cache, then write their result files and the claims.

Gathers first (cache look-ups), then computes every missing seed group (side by side when the
executor allows), storing each group in the cache as soon as it finishes, so an interrupted run
keeps what finished; result files are written last (``generator.results`` owns their format).
"""

import heapq
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.data import load_dataset
from generator.experiments.base import Experiment, config_dict
from generator.results import DatasetRef, result_document, write_result, write_timings
from generator.run.cache import Cache, cache_key, code_version

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
    """Where seed groups run: None runs them here, one after another (generator.run.executors)."""
    warn: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr))
    display: object = None
    """What the run shows while it works (``generator.run.progress``); None shows nothing."""

    def __post_init__(self):
        self.results_dir, self.cache_dir = Path(self.results_dir), Path(self.cache_dir)

    def run(self, jobs: Iterable[tuple[Experiment, str, object]], seeds: Sequence[int]) -> list[RunSummary]:
        """Run each (experiment, preset name, config) for ``seeds`` and write its result file.

        Gathers first (cache look-ups), then computes every missing seed group (side by side
        when the executor allows), storing each group in the cache as soon as it finishes, so an
        interrupted run keeps what finished; result files are written last.
        """
        from generator.run.executors import InlineExecutor
        from generator.run.progress import RunDisplay, Work

        executor = self.executor or InlineExecutor()
        display = self.display or RunDisplay()
        cache = Cache(self.cache_dir, self.warn)
        dataset = load_dataset(self.dataset)
        seeds = list(seeds)
        plans = []
        for experiment, preset, config in jobs:
            version = code_version(experiment)
            data_sha = dataset.sha256 if experiment.uses_data else "none"
            keys = {seed: cache_key(experiment, config, seed, data_sha, version) for seed in seeds}
            hits, seconds = {}, {}
            if self.use_cache:
                for seed in seeds:
                    hit = cache.get(experiment.id, keys[seed])
                    if hit is not None:
                        hits[seed], seconds[seed] = hit
            missing = [s for s in seeds if s not in hits]
            plans.append({"experiment": experiment, "preset": preset, "config": config, "version": version, "keys": keys,
                          "per_seed": hits, "seed_seconds": seconds, "missing": missing, "seconds": 0.0})

        display.start([Work(p["experiment"].id, p["experiment"].cost, len(seeds), len(p["missing"])) for p in plans],
                      slots=executor.slots())
        slots = executor.slots()
        ready: list[_Task] = []
        for order, plan in enumerate(plans):
            experiment = plan["experiment"]
            if not plan["missing"]:
                continue
            if experiment.stages is not None:
                plan["parts"] = experiment.stages(plan["config"], slots)
                plan["outputs"] = {seed: [[None] * n for n in plan["parts"]] for seed in plan["missing"]}
                for seed in plan["missing"]:
                    ready += self._stage_tasks(plan, order, seed, 0)
            else:
                groups = [plan["missing"]] if not experiment.uses_seed else executor.groups(plan["missing"])
                ready += [_Task((-experiment.cost, 0, order, group[0], 0), plan, group) for group in groups]
        heapq.heapify(ready)  # the costliest work first, and a started seed's next stage before new seeds
        try:
            in_flight: dict = {}
            while ready or in_flight:
                while ready and len(in_flight) < slots:
                    task = heapq.heappop(ready)
                    in_flight[self._submit(executor, display, task)] = task
                for future in executor.wait_first(list(in_flight)):
                    task = in_flight.pop(future)
                    output, seconds = future.result()
                    plan = task.plan
                    plan["seconds"] += seconds
                    if task.stage is None:
                        self._store(cache, plan, task.seeds, output, seconds)
                        display.finished(plan["experiment"].id, len(task.seeds), seconds)
                    else:
                        for next_task in self._stage_done(cache, display, plan, task, output, seconds):
                            heapq.heappush(ready, next_task)
        finally:
            display.close()

        summaries = [self._write(plan, seeds, dataset) for plan in plans]
        write_timings(self.results_dir, {plan["experiment"].id: plan["seed_seconds"] for plan in plans})
        return summaries

    def _submit(self, executor, display, task):
        experiment_id = task.plan["experiment"].id
        if task.stage is None:
            display.queued(experiment_id, len(task.seeds))
            return executor.submit(timed_compute, experiment_id, task.plan["config"], self.dataset, task.seeds,
                                   progress=display.stepper(experiment_id))
        if task.stage == 0 and task.part == 0:
            display.queued(experiment_id, 1)
        (seed,) = task.seeds
        earlier = task.plan["outputs"][seed][: task.stage]
        return executor.submit(timed_part, experiment_id, task.plan["config"], self.dataset, seed, task.stage, task.part,
                               task.plan["parts"][task.stage], earlier)

    def _stage_tasks(self, plan, order, seed, stage) -> list["_Task"]:
        parts = plan["parts"][stage]
        return [_Task((-plan["experiment"].cost, -stage, order, seed, part), plan, [seed], stage, part) for part in range(parts)]

    def _stage_done(self, cache, display, plan, task, output, seconds) -> list["_Task"]:
        """Record one part; when its stage is complete, the next stage's tasks (or the seed's result)."""
        (seed,) = task.seeds
        outputs = plan["outputs"][seed]
        outputs[task.stage][task.part] = output
        plan.setdefault("part_seconds", {}).setdefault(seed, 0.0)
        plan["part_seconds"][seed] += seconds
        if any(o is None for o in outputs[task.stage]):
            return []
        if task.stage + 1 < len(outputs):
            order = task.priority[2]
            return self._stage_tasks(plan, order, seed, task.stage + 1)
        metrics = plan["experiment"].training().assemble(plan["config"], seed, outputs)
        self._store(cache, plan, [seed], {name: np.asarray(value)[np.newaxis] for name, value in metrics.items()},
                    plan["part_seconds"][seed])
        display.finished(plan["experiment"].id, 1, plan["part_seconds"][seed])
        return []

    def _store(self, cache, plan, group, metrics, seconds: float) -> None:
        """Keep a computed group, each seed with its share of the group's compute seconds."""
        experiment = plan["experiment"]
        for i, seed in enumerate(group):
            one = {name: np.asarray(value)[i] for name, value in metrics.items()}
            cache.put(experiment.id, plan["keys"][seed], seed, one, seconds / len(group))
            plan["per_seed"][seed] = one
            plan["seed_seconds"][seed] = seconds / len(group)

    def _write(self, plan, seeds, dataset) -> RunSummary:
        experiment, per_seed, config = plan["experiment"], plan["per_seed"], plan["config"]
        metrics = {name: np.stack([per_seed[s][name] for s in seeds]) for name in per_seed[seeds[0]]}
        claims = [claim.evaluate(metrics) for claim in experiment.claims]
        document = result_document(
            experiment,
            preset=plan["preset"],
            config=config_dict(config),
            seeds=seeds,
            dataset=DatasetRef(self.dataset, dataset.sha256, dataset.n_train, dataset.n_test) if experiment.uses_data else None,
            code_version=plan["version"],
            cache_keys=[plan["keys"][s] for s in seeds],
            metrics=metrics,
            axes=experiment.axes(config),
            claims=claims,
        )
        write_result(self.results_dir, document)
        held = sum(c["holds"] for c in claims)
        diverged = int(np.sum(metrics["diverged_at"] >= 0)) if "diverged_at" in metrics else 0
        cached = [s for s in seeds if s not in plan["missing"]]
        return RunSummary(experiment.id, plan["seconds"], plan["missing"], cached, held, len(claims), diverged)


def timed_compute(experiment_id: str, config, dataset: str, seeds: Sequence[int], progress=None):
    """compute() and the seconds it took, measured where it ran."""
    started = time.perf_counter()
    metrics = compute(experiment_id, config, dataset, seeds, progress=progress)
    return metrics, time.perf_counter() - started


def timed_part(experiment_id: str, config, dataset: str, seed: int, stage: int, part: int, parts: int, earlier):
    """One part of one stage of a staged experiment for one seed, and the seconds it took. Pure."""
    from threadpoolctl import threadpool_limits

    from generator.experiments import by_id

    started = time.perf_counter()
    experiment = by_id(experiment_id)
    data = load_dataset(dataset) if experiment.uses_data else None
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        output = experiment.training().run_part(config, data, seed, stage, part, parts, earlier)
    return output, time.perf_counter() - started


@dataclass(order=True)
class _Task:
    """A unit of work: a group of seeds, or one part of one stage of one seed (``stage`` set)."""

    priority: tuple
    plan: dict = field(compare=False)
    seeds: list = field(compare=False)
    stage: int | None = field(default=None, compare=False)
    part: int = field(default=0, compare=False)
