"""One build at a time per tree: a lock on build/.lock, the holder's pid beside it in build/.lock.pid.

The lock is filelock's: ``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows, both released
by the operating system when the holder dies, so a killed build never leaves a stale lock behind.
Where neither exists filelock falls back to a marker file that it breaks once its owner is gone.
The pid lives in a second file because a waiting process may not be able to read a locked file
(Windows) and some lock implementations truncate the lock file when they open it.
"""

import contextlib
import os
import sys
import time
import warnings
from pathlib import Path

from generator.errors import UserError

with warnings.catch_warnings():
    # filelock warns when only its marker-file lock is available; that fallback is what such a
    # platform should use, and build_lock names the holder itself when a second build waits.
    warnings.filterwarnings("ignore", message="only soft file lock is available")
    import filelock


def _holder(pid_file: Path) -> str:
    try:
        return pid_file.read_text(encoding="ascii").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


@contextlib.contextmanager
def build_lock(build_dir: Path, timeout: float | None = None, poll: float = 0.2, say=None):
    """Hold build/.lock; wait for another holder (forever, or ``timeout`` seconds, then exit 2).

    ``say`` gets the one line announcing the wait (default: stderr).
    """
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    path, pid_file = build_dir / ".lock", build_dir / ".lock.pid"
    lock = filelock.FileLock(path)
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    deadline = None if timeout is None else time.monotonic() + timeout
    announced = False
    while True:
        try:
            lock.acquire(timeout=0)
            break
        except filelock.Timeout:
            holder = _holder(pid_file)
            if deadline is not None and time.monotonic() >= deadline:
                raise UserError(f"{path}: another build is running in this tree (pid {holder}); try again when it ends") from None
            if not announced:
                say(f"waiting for the build running in this tree (pid {holder}, {path})")
                announced = True
            time.sleep(poll)
    try:
        pid_file.write_text(str(os.getpid()), encoding="ascii")
        yield
    finally:
        pid_file.unlink(missing_ok=True)
        lock.release()
