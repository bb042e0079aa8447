"""The project's own source files and digests of them: what cache keys, figure keys and ``--version`` hash.

Shared by the run side and the site side (neither imports the other): a digest names each file by
its path relative to a root, in POSIX form, followed by the sha256 of its bytes, so it is the same
on every operating system and changes with any edit or rename.
"""

import hashlib
import importlib.util
from collections.abc import Iterable
from pathlib import Path


def module_files(name: str) -> list[Path]:
    """The source files of a module, or of every module in a package, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(name)
    path = Path(spec.origin)
    if path.name == "__init__.py" and spec.submodule_search_locations:
        return sorted(path.parent.rglob("*.py"))
    return [path]


def digest_files(digest, paths: Iterable[Path], root: Path):
    """Add each file, in the order given, to ``digest``: its path relative to ``root``, then its bytes' sha256."""
    for path in paths:
        digest.update(Path(path).relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest
