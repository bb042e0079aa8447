"""Where the site's numbers come from and where it is published: versions, data, machine, commit, address.

The site's address and repository come from ``mkdocs.yml`` (which reads ``CH6_SITE_URL`` and
``CH6_REPO_URL``, set by the Pages workflow, and falls back to a placeholder for a local
preview); the commit and the source date from the git checkout, never from a clock.
"""

import datetime
import platform
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

import numpy as np

from generator.errors import UserError
from generator.results import Result
from generator.site import citation
from generator.site.build import source_commit, source_date_epoch
from generator.site.context import DOWNLOADS, ExperimentProvenance, Provenance, SiteSource


def describe(value) -> str:
    """A recorded environment value as one line of text."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {describe(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(describe(v) for v in value) or "—"
    return "—" if value is None else str(value)


def _environment_items(environment: Mapping) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), describe(v)) for k, v in sorted(environment.items()))


def provenance(results: Mapping[str, Result], run_environment: Mapping | None, source: SiteSource) -> Provenance:
    datasets = tuple(dict.fromkeys(r.dataset for r in results.values() if r.dataset is not None))
    environments: dict[tuple, list[str]] = {}
    if run_environment:
        environments[_environment_items(run_environment)] = []
    for r in results.values():
        if r.environment:
            environments.setdefault(_environment_items(r.environment), []).append(r.experiment)
    return Provenance(
        python=platform.python_version(),
        numpy=np.__version__,
        matplotlib=version("matplotlib"),
        datasets=datasets,
        experiments=tuple(
            ExperimentProvenance(
                experiment=r.experiment,
                preset=r.preset,
                seeds=r.seeds,
                dataset=r.dataset,
                code_version=r.code_version,
                cache_keys=r.cache_keys,
                json=f"../{DOWNLOADS}/results/{r.experiment}.json",
            )
            for r in results.values()
        ),
        environments=tuple((tuple(ids), key) for key, ids in environments.items()),
        source=source,
    )


def site_source(site_url: str, repo_url: str, root=".") -> SiteSource:
    """The site's address and repository, and the commit and date of the checkout at ``root``."""
    commit, dirty = source_commit(root)
    epoch = int(source_date_epoch(root))
    date = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc).date().isoformat() if epoch > 0 else None
    repo_url = repo_url.rstrip("/")
    return SiteSource(
        site_url=site_url,
        repo_url=repo_url,
        commit=commit,
        dirty=dirty,
        commit_url=f"{repo_url}/commit/{commit}" if commit else None,
        date=date,
        year=date[:4] if date else None,
        preview=citation.is_placeholder(site_url),
    )


PREVIEW_SOURCE = SiteSource(
    site_url=citation.PLACEHOLDER_SITE_URL, repo_url=citation.PLACEHOLDER_REPO_URL, commit=None, dirty=False,
    commit_url=None, date=None, year=None, preview=True,
)
"""What a model loaded without a project (a facts test, a particle check) is rendered as."""


def _read_config(config_file) -> dict:
    """``mkdocs.yml`` as mkdocs reads it: ``!ENV`` tags resolved from the environment."""
    from mkdocs.utils.yaml import yaml_load

    config_file = Path(config_file)
    try:
        with config_file.open(encoding="utf-8") as f:
            return yaml_load(f) or {}
    except FileNotFoundError:
        raise UserError(f"{config_file}: missing") from None


def read_site_url(config_file) -> str:
    """``site_url`` of ``mkdocs.yml``, with a trailing slash; permalinks are built on it.

    ``mkdocs.yml`` takes it from ``CH6_SITE_URL`` (the Pages workflow sets it) and falls back
    to the placeholder of a local preview."""
    site_url = _read_config(config_file).get("site_url")
    if not site_url:
        raise UserError(f"{config_file}: site_url is not set; figure permalinks need it")
    return site_url.rstrip("/") + "/"


def read_repo_url(config_file) -> str:
    """``repo_url`` of ``mkdocs.yml`` (from ``CH6_REPO_URL``), without a trailing slash."""
    repo_url = _read_config(config_file).get("repo_url")
    if not repo_url:
        raise UserError(f"{config_file}: repo_url is not set; the commit links and edit links need it")
    return repo_url.rstrip("/")


def require_published(config_file="mkdocs.yml") -> str:
    """The site address, or a UserError if it or the repository is a placeholder: the Pages
    workflow calls this before it builds, so a preview build is never published."""
    site_url, repo_url = read_site_url(config_file), read_repo_url(config_file)
    for name, variable, value in (("site_url", "CH6_SITE_URL", site_url), ("repo_url", "CH6_REPO_URL", repo_url)):
        if citation.is_placeholder(value):
            raise UserError(f"{config_file}: {name} is the placeholder {value}; set {variable} to publish")
    return site_url
