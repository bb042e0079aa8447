"""The executors: closing the process pool stops a worker in the middle of a task."""

import os
import time

from generator.run.executors import InlineExecutor, ProcessExecutor


def write_pid_and_wait(path: str) -> None:
    with open(path, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(120)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_executors_close_stops_a_busy_worker(tmp_path):
    executor = ProcessExecutor(1)
    marker = tmp_path / "pid"
    future = executor.submit(write_pid_and_wait, str(marker))
    deadline = time.monotonic() + 60
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(marker.read_text())
    started = time.monotonic()
    executor.close()
    assert time.monotonic() - started < 30 and not alive(pid)
    assert future.done()


def test_executors_close_after_finished_work_is_a_plain_shutdown():
    executor = ProcessExecutor(1)
    future = executor.submit(os.getpid)
    worker = future.result(timeout=60)
    executor.close()
    assert not executor.stop.is_set() and worker != os.getpid()


def test_executors_inline_passes_progress_only_when_given():
    calls = []
    executor = InlineExecutor()
    assert executor.slots() == 1 and executor.groups([3, 4]) == [[3, 4]]
    assert executor.submit(lambda *args, **kwargs: (args, kwargs), 1, 2).result() == ((1, 2), {})
    assert executor.submit(lambda *args, progress: progress(1, 2), progress=lambda d, t: calls.append((d, t))).result() is None
    assert calls == [(1, 2)]
