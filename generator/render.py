"""From saved results to the site: figures, downloads and pages, then ``mkdocs build --strict``.

``render_site`` reads ``build/results``, draws every figure whose experiment has a result, once
per language, and renders every page template into ``site_src/`` (the ``docs_dir`` of
``mkdocs.yml``). Like mkdocs' own build it gathers every file in memory first and writes only
when all pages rendered, so a template error leaves the previous ``site_src`` as it was.
``build_site`` then runs mkdocs once per language (see the comment in ``mkdocs.yml`` for why).

Pages never train and never plot: templates see a typed ``PageContext`` and nothing else.
"""

import csv
import io
import math
import os
import platform
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import jinja2
import markupsafe
import numpy as np

from generator import glossary
from generator.errors import UserError
from generator.fileio import write_bytes_atomic
from generator.results import Claim, Claims, Dataset, Result, load_claims, load_environment, load_results

PAGES = (
    "index",
    "optimizers",
    "initialization",
    "batch-norm",
    "regularization",
    "hyperparameters",
    "summary",
    "claims",
    "reproduce",
)
"""Page slugs in site order; a page's position is its number in figure labels ("그림 3.2")."""

TITLES = {
    "index": {"ko": "학습 관련 기술들: 6장 실험 다시 돌리기", "en": "Training techniques: chapter 6, re-run"},
    "optimizers": {"ko": "매개변수 갱신: 최적화 기법", "en": "Updating parameters: optimizers"},
    "initialization": {"ko": "가중치의 초깃값", "en": "Initial weights"},
    "batch-norm": {"ko": "배치 정규화", "en": "Batch normalization"},
    "regularization": {
        "ko": "바른 학습을 위해: 오버피팅, 가중치 감소, 드롭아웃",
        "en": "Learning that generalizes: overfitting, weight decay, dropout",
    },
    "hyperparameters": {"ko": "적절한 하이퍼파라미터 값 찾기", "en": "Finding good hyperparameters"},
    "summary": {"ko": "정리", "en": "Summary"},
    "claims": {"ko": "주장 검증", "en": "Claims checked"},
    "reproduce": {"ko": "재현하기", "en": "Reproduce"},
}


@dataclass(frozen=True)
class Language:
    code: str
    root: str
    """Path of this language's pages below the site root: ``""`` or ``"en/"``."""
    name: str
    figure_word: str


LANGUAGES = (
    Language("ko", "", "한국어", "그림"),
    Language("en", "en/", "English", "Figure"),
)

DOWNLOADS = "downloads"
"""Language-neutral files (CSV, result JSON), written once below ``site_src``."""

MARKER = ".generated"
"""Marks a directory as ours to clean; mkdocs skips dot files."""

COMPARISONS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


@dataclass(frozen=True)
class PageInfo:
    slug: str
    number: int
    """Position in ``PAGES``; the first part of this page's figure numbers."""
    title: str
    source: str
    """Markdown file of the page, relative to its language folder: ``"optimizers.md"``."""
    permalink: str


@dataclass(frozen=True)
class FigureRef:
    """A figure as pages see it: numbered, captioned and located for one language."""

    id: str
    experiment: str
    page: str
    number: str
    """``"<page number>.<position on page>"``, e.g. ``"4.2"``."""
    label: str
    """``"그림 4.2"`` or ``"Figure 4.2"``."""
    caption: str
    svg: str
    """Paths relative to a page of the same language."""
    png: str
    csv: str
    json: str
    href: str
    """Markdown link target from any page of the language: ``"regularization.md#fig-..."``."""
    permalink: str
    result: Result


@dataclass(frozen=True)
class ExperimentProvenance:
    experiment: str
    preset: str
    seeds: tuple[int, ...]
    dataset: Dataset | None
    code_version: str
    cache_keys: tuple[str, ...]
    json: str


@dataclass(frozen=True)
class Provenance:
    """Where the numbers on the site come from, and what built the site."""

    python: str
    numpy: str
    matplotlib: str
    datasets: tuple[Dataset, ...]
    experiments: tuple[ExperimentProvenance, ...]
    environments: tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...]
    """What the runs recorded about their machine: (experiment ids, or () for every experiment,
    and (key, text) pairs), from ``environment.json`` and any result's own ``environment``."""


@dataclass(frozen=True)
class PageContext:
    """Everything a page template may use; a name not here is an error at render time."""

    lang: str
    page: PageInfo
    pages: tuple[PageInfo, ...]
    results: Mapping[str, Result]
    claims: Claims
    """All claims; ``claims["id"]`` looks one up."""
    page_claims: Claims
    figures: tuple[FigureRef, ...]
    """This page's figures in number order."""
    all_figures: Mapping[str, FigureRef]
    provenance: Provenance
    site_url: str
    term: Callable[[str], str]
    num: Callable[..., str]
    pct: Callable[..., str]
    tr: Callable[[str, str], str]
    figure: Callable[[str], str]
    amounts: Callable[[Claim], tuple[str, str]]
    """A claim's value and threshold as printed: unit applied, digits enough to differ."""

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class RenderSummary:
    out_dir: Path
    pages: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _missing(x) -> bool:
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(x))


def num(x, digits: int | None = None) -> str:
    """``x`` with ``digits`` decimals (four significant digits if None), ``.`` as the point and
    no grouping, whatever the locale; ``—`` for no value."""
    if _missing(x):
        return "—"
    if digits is None:
        return f"{x:.4g}"
    return f"{x:.{digits}f}"


def pct(x, digits: int = 1) -> str:
    """A fraction as a percentage: ``pct(0.9712)`` is ``"97.1%"``."""
    if _missing(x):
        return "—"
    return f"{100 * x:.{digits}f}%"


def claim_amounts(claim: Claim) -> tuple[str, str]:
    """A claim's value and threshold in its unit, with enough digits to tell them apart.

    ``0.0004 > 0`` as percentages with one decimal reads "0.0% > 0.0%"; digits grow until
    the two differ on the page as they do in the numbers.
    """

    def show(x, digits):
        if claim.unit == "%":
            return pct(x, digits)
        return "—" if _missing(x) else f"{x:.{digits + 3}g}"

    for digits in range(1, 7):
        value, threshold = show(claim.value, digits), show(claim.threshold, digits)
        if value != threshold or _missing(claim.value) or claim.value == claim.threshold:
            break
    return value, threshold


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell and as HTML."""
    return str(markupsafe.escape(str(text))).replace("|", "\\|").replace("\n", " ")


def read_site_url(config_file) -> str:
    """``site_url`` of ``mkdocs.yml``, with a trailing slash; permalinks are built on it."""
    from mkdocs.utils.yaml import yaml_load

    config_file = Path(config_file)
    try:
        with config_file.open(encoding="utf-8") as f:
            config = yaml_load(f)
    except FileNotFoundError:
        raise UserError(f"{config_file}: missing") from None
    site_url = config.get("site_url")
    if not site_url:
        raise UserError(f"{config_file}: site_url is not set; figure permalinks need it")
    return site_url.rstrip("/") + "/"


def page_url(site_url: str, lang: Language, slug: str) -> str:
    return f"{site_url}{lang.root}{'' if slug == 'index' else slug + '/'}"


def _bibtex_escape(text: str) -> str:
    for char in "\\{}%&#_$":
        text = text.replace(char, "\\" + char)
    return text


def _seeds_text(seeds) -> str:
    return ", ".join(str(s) for s in seeds)


def figure_block(ref: FigureRef, lang: str) -> str:
    """Markdown for one figure: anchor, zoomable image, numbered caption, downloads, citation."""
    ko = lang == "ko"
    result = ref.result
    caption = markupsafe.escape(ref.caption)
    alt = ref.caption.replace("[", "\\[").replace("]", "\\]")
    data_word = "데이터 (CSV)" if ko else "data (CSV)"
    result_word = "결과 (JSON)" if ko else "result (JSON)"
    cite_word = "이 그림 인용하기" if ko else "Cite this figure"
    authors = "ch6-training-techniques contributors"
    seeds = _seeds_text(result.seeds)
    if result.dataset is None:
        data_note = "no dataset (inputs generated by the experiment)"
        data_text = "데이터 없음(실험이 입력을 직접 생성)" if ko else "no dataset (inputs generated by the experiment)"
    else:
        data_note = f"dataset {result.dataset.name} sha256 {result.dataset.sha256}"
        data_text = (
            f"{'데이터' if ko else 'data'} {result.dataset.name} (SHA-256 `{result.dataset.sha256}`)"
        )
    note = (
        f"experiment {result.experiment}, preset {result.preset}, seeds {seeds}; "
        f"{data_note}; code version {result.code_version}"
    )
    bibtex = [
        f"@misc{{ch6:{ref.id}:{lang},",
        f"  author       = {{{{{authors}}}}},",
        f"  title        = {{{_bibtex_escape(ref.label + ': ' + ref.caption)}}},",
        f"  howpublished = {{\\url{{{ref.permalink}}}}},",
        f"  url          = {{{ref.permalink}}},",
        f"  note         = {{{_bibtex_escape(note)}}},",
        "}",
    ]
    if ko:
        plain = (
            f"{authors}, 〈{ref.label}: {caption}〉, 실험 `{result.experiment}` "
            f"(프리셋 {result.preset}, 시드 {seeds}), {data_text}, 코드 버전 `{result.code_version}`. "
            f"<{ref.permalink}>"
        )
    else:
        plain = (
            f"{authors}, “{ref.label}: {caption}”, experiment `{result.experiment}` "
            f"(preset {result.preset}, seeds {seeds}), {data_text}, code version `{result.code_version}`. "
            f"<{ref.permalink}>"
        )
    lines = [
        f'<div class="ch6-figure" id="{markupsafe.escape(ref.id)}" markdown="block">',
        '<figure markdown="span">',
        f"![{alt}]({ref.svg})",
        f'<figcaption markdown="span">**{ref.label}.** {caption} '
        f"<span class=\"ch6-downloads\">[{data_word}]({ref.csv}) · [{result_word}]({ref.json}) · "
        f"[PNG]({ref.png})</span></figcaption>",
        "</figure>",
        "",
        f'??? quote "{cite_word}"',
        "",
        "    ```bibtex",
        *(f"    {line}" for line in bibtex),
        "    ```",
        "",
        f"    {plain}",
        "",
        "</div>",
    ]
    return "\n".join(lines)


def _csv_bytes(header, rows) -> bytes:
    """CSV with ``\\n`` line ends; floats in shortest round-trip form, NaN as an empty cell."""

    def cell(value):
        if isinstance(value, np.generic):
            value = value.item()
        if _missing(value):
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


def describe(value) -> str:
    """A recorded environment value as one line of text."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {describe(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(describe(v) for v in value) or "—"
    return "—" if value is None else str(value)


def _environment_items(environment: Mapping) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), describe(v)) for k, v in sorted(environment.items()))


def _provenance(results: Mapping[str, Result], run_environment: Mapping | None) -> Provenance:
    import matplotlib

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
        matplotlib=matplotlib.__version__,
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
    )


def _check_inputs(figures, results, claims: Claims) -> None:
    ids = [f.id for f in figures]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise UserError(f"generator/figures: figure ids appear twice: {', '.join(twice)}")
    for spec in figures:
        if spec.page not in PAGES:
            raise UserError(f"{spec.id}: page {spec.page!r} is not one of {', '.join(PAGES)}")
    drawn = {f.id for f in figures if f.experiment in results}
    for claim in claims:
        if claim.section not in PAGES:
            raise UserError(f"claims.json: claim {claim.id}: section {claim.section!r} is not a page")
        if claim.figure is not None and claim.figure not in drawn:
            raise UserError(
                f"claims.json: claim {claim.id}: figure {claim.figure!r} is not drawn "
                "(no such figure, or its experiment has no result)"
            )


def _number_figures(figures, results, lang: Language, site_url: str) -> dict[str, FigureRef]:
    refs = {}
    for number, slug in enumerate(PAGES):
        on_page = [f for f in figures if f.page == slug and f.experiment in results]
        for position, spec in enumerate(on_page, start=1):
            label_number = f"{number}.{position}"
            refs[spec.id] = FigureRef(
                id=spec.id,
                experiment=spec.experiment,
                page=slug,
                number=label_number,
                label=f"{lang.figure_word} {label_number}",
                caption=spec.caption[lang.code],
                svg=f"figures/{spec.id}.svg",
                png=f"figures/{spec.id}.png",
                csv=f"../{DOWNLOADS}/{spec.id}.csv",
                json=f"../{DOWNLOADS}/results/{spec.experiment}.json",
                href=f"{slug}.md#{spec.id}",
                permalink=f"{page_url(site_url, lang, slug)}#{spec.id}",
                result=results[spec.experiment],
            )
    return refs


def _environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md_cell"] = md_cell
    env.filters["html"] = markupsafe.escape
    env.filters["op"] = lambda comparison: COMPARISONS.get(comparison, comparison)
    env.filters["short"] = lambda digest, n=12: digest[:n]
    return env


def _template_error(error: Exception, name: str, templates_dir: Path) -> UserError:
    """Name the template line that failed (the innermost, which may be in an imported macro)."""
    where = str(templates_dir / name)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2"):
            where = f"{frame.filename}:{frame.lineno}"
    message = getattr(error, "message", None) or str(error)
    if where.split(":")[0] != str(templates_dir / name):
        message += f" (rendering {templates_dir / name})"
    return UserError(f"{where}: {message}")


def _render_page(env, templates_dir, lang, page, pages, results, claims, refs, provenance, site_url):
    name = f"{lang.code}/{page.slug}.md.j2"
    page_figures = tuple(r for r in refs.values() if r.page == page.slug)
    placed: list[str] = []

    def figure(figure_id: str) -> str:
        ref = refs.get(figure_id)
        if ref is None:
            raise UserError(f"{templates_dir / name}: no figure {figure_id!r} is drawn")
        if ref.page != page.slug:
            raise UserError(f"{templates_dir / name}: figure {figure_id} belongs on page {ref.page}")
        placed.append(figure_id)
        return figure_block(ref, lang.code)

    context = PageContext(
        lang=lang.code,
        page=page,
        pages=pages,
        results=results,
        claims=claims,
        page_claims=claims.for_page(page.slug),
        figures=page_figures,
        all_figures=refs,
        provenance=provenance,
        site_url=site_url,
        term=lambda concept: glossary.term(concept, lang.code),
        num=num,
        pct=pct,
        tr=lambda ko, en: ko if lang.code == "ko" else en,
        figure=figure,
        amounts=claim_amounts,
    )
    try:
        text = env.get_template(name).render(context.as_dict())
    except jinja2.TemplateNotFound:
        raise UserError(f"{templates_dir / name}: missing") from None
    except UserError:
        raise
    except (jinja2.TemplateError, KeyError, AttributeError, TypeError, ValueError) as error:
        raise _template_error(error, name, templates_dir) from error
    expected = [r.id for r in page_figures]
    if placed != expected:
        raise UserError(
            f"{templates_dir / name}: each figure of the page must appear once, in number order; "
            f"expected {expected}, got {placed}"
        )
    return text


def gather(results_dir, templates_dir, figures, site_url) -> tuple[dict[str, bytes], RenderSummary]:
    """Every file of ``site_src`` as bytes by relative path; nothing is written."""
    from generator.figures.style import figure_bytes

    templates_dir = Path(templates_dir)
    results = load_results(results_dir)
    claims = load_claims(results_dir)
    _check_inputs(figures, results, claims)
    provenance = _provenance(results, load_environment(results_dir))
    env = _environment(templates_dir)
    files: dict[str, bytes] = {}
    summary = RenderSummary(out_dir=Path())

    # Pages before figures, so that a template error shows before a long drawing run.
    for lang in LANGUAGES:
        refs = _number_figures(figures, results, lang, site_url)
        pages = tuple(
            PageInfo(
                slug=slug,
                number=number,
                title=TITLES[slug][lang.code],
                source=f"{slug}.md",
                permalink=page_url(site_url, lang, slug),
            )
            for number, slug in enumerate(PAGES)
        )
        for page in pages:
            text = _render_page(
                env, templates_dir, lang, page, pages, results, claims, refs, provenance, site_url
            )
            files[f"{lang.code}/{page.source}"] = text.encode("utf-8")
            summary.pages.append(f"{lang.code}/{page.source}")

    drawn = [f for f in figures if f.experiment in results]
    for spec in drawn:
        result = results[spec.experiment]
        header, rows = spec.data(result)
        files[f"{DOWNLOADS}/{spec.id}.csv"] = _csv_bytes(header, rows)
        for lang in LANGUAGES:
            fig = spec.draw(result, lang.code)
            for fmt, data in figure_bytes(fig).items():
                files[f"{lang.code}/figures/{spec.id}.{fmt}"] = data
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close(fig)
        summary.figures.append(spec.id)
    for result in results.values():
        files[f"{DOWNLOADS}/results/{result.experiment}.json"] = result.path.read_bytes()
    return files, summary


def _check_ours(out_dir: Path) -> None:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise UserError(
            f"{out_dir}: exists and was not written by the generator; refusing to clean it"
        )


def _write_tree(out_dir: Path, files: Mapping[str, bytes], summary: RenderSummary) -> None:
    """Make ``out_dir`` hold exactly ``files``: changed files are replaced atomically, others removed."""
    _check_ours(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = dict(files)
    wanted[MARKER] = b"Generated by `python -m generator site`; edits here are overwritten.\n"
    for rel, data in sorted(wanted.items()):
        path = out_dir / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        write_bytes_atomic(path, data)
        summary.written.append(rel)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
            summary.removed.append(rel)


def render_site(
    results_dir="build/results",
    out_dir="site_src",
    templates_dir="templates",
    *,
    figures=None,
    config_file="mkdocs.yml",
) -> RenderSummary:
    """Draw the figures and render the pages of both languages into ``out_dir``.

    ``figures`` defaults to ``generator.figures.FIGURES``; tests pass their own.
    """
    if figures is None:
        from generator.figures import FIGURES as figures
    _check_ours(Path(out_dir))
    site_url = read_site_url(config_file)
    files, summary = gather(results_dir, templates_dir, figures, site_url)
    summary.out_dir = Path(out_dir)
    _write_tree(Path(out_dir), files, summary)
    return summary


def source_date_epoch(root) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else 0: no build clock leaks in."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "0"
    return out or "0"


def mkdocs_command(lang: Language, site_dir: Path, config_file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir / lang.root) if lang.root else str(site_dir),
    ]


def build_site(root=".", site_dir="site", *, check: bool = True) -> Path:
    """Build ``site_src`` into ``site_dir`` with mkdocs, one build per language, then check it.

    Korean is built at the root and English into ``en/``; each build carries its own search
    index. The tree is assembled next to ``site_dir`` and swapped in only when both builds and
    the checks pass.
    """
    root = Path(root).resolve()
    site_dir = root / site_dir
    staging = site_dir.with_name(site_dir.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    for lang in LANGUAGES:
        proc = subprocess.run(
            mkdocs_command(lang, staging, root / "mkdocs.yml"),
            cwd=root,
            env=dict(env, SITE_LANG=lang.code),
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            tail = "\n".join(proc.stderr.strip().splitlines()[-20:])
            raise UserError(f"mkdocs build --strict ({lang.code}) failed:\n{tail}")
    if check:
        from generator.sitecheck import check_site

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
    return site_dir
