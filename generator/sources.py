"""The project's own source files: which ones a module imports, and digests of them.

What cache keys and figure keys hash is derived from the import lines, as Bazel and Nix derive a
build's inputs: ``imported_files`` reads each file with ``ast`` (nothing is imported or run) and
follows every import that stays inside the ``generator`` package, through ``import a.b``,
``from a import b`` (a submodule or a name), relative imports, imports inside functions, and the
``__init__`` of every package on the way, which Python runs before the module itself. A hand-kept
list of sources goes stale the day someone imports a neighbour's helper; this one cannot.

Shared by the run side and the site side (neither imports the other): a digest names each file by
its path relative to a root, in POSIX form, followed by the sha256 of its bytes, so it is the same
on every operating system and in any copy of the tree, and changes with any edit or rename.
"""

import ast
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

PACKAGE = __name__.split(".")[0]
SOURCE_ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds the ``generator`` package: module names are looked up under it."""

_parsed: dict[bytes, tuple[tuple[int, str | None, tuple[str, ...]], ...]] = {}
"""Import statements by the sha256 of a file's bytes: a file is parsed once per content."""


def module_file(name: str, root: Path = SOURCE_ROOT) -> Path | None:
    """The source file of module ``name`` under ``root`` (a package's ``__init__.py``), or None."""
    base = os.path.join(root, *name.split("."))  # os.path: this runs for every name imported
    for path in (os.path.join(base, "__init__.py"), base + ".py"):
        if os.path.isfile(path):
            return Path(path)
    return None


def _statements(source: bytes) -> tuple[tuple[int, str | None, tuple[str, ...]], ...]:
    """Every import in ``source`` as (level, module, names); ``import a.b`` is (0, None, ("a.b",))."""
    key = hashlib.sha256(source).digest()
    if key not in _parsed:
        found = []
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                found.append((0, None, tuple(alias.name for alias in node.names)))
            elif isinstance(node, ast.ImportFrom):
                found.append((node.level, node.module, tuple(alias.name for alias in node.names)))
        _parsed[key] = tuple(found)
    return _parsed[key]


def _imported_names(name: str, is_package: bool, source: bytes) -> set[str]:
    """Module names that ``source`` (module ``name``) may import; some are names of functions or
    classes, which the caller drops because no file has them."""
    names = set()
    for level, module, aliases in _statements(source):
        if module is None and level == 0:
            names.update(aliases)
            continue
        if level:
            parts = name.split(".") if is_package else name.split(".")[:-1]
            parts = parts[: len(parts) - (level - 1)]
            module = ".".join([*parts, module] if module else parts)
        names.add(module)
        names.update(f"{module}.{alias}" for alias in aliases if alias != "*")
    return names


def _inside(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def imported_files(*modules: str, root: Path = SOURCE_ROOT) -> tuple[Path, ...]:
    """The source files of ``modules`` and of every module of the package they import, directly or
    through others, with the ``__init__.py`` of each package on the way; sorted, under ``root``.

    A module that is named but has no file under ``root`` is a ModuleNotFoundError.
    """
    for name in modules:
        if not _inside(name) or module_file(name, root) is None:
            raise ModuleNotFoundError(f"{name}: no source file under {root}/{PACKAGE}")
    seen: set[str] = set()
    files: set[Path] = set()
    pending = list(modules)
    while pending:
        name = pending.pop()
        if name in seen or not _inside(name):
            continue
        seen.add(name)
        path = module_file(name, root)
        if path is None:
            continue  # a function or class imported by name, not a module
        files.add(path)
        source = path.read_bytes()
        pending += [name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1)]  # the packages on the way
        pending += sorted(_imported_names(name, path.name == "__init__.py", source))
    return tuple(sorted(files, key=lambda p: p.relative_to(root).as_posix()))


def imported_by(script: Path, root: Path = SOURCE_ROOT) -> tuple[Path, ...]:
    """:func:`imported_files` of the package modules that ``script``, a file outside the package
    (the mkdocs hooks), imports."""
    names = _imported_names(Path(script).stem, False, Path(script).read_bytes())
    modules = sorted(n for n in names if _inside(n) and module_file(n, root) is not None)
    return imported_files(*modules, root=root) if modules else ()


def digest_files(digest, paths: Iterable[Path], root: Path):
    """Add each file, in the order given, to ``digest``: its path relative to ``root``, then its bytes' sha256."""
    for path in paths:
        digest.update(Path(path).relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest


def source_digest(*modules: str, root: Path = SOURCE_ROOT) -> str:
    """sha256 over the files ``imported_files(*modules)`` finds, named relative to ``root``."""
    return digest_files(hashlib.sha256(), imported_files(*modules, root=root), Path(root)).hexdigest()
