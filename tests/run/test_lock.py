"""The build lock: one build per tree, the holder named, nothing stale after a crash, no fcntl needed."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.errors import UserError
from generator.run.lock import build_lock

ROOT = Path(__file__).resolve().parents[2]


def python(code: str, cwd, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **kwargs)


def test_lock_second_holder_times_out_naming_the_first(tmp_path):
    said = []
    with build_lock(tmp_path):
        with pytest.raises(UserError, match=rf"another build is running in this tree \(pid {os.getpid()}\)"):
            with build_lock(tmp_path, timeout=0.3, poll=0.05, say=said.append):
                pass
    assert len(said) == 1 and f"pid {os.getpid()}" in said[0]
    with build_lock(tmp_path, timeout=0.3):  # released on exit
        pass
    assert not (tmp_path / ".lock.pid").exists()


def test_lock_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from generator.run.lock import build_lock\nwith build_lock({str(tmp_path)!r}):\n    print('held', flush=True)\n    input()"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(UserError, match=f"pid {holder.pid}"):
            with build_lock(tmp_path, timeout=0.2, say=lambda line: None):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with build_lock(tmp_path, timeout=5):
            pass
    finally:
        holder.kill()
        holder.wait()


NO_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as on Windows: any `import fcntl` raises ImportError
"""


def test_lock_works_without_fcntl(tmp_path):
    result = python(NO_FCNTL + f"""
from generator.errors import UserError
from generator.run.lock import build_lock
with build_lock({str(tmp_path)!r}):
    try:
        with build_lock({str(tmp_path)!r}, timeout=0.3, say=lambda line: None):
            raise SystemExit("entered a held lock")
    except UserError as error:
        print(error)
with build_lock({str(tmp_path)!r}, timeout=0.3):
    print("released")
print("fcntl" in sys.modules and sys.modules["fcntl"] is not None)
""", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "another build is running in this tree" in lines[0] and lines[1:] == ["released", "False"]
    assert result.stderr == ""
