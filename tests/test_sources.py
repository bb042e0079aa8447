"""The import walker: which files of the package a module imports, read without importing it."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.experiments import EXPERIMENTS
from generator.sources import SOURCE_ROOT, imported_by, imported_files, module_file, source_digest

REPO = Path(__file__).resolve().parents[1]


def write_package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def names(root: Path, files) -> set[str]:
    return {p.relative_to(root).as_posix() for p in files}


def test_imported_files_follows_every_form_of_import(tmp_path):
    write_package(tmp_path, {
        "generator/__init__.py": "",
        "generator/a/__init__.py": "from generator.a import helper\n",
        "generator/a/helper.py": "import generator.deep.inner.leaf\n",
        "generator/a/main.py": """
            import numpy as np
            from generator import plain
            from generator.b import NAME
            from . import sibling
            from ..c import thing

            def later():
                from generator.lazy import value
            """,
        "generator/a/sibling.py": "",
        "generator/b/__init__.py": "NAME = 1\n",
        "generator/c/__init__.py": "",
        "generator/c/thing.py": "",
        "generator/deep/__init__.py": "",
        "generator/deep/inner/__init__.py": "",
        "generator/deep/inner/leaf.py": "",
        "generator/plain.py": "",
        "generator/lazy.py": "value = 1\n",
        "generator/unused.py": "",
    })
    found = names(tmp_path, imported_files("generator.a.main", root=tmp_path))
    assert found == {
        "generator/__init__.py", "generator/a/__init__.py", "generator/a/helper.py", "generator/a/main.py",
        "generator/a/sibling.py", "generator/b/__init__.py", "generator/c/__init__.py", "generator/c/thing.py",
        "generator/deep/__init__.py", "generator/deep/inner/__init__.py", "generator/deep/inner/leaf.py",
        "generator/plain.py", "generator/lazy.py",
    }


def test_imported_files_relative_import_from_a_package_init_stays_in_that_package(tmp_path):
    write_package(tmp_path, {
        "generator/__init__.py": "",
        "generator/p/__init__.py": "from .q import x\nfrom .. import top\n",
        "generator/p/q.py": "x = 1\n",
        "generator/top.py": "",
    })
    assert names(tmp_path, imported_files("generator.p", root=tmp_path)) == {
        "generator/__init__.py", "generator/p/__init__.py", "generator/p/q.py", "generator/top.py"}


def test_imported_files_unknown_module_is_an_error(tmp_path):
    write_package(tmp_path, {"generator/__init__.py": ""})
    with pytest.raises(ModuleNotFoundError):
        imported_files("generator.missing", root=tmp_path)
    with pytest.raises(ModuleNotFoundError):
        imported_files("numpy", root=tmp_path)


def test_imported_by_a_script_outside_the_package_follows_its_package_imports(tmp_path):
    write_package(tmp_path, {
        "generator/__init__.py": "",
        "generator/site/__init__.py": "",
        "generator/site/maths.py": "from generator.site import words\n",
        "generator/site/words.py": "import re\n",
        "generator/site/unused.py": "",
        "overrides/hooks.py": "import re\nfrom pathlib import Path\n\nfrom generator.site.maths import typeset\n",
        "overrides/bare.py": "import re\n",
    })
    assert names(tmp_path, imported_by(tmp_path / "overrides" / "hooks.py", root=tmp_path)) == {
        "generator/__init__.py", "generator/site/__init__.py", "generator/site/maths.py", "generator/site/words.py"}
    assert imported_by(tmp_path / "overrides" / "bare.py", root=tmp_path) == ()
    # the project's own hooks: the formula conversion is part of what a site build reads
    assert SOURCE_ROOT / "generator" / "site" / "mathml.py" in imported_by(REPO / "overrides" / "hooks.py")


def test_source_digest_changes_with_an_edit_and_not_with_the_root(tmp_path):
    write_package(tmp_path / "one", {"generator/__init__.py": "", "generator/m.py": "x = 1\n"})
    write_package(tmp_path / "two", {"generator/__init__.py": "", "generator/m.py": "x = 1\n"})
    assert source_digest("generator.m", root=tmp_path / "one") == source_digest("generator.m", root=tmp_path / "two")
    (tmp_path / "two" / "generator" / "m.py").write_text("x = 2\n")
    assert source_digest("generator.m", root=tmp_path / "one") != source_digest("generator.m", root=tmp_path / "two")


LOADED = """
import json, sys
from pathlib import Path

def loaded():
    return sorted(str(Path(m.__file__).resolve()) for name, m in list(sys.modules.items())
                  if (name == "generator" or name.startswith("generator.")) and getattr(m, "__file__", None))

def forget():
    for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
        del sys.modules[name]

import generator.experiments
registry = loaded()
out = {"registry": registry, "modules": {}}
for module in sys.argv[1:]:
    forget()
    __import__(module)
    out["modules"][module] = loaded()
print(json.dumps(out))
"""


def test_imported_files_agrees_with_what_python_loads_for_every_training_module():
    """Python itself is the judge: importing a training module loads exactly the walker's files,
    except the other experiments' declarations, which the registry finds by listing the folder."""
    modules = [e.train for e in EXPERIMENTS] + ["generator.data"]
    done = subprocess.run([sys.executable, "-c", LOADED, *modules], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    registry = {Path(p) for p in out["registry"]}
    for module, loaded in out["modules"].items():
        walked = set(imported_files(module))
        loaded = {Path(p) for p in loaded}
        assert walked <= loaded, (module, sorted(map(str, walked - loaded)))
        assert loaded - registry <= walked, (module, sorted(map(str, loaded - registry - walked)))
        assert module_file(module) in walked


def test_imported_files_of_training_never_reach_figures_bench_or_site():
    for experiment in EXPERIMENTS:
        found = names(SOURCE_ROOT, imported_files(experiment.train))
        assert not [f for f in found if f.endswith(("/figures.py", "/bench.py")) or f.startswith(("generator/site/", "generator/plot/"))], experiment.id
