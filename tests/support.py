"""What the experiment, figure and page tests share: quick results, hand-made results, figure text,
and pages rendered from results."""

import dataclasses
import os
import re
import shutil
from pathlib import Path

import numpy as np
from filelock import FileLock

from generator.experiments import EXPERIMENTS
from generator.results import AxisRecord, DatasetRef, Result, load_results, write_claims
from generator.run.runner import Runner

REPO = Path(__file__).resolve().parents[1]
SEEDS = (0, 1)
HANGUL = re.compile("[가-힣]")
SITE_URL = "https://example.github.io/ch6-training-techniques/"


_made: dict[str, Path] = {}


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder ``name``, filled by ``make(folder)`` once per test run, however many test modules
    import the session fixture that asks for it (each import is a fixture of its own). Under
    pytest-xdist (``make test`` runs two workers) the workers share it: the first to take the lock
    makes it, the others wait and read the same files, which no test may change (``project``
    copies the project first)."""
    if name in _made:
        return _made[name]
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
    else:
        folder = tmp_path_factory.getbasetemp().parent / name  # the run's folder, above each worker's own
        with FileLock(f"{folder}.lock"):
            if not (folder / ".made").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                make(folder)
                (folder / ".made").touch()
    _made[name] = folder
    return folder


def write_quick_results(root: Path, experiments, seeds=SEEDS) -> Path:
    """``root/results``: the quick-preset results of ``experiments`` and their claims, written as
    the runner writes them (its cache in ``root/cache``)."""
    runner = Runner(results_dir=root / "results", cache_dir=root / "cache", warn=lambda message: None)
    runner.run([(e, "quick", e.preset("quick")) for e in experiments], seeds=list(seeds))
    write_claims(root / "results", [e.id for e in EXPERIMENTS])
    return root / "results"


def quick_results(tmp_path_factory, experiments, seeds=SEEDS) -> Path:
    """A new folder of quick-preset results of ``experiments`` and their claims."""
    return write_quick_results(tmp_path_factory.mktemp("quick"), experiments, seeds)


def load(results_dir, experiment_id) -> Result:
    return load_results(results_dir)[experiment_id]


class Metrics(dict):
    """Metrics a test has made or edited, read by name or as attributes like a result's own."""

    __getattr__ = dict.__getitem__


def with_metrics(result, **changed):
    """``result`` with the metrics ``changed`` in place of its own, e.g. to make a run diverge."""
    metrics = Metrics({name: np.array(result.metrics[name]) for name in result.metrics}, **changed)
    return dataclasses.replace(result, metrics=metrics)


def make_result(experiment_id: str, config: dict, metrics: dict, axes=(), seeds=None, page="", path=Path("fake.json")) -> Result:
    """A result made by hand, for facts tests: ``axes`` as (name, values, ko labels, en labels)."""
    arrays = {name: np.asarray(value) for name, value in metrics.items()}
    seeds = tuple(range(len(next(iter(arrays.values()))))) if seeds is None else tuple(seeds)
    return Result(
        experiment=experiment_id,
        preset="test",
        config=config,
        seeds=seeds,
        dataset=DatasetRef("mnist-10k", "0" * 64),
        code_version="c0de",
        cache_keys=tuple("cafe" for _ in seeds),
        metrics=Metrics(arrays),
        page=page,
        axes={name: AxisRecord(name, tuple(values), {"ko": tuple(ko), "en": tuple(en)}) for name, values, ko, en in axes},
        environment=None,
        path=path,
    )


def figure_spec(experiment, figure_id):
    return next(spec for spec in experiment.figure_specs() if spec.id == figure_id)


def figure_text(fig) -> str:
    """Every word a figure shows: figure and axes titles and labels, tick labels, texts, legends."""
    fig.draw_without_rendering()  # tick labels are set when the figure is drawn
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [t.get_text() for t in (ax.xaxis.label, ax.yaxis.label, *ax.texts)]
        texts += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
    for legend in [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends:
        texts += [t.get_text() for t in (*legend.get_texts(), legend.get_title())]
    return " ".join(texts)


def render_page(results_dir, slug, *, mark_insertions=False) -> dict[str, str]:
    """The page ``slug`` rendered from ``results_dir`` with the real templates: Markdown per language."""
    from generator.site.render import load_model, render_pages

    model = load_model(results_dir, [slug])
    pages = render_pages(model, REPO / "templates", SITE_URL, mark_insertions=mark_insertions)
    return {lang: pages[f"{lang}/{slug}.md"] for lang in ("ko", "en")}


def anchors(page: str) -> list[str]:
    """The ``{ #id }`` anchors of a page in order: headings, figures, claims."""
    return re.findall(r"\{ #([\w-]+) \}", page)


def check_lesson_page(pages: dict[str, str], experiments) -> None:
    """A chapter page in both languages: every figure of ``experiments`` once and in order, no
    template code left before the quotes, every claim in exactly one evidence box and no claim id
    in the prose, no missing value printed, and the same anchors in Korean and English."""
    figure_ids = [spec.id for e in experiments for spec in e.figure_specs()]
    claim_ids = [c.id for e in experiments for c in e.claims]
    for page in pages.values():
        assert [page.count(f'id="{f}"') for f in figure_ids] == [1] * len(figure_ids)
        positions = [page.index(f'id="{f}"') for f in figure_ids]
        assert positions == sorted(positions)
        assert "{{" not in page.split("??? quote")[0]
        assert [page.count(f'data-claim="{c}"') for c in claim_ids] == [1] * len(claim_ids)
        prose = re.sub(r"<div class=\"ch6-claims ch6-evidence\".*?</div>", "", page, flags=re.S)
        assert not [c for c in claim_ids if c in prose]
        assert "—" not in prose.split("??? quote")[0]  # num() and pct() print NaN as —
    assert anchors(pages["ko"]) == anchors(pages["en"])
