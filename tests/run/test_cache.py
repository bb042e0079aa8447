"""Cache keys follow the code: an edit to any file a training module imports retrains exactly the
experiments that import it, and an edit anywhere else retrains nothing."""

import shutil
from pathlib import Path

import pytest

from generator.experiments import EXPERIMENTS, by_id
from generator.run.cache import code_files, code_version
from generator.sources import PACKAGE, SOURCE_ROOT


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the package's sources to edit: keys are computed against it, never the real tree."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(SOURCE_ROOT / PACKAGE, root / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    return root


def keys(root: Path) -> dict[str, str]:
    return {e.id: code_version(e, root=root) for e in EXPERIMENTS}


def relative(root: Path, paths) -> set[str]:
    return {p.relative_to(root).as_posix() for p in paths}


def edited_keys(root: Path, *names: str) -> dict[str, str]:
    """Every key with a comment appended to each file of ``names``; the files are restored afterwards."""
    originals = {name: (root / name).read_bytes() for name in names}
    try:
        for name, original in originals.items():
            (root / name).write_bytes(original + b"\n# edited\n")
        return keys(root)
    finally:
        for name, original in originals.items():
            (root / name).write_bytes(original)


def test_cache_keys_of_a_copy_equal_those_of_the_tree(tree):
    assert keys(tree) == keys(SOURCE_ROOT)


def test_cache_key_changes_exactly_for_the_experiments_whose_training_imports_the_edited_file(tree):
    before = keys(tree)
    imports = {e.id: relative(tree, code_files(e, root=tree)) for e in EXPERIMENTS}
    every_file = sorted(set().union(*imports.values()))
    assert len(set(before.values())) == len(EXPERIMENTS)
    for name in every_file:
        after = edited_keys(tree, name)
        changed = {i for i in before if after[i] != before[i]}
        assert changed == {i for i, files in imports.items() if name in files}, name
        assert changed, name
    assert keys(tree) == before


def test_cache_key_follows_a_neighbours_helper_and_the_data_loading_code(tree):
    before = keys(tree)
    after = edited_keys(tree, "generator/experiments/optimizer_paths/config.py")
    assert after["optimizer-ranking"] != before["optimizer-ranking"]  # it computes with the paths' gradient
    assert after["optimizer-compare"] != before["optimizer-compare"]
    after = edited_keys(tree, "generator/data.py")
    for experiment in EXPERIMENTS:
        assert (after[experiment.id] != before[experiment.id]) == experiment.uses_data, experiment.id
    assert not by_id("optimizer-paths").uses_data


def test_cache_key_ignores_files_no_training_imports(tree):
    before = keys(tree)
    training = set().union(*(relative(tree, code_files(e, root=tree)) for e in EXPERIMENTS))
    others = sorted(p.relative_to(tree).as_posix() for p in (tree / PACKAGE).rglob("*.py"))
    others = [name for name in others if name not in training]
    assert {"generator/site/render.py", "generator/site/figures.py", "generator/run/runner.py",
            "generator/experiments/overfitting/figures.py", "generator/experiments/overfitting/bench.py"} <= set(others)
    assert edited_keys(tree, *others) == before  # all at once: a digest changes with any one of its files
    assert keys(tree) == before
