"""Worker processes end with the process that started them, however it ends."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from generator import workers

POOL = textwrap.dedent("""
    import concurrent.futures, os, sys, time
    from generator import workers

    def task(_):
        time.sleep(60)

    if __name__ == "__main__":
        {pool}
        futures = [pool.submit(task, i) for i in range(2)]
        time.sleep(3)  # the workers have started and taken a task each
        print(" ".join(str(pid) for pid in pool._processes), flush=True)
        time.sleep(60)
""")
FIGURE_POOL = ("pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=workers.context(), "
               "initializer=workers.watch_parent, initargs=(os.getpid(),))")
RUN_POOL = "from generator.run.executors import ProcessExecutor\n    pool = ProcessExecutor(2).pool"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended, only its exit status is left
        return stat.read().split()[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("pool", [FIGURE_POOL, RUN_POOL], ids=["site-figures", "run"])
def test_workers_end_when_their_parent_is_killed(tmp_path, pool):
    script = tmp_path / "pool.py"
    script.write_text(POOL.replace("{pool}", pool))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10 * workers.CHECK_SECONDS + 5
        while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in pids)
    finally:
        parent.kill()


def test_every_pool_starts_its_workers_fresh():
    assert workers.context().get_start_method() == "spawn"
