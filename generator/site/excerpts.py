"""Code shown on the pages, taken from the source files when the site is built.

A page shows the engine's own implementation beside the idea it explains, as Sphinx's
``literalinclude`` does: the excerpt is read from the file at build time, never pasted, so the
code on the page is the code that produced the figures. An excerpt names a file and either a
class, a function or a method (``"Adam"``, ``"Dropout.forward"``), found by parsing the file, or
a region marked in it by two comments::

    # excerpt: weight-decay-loss
    ...
    # excerpt end

A name that is no longer in the file stops the build with one line naming the page and the
file. The files are read, never imported: building the site does not load the engine.
"""

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REGION_START = "# excerpt: "
REGION_END = "# excerpt end"


@dataclass(frozen=True)
class Excerpt:
    path: str
    """The file, relative to the project root, in POSIX form: ``"generator/engine/optimizers.py"``."""
    name: str
    """The class, function, method or marked region shown."""
    start: int
    """First line shown, counting from 1 as editors and repository links do."""
    end: int
    """Last line shown."""
    code: str
    """The lines ``start`` to ``end``, dedented, with the region markers left out."""


def _definition(tree: ast.Module, name: str):
    """The class or function ``name`` (``"Class.method"`` for a method) in ``tree``, or None."""
    scope = tree.body
    node = None
    for part in name.split("."):
        node = next((n for n in scope if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == part), None)
        if node is None:
            return None
        scope = node.body
    return node


def _region(lines: list[str], name: str) -> tuple[int, int] | None:
    """The first and last line (1-based) between ``# excerpt: name`` and the next ``# excerpt end``."""
    start = next((i for i, line in enumerate(lines) if line.strip() == REGION_START + name), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == REGION_END), None)
    if end is None:
        return None
    return start + 2, end


def excerpt(path: str, name: str, root: Path = PROJECT_ROOT) -> Excerpt:
    """The lines of ``path`` that define ``name``: decorators, signature, docstring and body."""
    file = Path(root) / path
    try:
        source = file.read_text(encoding="utf-8")
    except OSError:
        raise UserError(f"{path}: no such source file to show") from None
    lines = source.splitlines()
    span = _region(lines, name)
    if span is None:
        node = _definition(ast.parse(source, filename=path), name)
        if node is None:
            raise UserError(f"{path}: defines no {name!r} (no class, function or '{REGION_START}{name}' region)")
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        span = first, node.end_lineno
    start, end = span
    shown = [line for line in lines[start - 1:end] if line.strip() not in (REGION_END,) and not line.strip().startswith(REGION_START)]
    return Excerpt(path, name, start, end, textwrap.dedent("\n".join(shown)).strip("\n"))
