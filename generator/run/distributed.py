"""Run seed groups on a Dask cluster instead of here.

``--scheduler tcp://host:8786`` (or the environment variable ``CH6_DASK_SCHEDULER``) sends each
group of seeds to a worker; ``--scheduler local`` starts a local cluster with one single-threaded
worker process per core. A seed's result does not depend on the group it ran in, so the cache
and the result files are the same bytes whichever executor produced them. A worker lost
mid-run costs only its group: the scheduler runs that task again elsewhere.

Dask is an optional extra (``pip install -e '.[distributed]'``, on each worker too): nothing else
needs it, and it is tens of megabytes. Workers load the dataset themselves, so only seeds and
configs travel.
"""

import math

from generator.errors import UserError
from generator.run.environment import available_cores

MISSING_EXTRA = "install the distributed extra: pip install -e '.[distributed]'"


class DaskExecutor:
    """Seed groups as Dask tasks; ``slots()`` is the number of workers, which the display uses to
    tell which experiments are running."""

    def __init__(self, address: str, group_size: int | None = None, cluster_kwargs: dict | None = None, connect_timeout: str = "10s"):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UserError(f"--scheduler: Dask is not installed; {MISSING_EXTRA}") from None
        if group_size is not None and group_size < 1:
            raise UserError(f"--group-size: must be >= 1, got {group_size}")
        self.group_size = group_size
        self.cluster = None
        try:
            if address == "local":
                workers = available_cores()
                settings = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None, **(cluster_kwargs or {})}
                self.cluster = LocalCluster(**settings)
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=connect_timeout)
        except OSError as error:
            raise UserError(f"--scheduler: cannot reach {address!r} ({error})") from None

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def groups(self, seeds) -> list[list[int]]:
        """Seeds split into consecutive groups: by default one group per worker."""
        seeds = list(seeds)
        size = self.group_size or math.ceil(len(seeds) / self.workers())
        return [seeds[i : i + size] for i in range(0, len(seeds), size)]

    def slots(self) -> int:
        return self.workers()

    def submit(self, fn, *args, progress=None):
        return self.client.submit(fn, *args, pure=False, retries=2)

    def as_completed(self, futures):
        from dask.distributed import as_completed

        return as_completed(futures)

    def wait_first(self, futures):
        """Futures that have finished, at least one."""
        from dask.distributed import wait

        return wait(futures, return_when="FIRST_COMPLETED").done

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
