"""Every figure of the site: numbered per page, drawn once per content, in parallel when cold.

A figure's files (SVG and PNG per language, CSV once) are cached by content, as results are:
the key hashes the figure id, the language, what the result holds besides its claims
(``Result.data_sha256``), the source of
the code that draws it (the figures module and every file of the package it imports, found by
``generator.sources`` as cache keys are: its experiment's declaration, ``generator.plot``, the
glossary; and the result reader), and the matplotlib version. Editing a template or a
caption never redraws a figure; editing a figure's code redraws that experiment's figures.
Cold figures are drawn in worker processes, one per core.
"""

import concurrent.futures
import csv
import functools
import hashlib
import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from generator import workers
from generator.errors import UserError
from generator.fileio import write_bytes_atomic, write_text_atomic
from generator.pages import LANGUAGES, PAGES
from generator.records import sealed, unseal
from generator.results import Result, load_result
from generator.site.format import missing
from generator.sources import source_digest

DRAWING_CODE = ("generator.plot.style", "generator.results")
"""What ``draw_files`` draws and reads the result with, besides the figures module; their
imports are followed like the figures module's."""
FORMAT = 1
"""Version of the figure cache's layout; part of every key."""


@dataclass(frozen=True)
class FigureRef:
    """A figure as the pages see it: its spec, its experiment and page, its number on the page."""

    id: str
    experiment: str
    page: str
    number: str
    """``"<page number>.<position on page>"``, e.g. ``"4.2"``."""
    spec: object
    """The ``generator.plot.FigureSpec``."""
    result: Result


@functools.cache
def drawing_code_hash(figures_module: str) -> str:
    """sha256 over the source that draws an experiment's figures: the files ``figures_module`` and
    ``DRAWING_CODE`` import, followed to the end (never the training code, which none imports)."""
    code = source_digest(figures_module, *DRAWING_CODE)
    return hashlib.sha256(f"{code}; matplotlib {version('matplotlib')}; format {FORMAT}".encode()).hexdigest()


def figure_key(ref: FigureRef, lang: str | None) -> str:
    """The cache key of one figure in one language (None: the language-free CSV)."""
    parts = [ref.id, lang or "data", ref.result.data_sha256, drawing_code_hash(ref.spec.draw.__module__)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def number_figures(experiments, results: Mapping[str, Result], page_experiments: Mapping[str, tuple[str, ...]]) -> dict[str, FigureRef]:
    """Every drawable figure by id, numbered by page: page order, then the page's experiment order
    (the order its template places them), then the order of the experiment's ``FIGURES``."""
    by_id = {e.id: e for e in experiments}
    refs: dict[str, FigureRef] = {}
    for number, page in enumerate(PAGES):
        position = 0
        for experiment_id in page_experiments.get(page.slug, ()):
            experiment = by_id[experiment_id]
            if experiment.page != page.slug:
                raise UserError(f"{experiment_id}: declared on page {experiment.page!r} but listed by page {page.slug!r}")
            if experiment_id not in results:
                continue
            for spec in experiment.figure_specs():
                if spec.id in refs:
                    raise UserError(f"{spec.id}: figure id declared twice ({refs[spec.id].experiment} and {experiment_id})")
                position += 1
                refs[spec.id] = FigureRef(spec.id, experiment_id, page.slug, f"{number}.{position}", spec, results[experiment_id])
    return refs


def csv_bytes(header, rows) -> bytes:
    """CSV with ``\\n`` line ends; floats in shortest round-trip form, NaN as an empty cell."""

    def cell(value):
        if isinstance(value, np.generic):
            value = value.item()
        if missing(value):
            return ""
        if isinstance(value, float):
            return repr(value)
        return value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


_LOADED: dict[str, Result] = {}
"""Results this process has already read, by path: a worker draws several figures of a result."""


def _load(path: str) -> Result:
    if path not in _LOADED:
        _LOADED[path] = load_result(path)
    return _LOADED[path]


def _spec(experiment_id: str, figure_id: str):
    from generator.experiments import by_id

    for spec in by_id(experiment_id).figure_specs():
        if spec.id == figure_id:
            return spec
    raise KeyError(figure_id)


def draw_files(experiment_id: str, figure_id: str, lang: str | None, result_path: str) -> dict[str, bytes]:
    """The files of one figure: ``{"svg": ..., "png": ...}`` in a language, or ``{"csv": ...}``.

    Runs in a worker process: it loads the result and the figure's spec by name.
    """
    result = _load(result_path)
    spec = _spec(experiment_id, figure_id)
    if lang is None:
        return {"csv": csv_bytes(*spec.data(result))}
    from generator.plot.style import apply_style, figure_bytes

    apply_style()  # a spawned worker starts without the project's fonts and rcParams
    fig = spec.draw(result, lang)
    try:
        return figure_bytes(fig)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close(fig)


@dataclass
class FigureFiles:
    """The bytes of every figure file by site path, and how many were drawn or reused."""

    files: dict[str, bytes]
    drawn: int
    reused: int


class FigureCache:
    """Figure files by key under ``root``: ``<key>.<svg|png|csv>`` and ``<key>.json``, a sealed
    record of each file's sha256, written last. A file that no longer matches its record (cut
    short, edited) is reported through ``warn`` and drawn again; entries not used by a build are
    pruned."""

    def __init__(self, root: Path, warn: Callable[[str], None] = lambda line: None):
        self.root = Path(root)
        self.warn = warn

    def get(self, key: str, formats) -> dict[str, bytes] | None:
        record = self.root / f"{key}.json"
        if not record.is_file():
            return None
        try:
            sums = unseal(record)["files"]
        except (UserError, KeyError, TypeError, ValueError) as error:
            self.warn(f"figure cache: {error}; drawing again")
            return None
        out = {}
        for fmt in formats:
            path = self.root / f"{key}.{fmt}"
            data = path.read_bytes() if path.is_file() else None
            if data is None or hashlib.sha256(data).hexdigest() != sums.get(fmt):
                self.warn(f"figure cache: {path} is missing or damaged; drawing again")
                return None
            out[fmt] = data
        return out

    def put(self, key: str, files: Mapping[str, bytes]) -> None:
        for fmt, data in files.items():
            write_bytes_atomic(self.root / f"{key}.{fmt}", data)
        sums = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in files.items()}
        write_text_atomic(self.root / f"{key}.json", sealed({"key": key, "files": sums}))

    def prune(self, keep: set[str]) -> None:
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.is_file() and path.name.split(".", 1)[0] not in keep:
                path.unlink()


def render_figures(refs: Mapping[str, FigureRef], cache_dir, jobs: int, report: Callable[[str], None] = lambda line: None) -> FigureFiles:
    """Every figure's files by site path (``ko/figures/<id>.svg``, ``downloads/<id>.csv`` ...):
    from the cache where the key matches, drawn in ``jobs`` worker processes otherwise."""
    cache = FigureCache(cache_dir, warn=report)
    tasks = []  # (key, site paths by format, experiment, figure, lang, result path)
    for ref in refs.values():
        tasks.append((figure_key(ref, None), {"csv": f"downloads/{ref.id}.csv"}, ref, None))
        for lang in LANGUAGES:
            tasks.append((figure_key(ref, lang), {fmt: f"{lang}/figures/{ref.id}.{fmt}" for fmt in ("svg", "png")}, ref, lang))
    files: dict[str, bytes] = {}
    cold = []
    for key, paths, ref, lang in tasks:
        hit = cache.get(key, paths)
        if hit is None:
            cold.append((key, paths, ref, lang))
        else:
            files.update({paths[fmt]: data for fmt, data in hit.items()})
    if cold:
        report(f"figures: drawing {len(cold)} of {len(tasks)} files ({len(tasks) - len(cold)} cached) on {min(jobs, len(cold))} worker(s)")

    def store(key, paths, drawn):
        cache.put(key, drawn)
        files.update({paths[fmt]: data for fmt, data in drawn.items()})

    if jobs > 1 and len(cold) > 1:
        # Spawned workers (generator.workers) import the drawing code and read the results they
        # draw; each ends if this process is killed.
        with concurrent.futures.ProcessPoolExecutor(min(jobs, len(cold)), mp_context=workers.context(),
                                                    initializer=workers.watch_parent, initargs=(os.getpid(),)) as pool:
            futures = {
                pool.submit(draw_files, ref.experiment, ref.id, lang, str(ref.result.path)): (key, paths)
                for key, paths, ref, lang in cold
            }
            for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                store(*futures[future], future.result())
                report(f"figures: {done}/{len(cold)} drawn")
    else:
        for done, (key, paths, ref, lang) in enumerate(cold, start=1):
            store(key, paths, draw_files(ref.experiment, ref.id, lang, str(ref.result.path)))
            report(f"figures: {done}/{len(cold)} drawn")
    cache.prune({key for key, *_ in tasks})
    return FigureFiles(files, drawn=len(cold), reused=len(tasks) - len(cold))
