"""Worker processes that end with the process that started them.

A pool's workers outlive a parent killed by SIGKILL (nothing runs in the parent to stop them):
``watch_parent`` starts a daemon thread in each worker that ends it once its parent is gone,
which it sees as its parent process id changing (the orphan is adopted by init or a subreaper).
Shared by the runner's and the site's pools, which import nothing of each other. Workers start
with ``spawn`` everywhere: a fresh interpreter, rather than a fork of a parent that already runs
BLAS and pool threads (Python 3.12 warns about that, and 3.14 no longer forks by default).
"""

import multiprocessing
import os
import threading
import time

START_METHOD = "spawn"
CHECK_SECONDS = 0.5


def context():
    """The multiprocessing context every pool of the project uses."""
    return multiprocessing.get_context(START_METHOD)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(CHECK_SECONDS)
    os._exit(1)


def watch_parent(parent: int) -> None:
    """Worker initializer: end this worker within ``CHECK_SECONDS`` of its parent ``parent`` dying."""
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True, name="watch-parent").start()
