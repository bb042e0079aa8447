"""The software and processor that produced the results: no host names, no clocks."""

import hashlib
import os
import platform
from pathlib import Path

import numpy as np

from generator.sources import digest_files


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def source_hash(root: Path = PACKAGE_ROOT) -> str:
    """sha256 over every ``*.py`` file of the package, in sorted relative-path order.

    Names which source produced a build (``--version``, a page footer) without git: an
    installed copy has no history, and the digest is the same on every operating system
    because paths are hashed in POSIX form and files as bytes.
    """
    root = Path(root)
    files = sorted(root.rglob("*.py"), key=lambda p: p.relative_to(root).as_posix())
    return digest_files(hashlib.sha256(), files, root).hexdigest()


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def environment() -> dict:
    from importlib.metadata import version

    import threadpoolctl

    blas = [
        {"library": info.get("internal_api"), "version": info.get("version"), "kernel": info.get("architecture"), "threads": info.get("num_threads")}
        for info in threadpoolctl.threadpool_info()
        if info.get("user_api") == "blas"
    ]
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": version("matplotlib"),
        "cpu": cpu_model(),
        "cores": available_cores(),
        "blas": blas,
    }
