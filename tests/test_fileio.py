import errno
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import fileio
from generator.errors import UserError

ROOT = Path(__file__).resolve().parents[1]


def test_write_atomic_replaces_the_whole_file(tmp_path):
    path = tmp_path / "deep" / "result.json"
    fileio.write_text_atomic(path, "first")
    fileio.write_text_atomic(path, "second")
    assert path.read_text() == "second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["result.json"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_atomic_disk_full_keeps_the_old_file_and_names_the_path(tmp_path, monkeypatch):
    path = tmp_path / "result.json"
    fileio.write_text_atomic(path, "old and whole")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[:3])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(UserError, match=f"{path}: cannot write \\(No space left on device\\)"):
        fileio.write_text_atomic(path, "new " * 1000)
    assert path.read_text() == "old and whole"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_write_atomic_into_a_path_under_a_file_is_a_user_error(tmp_path):
    blocker = tmp_path / "build"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(UserError, match="build/results/x.json: cannot write"):
        fileio.write_text_atomic(blocker / "results" / "x.json", "{}")


def _file_size_limit():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


def test_cli_run_when_files_cannot_grow_says_so_and_leaves_nothing_half_written(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--only", "overfitting", "--jobs", "1"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, preexec_fn=_file_size_limit)
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and ": cannot write (File too large)" in last and "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("*.tmp"))
    for path in tmp_path.rglob("*.json"):
        json.loads(path.read_text())  # whatever was written is whole


def test_cli_unwritable_results_directory_is_one_line_and_status_2(tmp_path):
    (tmp_path / "results").write_text("not a directory")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--only", "overfitting", "--jobs", "1", "--results", "results/sub"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("error: results/sub/overfitting.json: cannot write")
