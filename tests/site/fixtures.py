"""The site to test: the real templates and figures over every experiment's quick results.

``quick_project`` renders and builds once per session; ``project`` is a fresh copy of it (results,
figure cache and all) for a test that edits something. Session fixtures build once however many
modules import them.
"""

import json
import shutil
from pathlib import Path

import pytest

from generator.fileio import canonical_json
from generator.records import sealed
from tests.support import made_once

REPO = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("mkdocs.yml", "overrides", "templates")


def edit_sealed(path: Path, old: str, new: str) -> None:
    """Replace text in a sealed JSON file and seal it again, as a changed run would."""
    document = json.loads(path.read_text())
    document.pop("checksum")
    text = canonical_json(document)
    assert old in text, old
    path.write_text(sealed(json.loads(text.replace(old, new))))


def copy_project_files(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def make_project(root: Path, results_dir: Path) -> Path:
    """The site's project files and a copy of ``results_dir`` as its build/results."""
    copy_project_files(root)
    shutil.copytree(results_dir, root / "build" / "results")
    return root


def render_project(root: Path, **kwargs):
    from generator.site import render_site

    return render_site(root / "build" / "results", root / "site_src", root / "templates",
                       config_file=root / "mkdocs.yml", figure_cache=root / "build" / "figures", **kwargs)


def build_project(root: Path, **kwargs) -> Path:
    from generator.site import build_site

    render_project(root, jobs=2)
    build_site(root, **kwargs)
    return root / "site"


@pytest.fixture(scope="session")
def quick_project(tmp_path_factory, all_quick_results) -> Path:
    """A project holding every experiment's quick results, rendered and built once per test run."""
    return made_once(tmp_path_factory, "real", lambda folder: build_project(make_project(folder / "project", all_quick_results))) / "project"


@pytest.fixture(scope="session")
def real_site(quick_project) -> Path:
    return quick_project / "site"


@pytest.fixture
def project(quick_project, tmp_path) -> Path:
    """A copy of the quick project without its built site, for a test to edit."""
    root = tmp_path / "project"
    shutil.copytree(quick_project, root, ignore=shutil.ignore_patterns("site"))
    return root
