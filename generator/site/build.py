"""``site_src`` -> ``site/``: mkdocs once per language, both at once, then the site checks.

Korean is built at the root and English into ``en/`` (see the comment in ``mkdocs.yml`` for
why two builds). The tree is assembled next to ``site_dir`` and swapped in only when both
builds and the checks pass. A build whose inputs (``site_src``, ``mkdocs.yml``, ``overrides``,
the site's address and repository, the tool versions and the source date) are unchanged since
the last one is skipped: make's rule, with hashes instead of dates.

The address comes from ``CH6_SITE_URL`` (``mkdocs.yml`` reads it; the Pages workflow sets it);
each language's build gets its own, ``CH6_SITE_URL_EN`` being the same address plus ``en/``.
"""

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from generator.errors import UserError
from generator.fileio import write_text_atomic
from generator.sources import SOURCE_ROOT, digest_files, imported_by
from generator.pages import PAGES
from generator.site.context import LANGUAGES, Language

STAMP = Path("build") / "site.stamp"
SHARED = ("downloads",)
"""Folders both builds write alike (the CSV and result downloads): the site
keeps the Korean build's copy at the root, and the English pages link there. The downloads alone
are 14 MB, once per language before."""
LINK = re.compile(r'(?P<attr>\b(?:href|src|content))="(?P<path>[^"#?:]+)(?P<tail>[#?][^"]*)?"')
SOURCE_MAP = re.compile(rb"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")
THEME_TEXT = {
    "ko": {"CH6_DARK_MODE": "어두운 화면으로 바꾸기", "CH6_LIGHT_MODE": "밝은 화면으로 바꾸기",
           "CH6_PERMALINK_TITLE": "이 제목의 고정 링크"},
    "en": {"CH6_DARK_MODE": "Switch to dark mode", "CH6_LIGHT_MODE": "Switch to light mode",
           "CH6_PERMALINK_TITLE": "Permanent link to this heading"},
}
"""Words ``mkdocs.yml`` takes from the environment (``!ENV``) because both builds share it: the
colour-scheme toggle and the heading permalinks, in each build's language."""
TOOLS = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "latex2mathml")
HOOKS = Path("overrides") / "hooks.py"
"""The mkdocs hooks (``mkdocs.yml``): the package modules they import are part of what a build reads."""


def source_date_epoch(root) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else 0: no build clock leaks in."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "0"
    return out or "0"


def _git(root, *args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def source_commit(root) -> tuple[str | None, bool]:
    """``git rev-parse HEAD`` of the checkout at ``root`` and whether it has changes not in it
    (tracked or untracked, ignored files aside); ``(None, False)`` outside a git checkout."""
    head = _git(root, "rev-parse", "--verify", "HEAD")
    if not head:
        return None, False
    status = _git(root, "status", "--porcelain")
    return head.strip(), bool(status and status.strip())


def site_env(config_file: Path) -> dict[str, str]:
    """The address of each language's build, for ``mkdocs.yml``'s ``!ENV`` tags."""
    from generator.site.provenance import read_site_url

    site_url = read_site_url(config_file)
    return {f"CH6_SITE_URL_{lang.code.upper()}": site_url + lang.root for lang in LANGUAGES}


def _repo_url(config_file: Path) -> str:
    from generator.site.provenance import read_repo_url

    return read_repo_url(config_file)


def mkdocs_command(lang: Language, site_dir: Path, config_file: Path) -> list[str]:
    target = site_dir / lang.root if lang.root else site_dir
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file), "--site-dir", str(target)]


def check_nav(config_file: Path) -> None:
    """``mkdocs.yml``'s nav lists the pages of ``generator.pages``, in that order."""
    from mkdocs.utils.yaml import yaml_load

    with Path(config_file).open(encoding="utf-8") as f:
        nav = yaml_load(f).get("nav") or []
    listed = [next(iter(item.values())) if isinstance(item, dict) else item for item in nav]
    expected = [p.source for p in PAGES]
    if listed != expected:
        raise UserError(f"{config_file}: nav must list {', '.join(expected)} in this order (generator/pages.py); it lists {', '.join(map(str, listed))}")


def inputs_hash(root: Path, epoch: str, addresses: dict[str, str] | None = None) -> str:
    digest = hashlib.sha256()
    for folder in ("site_src", "overrides"):
        digest.update(folder.encode() + b"\1")
        digest_files(digest, [p for p in sorted((root / folder).rglob("*")) if p.is_file()], root / folder)
    digest.update((root / "mkdocs.yml").read_bytes())
    digest_files(digest, imported_by(root / HOOKS), SOURCE_ROOT)
    digest.update(json.dumps({"epoch": epoch, "addresses": addresses or {}, "tools": {t: version(t) for t in TOOLS}},
                             sort_keys=True).encode())
    return digest.hexdigest()


def _same_tree(a: Path, b: Path) -> bool:
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    return files == {p.relative_to(b) for p in b.rglob("*") if p.is_file()} and all(
        (a / rel).read_bytes() == (b / rel).read_bytes() for rel in files)


def _relink(page: Path, site: Path, shared: list[str]) -> None:
    """Point a second-language page's links into its copy of a shared folder at the root's copy."""
    folder = page.parent.relative_to(site).as_posix()
    html = page.read_text(encoding="utf-8")

    def moved(match):
        target = posixpath.normpath(posixpath.join(folder, match["path"]))
        for name in shared:
            if target.startswith(f"{name}/") or target == name:
                path = posixpath.relpath(target.split("/", 1)[1], folder)
                return f'{match["attr"]}="{path}{match["tail"] or ""}"'
        return match[0]

    new = LINK.sub(moved, html)
    if new != html:
        page.write_text(new, encoding="utf-8")


def slim(site: Path) -> None:
    """What a reader never needs twice or at all: each folder of ``SHARED`` is kept once, and the
    theme's source maps (1 MB per language, for debugging the theme's own code) are dropped
    along with the comments that name them."""
    site = Path(site)
    for lang in LANGUAGES:
        if not lang.root:
            continue
        shared = []
        for name in SHARED:
            ours, root = site / lang.root / name, site / name
            if ours.is_dir() and root.is_dir() and _same_tree(ours, root):
                shutil.rmtree(ours)
                shared.append(f"{lang.root}{name}")
        if shared:
            for page in sorted((site / lang.root).rglob("*.html")):
                _relink(page, site, shared)
    for path in sorted(site.rglob("*")):
        if path.suffix == ".map" and path.is_file():
            path.unlink()
        elif path.suffix in (".js", ".css") and path.is_file():
            data = path.read_bytes()
            stripped = SOURCE_MAP.sub(b"", data)
            if stripped != data:
                path.write_bytes(stripped)


def build_site(root=".", site_dir="site", *, check: bool = True, force: bool = False, report=lambda line: None) -> bool:
    """Build ``site_src`` into ``site_dir``; returns False when the build was skipped as up to date."""
    root = Path(root).resolve()
    site_dir = root / site_dir
    config_file = root / "mkdocs.yml"
    check_nav(config_file)
    epoch = source_date_epoch(root)
    addresses = dict(site_env(config_file), repo_url=_repo_url(config_file))
    stamp_path = root / STAMP
    stamp = json.dumps({"inputs": inputs_hash(root, epoch, addresses), "site": str(site_dir), "check": check})
    if not force and (site_dir / "index.html").is_file() and stamp_path.is_file() and stamp_path.read_text() == stamp:
        report(f"mkdocs: {site_dir.name}/ is up to date")
        return False
    staging = site_dir.with_name(site_dir.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=epoch, **site_env(config_file))
    # Each build writes into its own folder, so the two run side by side.
    staging.mkdir(parents=True)
    processes = []
    for lang in LANGUAGES:
        processes.append((lang, subprocess.Popen(
            mkdocs_command(lang, staging / "_build" / lang.code, config_file),
            cwd=root, env=dict(env, SITE_LANG=lang.code, **THEME_TEXT[lang.code]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )))
    failures = []
    for lang, process in processes:
        _, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(f"mkdocs build --strict ({lang.code}) failed:\n" + "\n".join(stderr.strip().splitlines()[-20:]))
        else:
            report(f"mkdocs: {lang.code} built")
    if failures:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError("\n".join(failures))
    # Assemble: Korean at the root, English under en/.
    for lang in LANGUAGES:
        built = staging / "_build" / lang.code / lang.root if lang.root else staging / "_build" / lang.code
        target = staging / lang.root if lang.root else staging
        target.mkdir(exist_ok=True)
        for item in built.iterdir():
            item.rename(target / item.name)
    shutil.rmtree(staging / "_build")
    slim(staging)
    if check:
        from generator.site.check import check_site

        problems = check_site(staging)
        if problems:
            shutil.rmtree(staging, ignore_errors=True)
            raise UserError("site check failed:\n" + "\n".join(problems))
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    write_text_atomic(stamp_path, stamp)
    return True
