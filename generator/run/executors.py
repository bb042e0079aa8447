"""Where seed groups run: here, one after another; in local worker processes; or on Dask.

Every executor offers ``groups(seeds)``, ``submit(fn, *args)`` returning a future, and
``as_completed(futures)``. A seed's result does not depend on its group or executor
(``generator.run.runner.BLAS_THREADS``), so all three produce the same bytes.
"""

import concurrent.futures
import multiprocessing

from generator.run.environment import available_cores


class _Deferred:
    """A future that runs its call when its result is asked for."""

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, args, kwargs

    def result(self):
        return self.fn(*self.args, **self.kwargs)


class InlineExecutor:
    """In this process, in submission order, with a progress bar per experiment."""

    def __init__(self, progress_factory=None):
        self.progress_factory = progress_factory

    def groups(self, seeds):
        return [list(seeds)]  # every seed in one stack

    def submit(self, fn, experiment_id, *args):
        if self.progress_factory is None:
            return _Deferred(fn, (experiment_id, *args), {})
        return _Progressed(self.progress_factory, fn, (experiment_id, *args))

    def as_completed(self, futures):
        return iter(futures)

    def close(self):
        pass


class _Progressed(_Deferred):
    def __init__(self, factory, fn, args):
        super().__init__(fn, args, {})
        self.factory = factory

    def result(self):
        update, close = self.factory(self.args[0])
        try:
            return self.fn(*self.args, progress=update)
        finally:
            close()


class ProcessExecutor:
    """Worker processes on this machine, one per core, each with one BLAS thread."""

    def __init__(self, workers: int | None = None, announce=None):
        self.workers = workers or available_cores()
        # spawn, not fork: a forked child would inherit the parent's BLAS thread pool state
        self.pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        self.announce = announce
        self.labels = {}

    def groups(self, seeds):
        # One seed per task: stacking seeds saves little for MNIST-sized networks (the matrix
        # products already dominate), while single seeds let the workers finish together.
        return [[seed] for seed in seeds]

    def submit(self, fn, experiment_id, config, dataset, group):
        future = self.pool.submit(fn, experiment_id, config, dataset, group)
        self.labels[future] = f"{experiment_id} seeds {group[0]}-{group[-1]}" if len(group) > 1 else f"{experiment_id} seed {group[0]}"
        if self.announce is not None:
            self.announce(f"{self.labels[future]}: queued")
        return future

    def as_completed(self, futures):
        for future in concurrent.futures.as_completed(futures):
            if self.announce is not None and future.exception() is None:
                self.announce(f"{self.labels[future]}: done in {future.result()[1]:.1f} s")
            yield future

    def close(self):
        for process in list(getattr(self.pool, "_processes", {}).values()):
            if process.is_alive():
                process.terminate()  # an interrupted run must not leave workers computing
        self.pool.shutdown(wait=True, cancel_futures=True)
