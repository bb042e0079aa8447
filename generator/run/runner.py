"""Run experiments through the cache, then write their result files, the claims and the timings.

Gathers first (cache look-ups), then computes every missing seed group (side by side when the
executor allows), storing each group in the cache as soon as it finishes, so an interrupted run
keeps what finished; result files are written last (``generator.results`` owns their format),
then claims.json from the documents in hand and timings.json, the one record of compute seconds.
Each experiment's work is a ``Plan``: frozen what-and-keys, with what has been gathered so far.
"""

import heapq
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.data import load_dataset
from generator.experiments.base import Experiment, config_dict
from generator.results import DatasetRef, result_document, write_claims, write_result, write_timings
from generator.run.cache import Cache, cache_key, code_version

BLAS_THREADS = 1
"""OpenBLAS splits long inner products differently with 1 and 2 threads, which changes the last
bits of a float32 result; with one BLAS thread everywhere, a result is the same bytes on any
machine with the same BLAS kernel, here or on a Dask worker. Cores are used by running seed
groups side by side instead."""


@contextmanager
def _prepared(experiment_id: str, dataset: str):
    """The experiment and the data it reads, with one BLAS thread while the block runs: the setup
    that ``compute`` and ``timed_part`` share, wherever they run."""
    from threadpoolctl import threadpool_limits

    from generator.experiments import by_id

    experiment = by_id(experiment_id)
    data = load_dataset(dataset) if experiment.uses_data else None
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        yield experiment, data


def compute(experiment_id: str, config, dataset: str, seeds: Sequence[int], progress=None) -> dict:
    """Run one experiment for a group of seeds (stacked where the experiment can). Pure."""
    with _prepared(experiment_id, dataset) as (experiment, data):
        metrics = experiment.run(config, data, tuple(seeds), progress=progress)
    for name, value in metrics.items():
        if np.shape(value)[:1] != (len(seeds),):
            raise AssertionError(f"{experiment_id}.{name}: first axis must be the {len(seeds)} seeds, got shape {np.shape(value)}")
    return metrics


@dataclass
class Gathered:
    """What one experiment of a run has so far; filled from the cache, then as its work finishes."""

    metrics: dict[int, dict] = field(default_factory=dict)
    """Each seed's metrics, cached or computed."""
    seed_seconds: dict[int, float | None] = field(default_factory=dict)
    """Each seed's compute seconds, as measured when it was computed (None if never measured)."""
    seconds: float = 0.0
    """Compute seconds spent in this run."""
    outputs: dict[int, list[list]] = field(default_factory=dict)
    """A staged experiment's outputs so far: by seed, stage and part (None until it finishes)."""
    part_seconds: dict[int, float] = field(default_factory=dict)
    """A staged experiment's compute seconds so far, by seed."""


@dataclass(frozen=True)
class Plan:
    """One experiment of a run: what computes it, the key of each seed, and which seeds are missing."""

    order: int
    """Position in the run, to break ties between equally costly work."""
    experiment: Experiment
    preset: str
    config: object
    version: str
    """``code_version`` of the experiment: the hash of the source files that compute it."""
    keys: Mapping[int, str]
    """The cache key of each seed."""
    missing: tuple[int, ...]
    """Seeds the cache does not hold, to compute."""
    parts: tuple[int, ...] = ()
    """A staged experiment's parts per stage, given the executor's slots; () when not staged."""
    gathered: Gathered = field(default_factory=Gathered, compare=False)


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
    claims: list[dict] = field(default_factory=list, init=False)
    """After ``run``: what it wrote to claims.json, every experiment's claims in registry order."""

    def __post_init__(self):
        self.results_dir, self.cache_dir = Path(self.results_dir), Path(self.cache_dir)

    def run(self, jobs: Iterable[tuple[Experiment, str, object]], seeds: Sequence[int]) -> list[RunSummary]:
        """Run each (experiment, preset name, config) for ``seeds``; write its result file, the
        claims and the timings.

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
        slots = executor.slots()
        plans = [self._plan(order, cache, dataset, seeds, slots, *job) for order, job in enumerate(jobs)]

        display.start([Work(p.experiment.id, p.experiment.cost, len(seeds), len(p.missing)) for p in plans], slots=slots)
        ready: list[_Task] = []
        for plan in plans:
            if plan.parts:
                for seed in plan.missing:
                    plan.gathered.outputs[seed] = [[None] * n for n in plan.parts]
                    ready += self._stage_tasks(plan, seed, 0)
            elif plan.missing:
                groups = [list(plan.missing)] if not plan.experiment.uses_seed else executor.groups(list(plan.missing))
                ready += [_Task((-plan.experiment.cost, 0, plan.order, group[0], 0), plan, group) for group in groups]
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
                    task.plan.gathered.seconds += seconds
                    if task.stage is None:
                        self._store(cache, task.plan, task.seeds, output, seconds)
                        display.finished(task.plan.experiment.id, len(task.seeds), seconds)
                    else:
                        for next_task in self._stage_done(cache, display, task, output, seconds):
                            heapq.heappush(ready, next_task)
        finally:
            display.close()

        documents = [self._document(plan, seeds, dataset) for plan in plans]
        for document in documents:
            write_result(self.results_dir, document)
        self.claims = self._write_claims(documents)
        write_timings(self.results_dir, {plan.experiment.id: plan.gathered.seed_seconds for plan in plans})
        return [self._summary(plan, seeds, document) for plan, document in zip(plans, documents)]

    def _plan(self, order, cache, dataset, seeds, slots, experiment, preset, config) -> Plan:
        """One experiment's keys, and what the cache holds of it."""
        version = code_version(experiment)
        data_sha = dataset.sha256 if experiment.uses_data else "none"
        keys = {seed: cache_key(experiment, config, seed, data_sha, version) for seed in seeds}
        gathered = Gathered()
        for seed in seeds if self.use_cache else ():
            hit = cache.get(experiment.id, keys[seed])
            if hit is not None:
                gathered.metrics[seed], gathered.seed_seconds[seed] = hit
        missing = tuple(s for s in seeds if s not in gathered.metrics)
        parts = tuple(experiment.stages(config, slots)) if experiment.stages is not None and missing else ()
        return Plan(order, experiment, preset, config, version, keys, missing, parts, gathered)

    def _submit(self, executor, display, task):
        plan = task.plan
        experiment_id = plan.experiment.id
        if task.stage is None:
            display.queued(experiment_id, len(task.seeds))
            return executor.submit(timed_compute, experiment_id, plan.config, self.dataset, task.seeds,
                                   progress=display.stepper(experiment_id))
        if task.stage == 0 and task.part == 0:
            display.queued(experiment_id, 1)
        (seed,) = task.seeds
        earlier = plan.gathered.outputs[seed][: task.stage]
        return executor.submit(timed_part, experiment_id, plan.config, self.dataset, seed, task.stage, task.part,
                               plan.parts[task.stage], earlier)

    def _stage_tasks(self, plan: Plan, seed: int, stage: int) -> list["_Task"]:
        return [_Task((-plan.experiment.cost, -stage, plan.order, seed, part), plan, [seed], stage, part)
                for part in range(plan.parts[stage])]

    def _stage_done(self, cache, display, task, output, seconds) -> list["_Task"]:
        """Record one part; when its stage is complete, the next stage's tasks (or the seed's result)."""
        plan, (seed,) = task.plan, task.seeds
        gathered = plan.gathered
        outputs = gathered.outputs[seed]
        outputs[task.stage][task.part] = output
        gathered.part_seconds[seed] = gathered.part_seconds.get(seed, 0.0) + seconds
        if any(o is None for o in outputs[task.stage]):
            return []
        if task.stage + 1 < len(outputs):
            return self._stage_tasks(plan, seed, task.stage + 1)
        metrics = plan.experiment.training().assemble(plan.config, seed, outputs)
        self._store(cache, plan, [seed], {name: np.asarray(value)[np.newaxis] for name, value in metrics.items()},
                    gathered.part_seconds[seed])
        display.finished(plan.experiment.id, 1, gathered.part_seconds[seed])
        return []

    def _store(self, cache, plan: Plan, group, metrics, seconds: float) -> None:
        """Keep a computed group, each seed with its share of the group's compute seconds."""
        for i, seed in enumerate(group):
            one = {name: np.asarray(value)[i] for name, value in metrics.items()}
            cache.put(plan.experiment.id, plan.keys[seed], seed, one, seconds / len(group))
            plan.gathered.metrics[seed] = one
            plan.gathered.seed_seconds[seed] = seconds / len(group)

    def _document(self, plan: Plan, seeds, dataset) -> dict:
        """The result file of one experiment, with its claims evaluated on the metrics it holds."""
        experiment, config = plan.experiment, plan.config
        metrics = _stacked(plan, seeds)
        return result_document(
            experiment,
            preset=plan.preset,
            config=config_dict(config),
            seeds=seeds,
            dataset=DatasetRef(self.dataset, dataset.sha256, dataset.n_train, dataset.n_test) if experiment.uses_data else None,
            code_version=plan.version,
            cache_keys=[plan.keys[s] for s in seeds],
            metrics=metrics,
            axes=experiment.axes(config),
            claims=[claim.evaluate(metrics) for claim in experiment.claims],
        )

    def _write_claims(self, documents: list[dict]) -> list[dict]:
        """claims.json from the documents this run holds; an experiment it did not run keeps the
        claims of its result file from an earlier run, if there is one."""
        from generator.experiments import EXPERIMENTS

        held = {document["experiment"]: document for document in documents}
        order = [e.id for e in EXPERIMENTS] + [i for i in held if i not in {e.id for e in EXPERIMENTS}]
        return write_claims(self.results_dir, order, held)

    def _summary(self, plan: Plan, seeds, document: dict) -> RunSummary:
        claims = document["claims"]
        metrics = _stacked(plan, seeds)
        diverged = int(np.sum(metrics["diverged_at"] >= 0)) if "diverged_at" in metrics else 0
        cached = [s for s in seeds if s not in plan.missing]
        return RunSummary(plan.experiment.id, plan.gathered.seconds, list(plan.missing), cached,
                          sum(c["holds"] for c in claims), len(claims), diverged)


def _stacked(plan: Plan, seeds) -> dict:
    """The metrics of ``seeds``, stacked seed first."""
    per_seed = plan.gathered.metrics
    return {name: np.stack([per_seed[s][name] for s in seeds]) for name in per_seed[seeds[0]]}


def timed_compute(experiment_id: str, config, dataset: str, seeds: Sequence[int], progress=None):
    """compute() and the seconds it took, measured where it ran."""
    started = time.perf_counter()
    metrics = compute(experiment_id, config, dataset, seeds, progress=progress)
    return metrics, time.perf_counter() - started


def timed_part(experiment_id: str, config, dataset: str, seed: int, stage: int, part: int, parts: int, earlier):
    """One part of one stage of a staged experiment for one seed, and the seconds it took. Pure."""
    started = time.perf_counter()
    with _prepared(experiment_id, dataset) as (experiment, data):
        output = experiment.training().run_part(config, data, seed, stage, part, parts, earlier)
    return output, time.perf_counter() - started


@dataclass(order=True)
class _Task:
    """A unit of work: a group of seeds, or one part of one stage of one seed (``stage`` set)."""

    priority: tuple
    plan: Plan = field(compare=False)
    seeds: list = field(compare=False)
    stage: int | None = field(default=None, compare=False)
    part: int = field(default=0, compare=False)
