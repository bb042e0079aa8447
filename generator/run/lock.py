"""One build at a time per tree: an advisory lock on build/.lock."""

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from generator.errors import UserError


@contextlib.contextmanager
def build_lock(build_dir: Path, timeout: float | None = None, poll: float = 0.2):
    """Hold build/.lock; wait for another holder (forever, or ``timeout`` seconds, then exit 2).

    flock is released by the kernel when the holder dies, so a killed build never leaves a
    stale lock behind.
    """
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    with open(path, "a+") as handle:
        deadline = None if timeout is None else time.monotonic() + timeout
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                if deadline is not None and time.monotonic() >= deadline:
                    raise UserError(f"{path}: another build is running in this tree (pid {holder}); try again when it ends") from None
                if not announced:
                    print(f"waiting for the build running in this tree (pid {holder}, {path})", file=sys.stderr)
                    announced = True
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
