"""The software and processor that produced the results: no host names, no clocks."""

import os
import platform
from pathlib import Path

import numpy as np


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


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
