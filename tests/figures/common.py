"""What the figure tests share: quick results, the words a figure shows, pages rendered from them."""

import dataclasses
import re
import shutil
from pathlib import Path

import numpy as np

from generator import runner
from generator.figures import FIGURES
from generator.render import PAGES, render_site

REPO = Path(__file__).resolve().parents[2]
SEEDS = (0, 1)
HANGUL = re.compile("[가-힣]")
PLACEHOLDER = "# {slug} {{ #{slug} }}\n\n{{% for f in figures %}}{{{{ figure(f.id) }}}}\n\n{{% endfor %}}"
"""A page other than the ones under test: its title anchor and its figures, nothing else."""


def quick_results(tmp_path_factory, experiments, seeds=SEEDS) -> Path:
    """The folder of quick-preset results of ``experiments`` and their claims, written as the runner writes them."""
    root = tmp_path_factory.mktemp("quick")
    r = runner.Runner(results_dir=root / "results", cache_dir=root / "cache", warn=lambda message: None)
    r.run([(e, "quick", e.preset("quick")) for e in experiments], seeds=list(seeds))
    runner.write_claims(root / "results")
    return root / "results"


class Metrics(dict):
    """Metrics a test has edited, read by name or as attributes like a result's own."""

    __getattr__ = dict.__getitem__


def with_metrics(result, **changed):
    """``result`` with the metrics ``changed`` in place of its own, e.g. to make a run diverge."""
    metrics = Metrics({name: np.array(result.metrics[name]) for name in result.metrics}, **changed)
    return dataclasses.replace(result, metrics=metrics)


def figure_spec(figure_id):
    return next(spec for spec in FIGURES if spec.id == figure_id)


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


def page_templates(tmp_path, slugs) -> Path:
    """The real templates of the pages ``slugs``, and a placeholder placing its figures for every other page."""
    root = tmp_path / "templates"
    for lang in ("ko", "en"):
        (root / lang).mkdir(parents=True)
        for slug in PAGES:
            target = root / lang / f"{slug}.md.j2"
            if slug in slugs:
                shutil.copy(REPO / "templates" / lang / target.name, target)
            else:
                target.write_text(PLACEHOLDER.format(slug=slug))
    shutil.copy(REPO / "templates" / "macros.md.j2", root / "macros.md.j2")
    return root


def render_pages(results_dir, tmp_path, slugs, figures) -> dict[str, dict[str, str]]:
    """Render ``results_dir`` with ``figures`` and the real templates of ``slugs``; each of those pages per language."""
    out = tmp_path / "site_src"
    render_site(results_dir, out, page_templates(tmp_path, slugs), figures=figures, config_file=REPO / "mkdocs.yml")
    return {slug: {lang: (out / lang / f"{slug}.md").read_text() for lang in ("ko", "en")} for slug in slugs}


def anchors(page: str) -> list[str]:
    """The ``{ #id }`` anchors of a page in order: headings, figures, claims."""
    return re.findall(r"\{ #([\w-]+) \}", page)


def check_section_page(pages: dict[str, str], slug: str, figures) -> None:
    """A section page in both languages: every figure once and in order, no template code left before
    the quotes, its claims' heading, and the same anchors in Korean and English."""
    for page in pages.values():
        assert [page.count(f'id="{figure.id}"') for figure in figures] == [1] * len(figures)
        positions = [page.index(f'id="{figure.id}"') for figure in figures]
        assert positions == sorted(positions)
        assert "{{" not in page.split("??? quote")[0]
        assert f"claims-{slug}" in anchors(page)
    assert anchors(pages["ko"]) == anchors(pages["en"])
