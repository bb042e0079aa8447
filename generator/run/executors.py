"""Where seed groups run: here, one after another; in local worker processes; or on Dask.

Every executor offers ``groups(seeds)``, ``slots()`` (how many groups run at once),
``submit(fn, *args, progress=None)`` returning a future, ``as_completed(futures)``,
``wait_first(futures)`` (the finished ones, at least one) and ``close()``.
``progress(done, total)`` reaches ``fn`` only where it runs in this process; elsewhere the display
counts finished groups instead. A seed's result does not depend on its group or executor
(``generator.run.runner.BLAS_THREADS``), so all three produce the same bytes.
"""

import concurrent.futures
import os
import threading

from generator.workers import context as worker_context
from generator.workers import watch_parent
from generator.run.environment import available_cores


class _Deferred:
    """A future that runs its call when its result is asked for."""

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, args, kwargs

    def result(self):
        return self.fn(*self.args, **self.kwargs)


class InlineExecutor:
    """In this process, in submission order; the only executor that reports progress within a group."""

    def groups(self, seeds):
        return [list(seeds)]  # every seed in one stack

    def slots(self) -> int:
        return 1

    def submit(self, fn, *args, progress=None):
        return _Deferred(fn, args, {} if progress is None else {"progress": progress})

    def as_completed(self, futures):
        return iter(futures)

    def wait_first(self, futures):
        """Futures that have finished, at least one; here the first, which runs when asked."""
        return futures[:1]

    def close(self):
        pass


def _exit_when_set(stop) -> None:
    stop.wait()
    os._exit(1)


def _watch(stop, parent: int) -> None:
    """Worker initializer: a daemon thread ends this worker as soon as ``stop`` is set, even in
    the middle of a computation, which a pool's own shutdown only does between tasks; another
    ends it when the run's process is gone (killed, so that it could set nothing)."""
    threading.Thread(target=_exit_when_set, args=(stop,), daemon=True).start()
    watch_parent(parent)


class ProcessExecutor:
    """Worker processes on this machine, one per core, each with one BLAS thread."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or available_cores()
        # spawn, not fork: a forked child would inherit the parent's BLAS thread pool state
        context = worker_context()
        self.stop = context.Event()
        self.pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=context, initializer=_watch,
                                                           initargs=(self.stop, os.getpid()))
        self.futures = []

    def groups(self, seeds):
        # One seed per task: stacking seeds saves little for MNIST-sized networks (the matrix
        # products already dominate), while single seeds let the workers finish together.
        return [[seed] for seed in seeds]

    def slots(self) -> int:
        return self.workers

    def submit(self, fn, *args, progress=None):
        future = self.pool.submit(fn, *args)
        self.futures.append(future)
        return future

    def as_completed(self, futures):
        return concurrent.futures.as_completed(futures)

    def wait_first(self, futures):
        """Futures that have finished, at least one."""
        return concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED).done

    def close(self):
        if any(not future.done() for future in self.futures):
            self.stop.set()  # an interrupted run must not leave workers computing
        self.pool.shutdown(wait=True, cancel_futures=True)
