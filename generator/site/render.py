"""From saved results to ``site_src/``: page facts, templates, figures and downloads.

``render_site`` reads ``build/results``, computes every page's facts, renders every page
template of both languages, and collects every figure file (from the figure cache, or drawn).
Like mkdocs' own build it gathers every file in memory first and writes only when all pages
rendered, so a template error leaves the previous ``site_src`` as it was.
"""

import json
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe

from generator import glossary
from generator.errors import UserError
from generator.fileio import write_bytes_atomic
from generator.pages import PAGES
from generator.results import Claims, Result, load_claims, load_environment, load_results, load_timings
from generator.site import citation
from generator.site import facts as page_facts
from generator.site import format as fmt
from generator.site.cite import figure_block
from generator.site.excerpts import excerpt as find_excerpt
from generator.site.explorables import explorables as find_explorables
from generator.site.explore import block as explore_block
from generator.site.explore import Explorable, cite_template, data_bytes
from generator.site.context import DOWNLOADS, LANGUAGES, FigureView, Language, PageContext, Provenance, SiteSource, page_data, page_views
from generator.site.provenance import PREVIEW_SOURCE, provenance, read_repo_url, read_site_url, site_source
from generator.site.views import figure_alts, figure_views
from generator.site.figures import FigureRef, number_figures, render_figures
from generator.site.korean import josa

MARKER = ".generated"
"""Marks a directory as ours to clean; mkdocs skips dot files."""
INSERTED = ("\x01", "\x02")
"""Around every inserted value when rendering for the particle check (``mark_insertions``)."""


@dataclass
class RenderSummary:
    out_dir: Path
    pages: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    drawn: int = 0
    reused: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _check_claims(claims: Claims, refs: Mapping[str, FigureRef]) -> None:
    slugs = {p.slug for p in PAGES}
    for claim in claims:
        if claim.page not in slugs:
            raise UserError(f"claims.json: claim {claim.id}: page {claim.page!r} is not a page")
        if claim.figure is not None and claim.figure not in refs:
            raise UserError(
                f"claims.json: claim {claim.id}: figure {claim.figure!r} is not drawn "
                "(no such figure, or its experiment has no result)"
            )


def environment(templates_dir: Path, *, mark_insertions: bool = False) -> jinja2.Environment:
    def finalize(value):
        return f"{INSERTED[0]}{value}{INSERTED[1]}" if mark_insertions else value

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters["md_cell"] = fmt.md_cell
    env.filters["html"] = markupsafe.escape
    env.filters["op"] = lambda comparison: fmt.COMPARISONS.get(comparison, comparison)
    env.filters["short"] = lambda digest, n=12: digest[:n]
    env.filters["josa"] = josa
    return env


FILTERS = ("md_cell", "html", "op", "short", "josa", "join", "capitalize", "e", "escape", "upper", "lower", "trim")
"""The filters a template may use: formatting only (the template lint enforces it)."""


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


class TermWord(str):
    """A glossary word that renders as ``<abbr title="...">word</abbr>``; site.js shows the title
    in a box on hover, focus or tap.

    As a string it is the bare word, so filters that work on text (``capitalize``) get the word,
    while output, ``josa`` and ``~`` (which format it) get the markup; ``generator.site.korean``
    reads the word's last sound through the closing tag.
    """

    def __new__(cls, word: str, about: str):
        self = super().__new__(cls, word)
        self.markup = f'<abbr class="ch6-term" title="{markupsafe.escape(about)}" tabindex="0">{word}</abbr>'
        return self

    def __str__(self) -> str:
        return self.markup

    def __format__(self, spec: str) -> str:
        return format(self.markup, spec)


@dataclass(frozen=True)
class SiteModel:
    """Everything the pages are rendered from, language-free: results, claims, facts, figures."""

    results: Mapping[str, Result]
    claims: Claims
    provenance: Provenance
    facts: Mapping[str, object]
    """Each page's facts by slug."""
    refs: Mapping[str, FigureRef]
    alts: Mapping[str, Mapping[str, str]]
    """Each figure's alt text by id and language."""
    explorables: Mapping[str, Explorable]
    """The explorables by the id of the figure each extends."""


def load_model(results_dir, slugs=None, source: SiteSource = PREVIEW_SOURCE, templates_dir="templates") -> SiteModel:
    """Read the results and compute the facts of every page (or of the pages ``slugs``)."""
    from generator.experiments import EXPERIMENTS

    slugs = tuple(p.slug for p in PAGES) if slugs is None else tuple(slugs)
    results = load_results(results_dir)

    def template(slug: str) -> str:
        path = Path(templates_dir) / template_name(templates_dir, slug, "ko")
        return path.read_text(encoding="utf-8") if path.exists() else ""

    on_page = page_facts.page_experiments(EXPERIMENTS, template)
    order = {e: i for i, e in enumerate(e for p in PAGES for e in on_page[p.slug])}
    # claims in page order, then in the order the page's figures are numbered
    claims = Claims(sorted(load_claims(results_dir), key=lambda c: order.get(c.experiment, len(order))))
    prov = provenance(results, load_environment(results_dir), source)
    refs = number_figures(EXPERIMENTS, results, on_page)  # every page's, so links to other pages resolve
    inputs = page_facts.SiteInputs(results, claims, prov, refs, load_timings(results_dir))
    facts = {slug: page_facts.module(slug).facts(inputs) for slug in slugs}
    if len(slugs) == len(PAGES):
        _check_claims(claims, refs)
    return SiteModel(results, claims, prov, facts, refs, figure_alts(refs), find_explorables(results))


def template_name(templates_dir: Path, slug: str, lang: str) -> str:
    """The page's one skeleton, ``<slug>.md.j2``, read for both languages (its prose for each in
    ``{% if ko %}`` blocks), or a template per language, ``<lang>/<slug>.md.j2``."""
    skeleton = f"{slug}.md.j2"
    return skeleton if (Path(templates_dir) / skeleton).exists() else f"{lang}/{slug}.md.j2"


def code_block(shown, lang: str, source) -> str:
    """An excerpt as a fenced, highlighted block titled by its file and name, then a line linking
    to those lines of the file at the commit the site was built from."""
    lines = f"{shown.start}–{shown.end}"
    where = f"{shown.path}, {lines}행" if lang == "ko" else f"{shown.path}, lines {lines}"
    ref = source.commit or "main"
    url = f"{source.repo_url.rstrip('/')}/blob/{ref}/{shown.path}#L{shown.start}-L{shown.end}"
    at = (f"커밋 {source.commit[:7]}" if lang == "ko" else f"commit {source.commit[:7]}") if source.commit else ""
    fence = "````" if "```" in shown.code else "```"
    return (
        f'{fence} python title="{shown.path} · {shown.name}" linenums="{shown.start}"\n{shown.code}\n{fence}\n\n'
        f'<p class="ch6-excerpt-source">{"원본" if lang == "ko" else "Source"}: '
        f'<a href="{markupsafe.escape(url)}">{markupsafe.escape(where)}</a>{" (" + at + ")" if at else ""}</p>\n'
    )


def render_page(env, templates_dir: Path, model: SiteModel, lang: Language, slug: str, site_url: str) -> str:
    name = template_name(templates_dir, slug, lang.code)
    views = figure_views(model.refs, lang, site_url, model.alts)
    pages = page_views(lang, site_url)
    page = next(p for p in pages if p.slug == slug)
    page_figures = tuple(v for v in views.values() if v.page == slug)
    placed: list[str] = []

    def figure(figure_id: str) -> str:
        view = views.get(figure_id)
        if view is None:
            raise UserError(f"{templates_dir / name}: no figure {figure_id!r} is drawn")
        if view.page != slug:
            raise UserError(f"{templates_dir / name}: figure {figure_id} belongs on page {view.page}")
        placed.append(figure_id)
        shown = figure_block(view, lang.code, model.provenance.source)
        explorable = model.explorables.get(figure_id)
        if explorable is not None:  # the explorable stands right after the figure it extends
            result = model.results[explorable.experiment]
            permalink = f"{page.permalink}#{explorable.id}"
            cite = cite_template(explorable, result, lang.code, model.provenance.source, view.label)
            src = f"../{DOWNLOADS}/{explorable.file()}"
            shown += "\n\n" + explore_block(explorable, lang.code, src, permalink, cite)
        return shown

    def fig(figure_id: str) -> str:
        view = views.get(figure_id)
        if view is None:
            raise UserError(f"{templates_dir / name}: no figure {figure_id!r} is drawn")
        target = f"#{figure_id}" if view.page == slug else view.href
        return f"[{view.label}]({target})"

    def claim(claim_id: str):
        try:
            return model.claims[claim_id]
        except KeyError as error:
            raise UserError(f"{templates_dir / name}: {error.args[0]}") from None

    explained: set[str] = set()

    def term(concept: str) -> str:
        """The glossary's word; its first use on the page carries the glossary's line as a tooltip."""
        word = glossary.term(concept, lang.code)
        if concept in explained:
            return word
        explained.add(concept)
        return TermWord(word, glossary.entry(concept).about(lang.code))

    def threshold(c) -> str:
        return f"{fmt.COMPARISONS.get(c.comparison, c.comparison)} {fmt.claim_amounts(c, lang.code)[1]}"

    shown_code: list[tuple[str, str]] = []

    def code(path: str, what: str) -> str:
        """``code("generator/engine/optimizers.py", "Adam")``: the engine's own lines, placed here."""
        try:
            shown = find_excerpt(path, what)
        except UserError as error:
            raise UserError(f"{templates_dir / name}: {error}") from None
        shown_code.append((path, what))
        return code_block(shown, lang.code, model.provenance.source)

    boxed: list[str] = []

    def evidence_claims(*claim_ids: str) -> tuple:
        """The claims an evidence box shows, recorded so that each claim of the page is boxed once."""
        boxed.extend(claim_ids)
        return tuple(claim(c) for c in claim_ids)

    context = PageContext(
        lang=lang.code,
        ko=lang.code == "ko",
        page=page,
        pages=pages,
        facts=model.facts[slug],
        page_claims=model.claims.for_page(slug),
        figures=page_figures,
        data=page_data(r.dataset for r in model.results.values() if r.experiment in {v.experiment for v in page_figures}),
        provenance=model.provenance,
        site_url=site_url,
        claim=claim,
        figure=figure,
        fig=fig,
        term=term,
        num=fmt.num,
        pct=fmt.pct,
        pp=lambda x, digits=1: fmt.pp(x, lang.code, digits),
        sci=fmt.sci,
        amount=lambda c: fmt.claim_amounts(c, lang.code)[0],
        threshold=threshold,
        spread=lambda c: fmt.claim_spread(c, lang.code),
        code=code,
        evidence_claims=evidence_claims,
        tr=lambda ko, en: ko if lang.code == "ko" else en,
    )
    try:
        text = env.get_template(name).render(context.as_dict())
    except jinja2.TemplateNotFound:
        raise UserError(f"{templates_dir / name}: missing") from None
    except UserError:
        raise
    except (jinja2.TemplateError, KeyError, AttributeError, TypeError, ValueError) as error:
        raise _template_error(error, name, templates_dir) from error
    expected = [v.id for v in page_figures]
    if placed != expected:
        raise UserError(
            f"{templates_dir / name}: each figure of the page must appear once, in number order; "
            f"expected {expected}, got {placed}"
        )
    if name == f"{slug}.md.j2":
        _check_boxed(templates_dir / name, boxed, [c.id for c in model.claims.for_page(slug)])
    return front_matter(slug, lang, page_figures or tuple(views.values()), site_url) + text


def _check_boxed(where: Path, boxed: list[str], page_claims: list[str]) -> None:
    """Each claim of a page stands in exactly one of its evidence boxes, and no other claim does."""
    twice = sorted({c for c in boxed if boxed.count(c) > 1})
    missing = [c for c in page_claims if c not in boxed]
    # a page without claims of its own (the summary) may box the chapter pages' claims
    foreign = [c for c in boxed if c not in page_claims] if page_claims else []
    for problem, ids in (("in two evidence boxes", twice), ("in no evidence box", missing), ("not a claim of this page", foreign)):
        if ids:
            raise UserError(f"{where}: claim {ids[0]} is {problem}" + (f" (and {len(ids) - 1} more)" if len(ids) > 1 else ""))


def front_matter(slug: str, lang: Language, figures: tuple[FigureView, ...], site_url: str) -> str:
    """What the theme reads besides the Markdown (``overrides/main.html``): the page's description,
    its ``og:image`` (its first figure, else the site's first) and, on a preview build, the note
    that says so. Values are JSON strings, which YAML reads as they are."""
    about = next(p for p in PAGES if p.slug == slug)
    meta = {}
    description = about.about_ko if lang.code == "ko" else about.about_en
    if description:
        meta["description"] = description
    if figures:
        meta["ch6_og_image"] = figures[0].png_url
        meta["ch6_og_image_alt"] = figures[0].alt
    if citation.is_placeholder(site_url):
        meta["ch6_preview"] = citation.preview_note(lang.code)
    if not meta:
        return ""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def render_pages(model: SiteModel, templates_dir, site_url: str, *, mark_insertions: bool = False) -> dict[str, str]:
    """Every page of the model (all pages, or those it was loaded for) as Markdown by ``<lang>/<slug>.md``."""
    templates_dir = Path(templates_dir)
    env = environment(templates_dir, mark_insertions=mark_insertions)
    return {
        f"{lang.code}/{p.source}": render_page(env, templates_dir, model, lang, p.slug, site_url)
        for lang in LANGUAGES
        for p in PAGES
        if p.slug in model.facts
    }


def gather(results_dir, templates_dir, site_url, *, figure_cache, jobs: int = 1,
           report: Callable[[str], None] = lambda line: None,
           source: SiteSource = PREVIEW_SOURCE) -> tuple[dict[str, bytes], RenderSummary]:
    """Every file of ``site_src`` as bytes by relative path; nothing is written to ``site_src``."""
    model = load_model(results_dir, source=source, templates_dir=templates_dir)
    summary = RenderSummary(out_dir=Path())
    # Pages before figures, so that a template error shows before a long drawing run.
    files = {path: text.encode("utf-8") for path, text in render_pages(model, templates_dir, site_url).items()}
    summary.pages = sorted(files)
    report(f"pages: {len(files)} rendered")
    drawn = render_figures(model.refs, figure_cache, jobs, report)
    files.update(drawn.files)
    summary.figures = list(model.refs)
    summary.drawn, summary.reused = drawn.drawn, drawn.reused
    for result in model.results.values():
        files[f"{DOWNLOADS}/results/{result.experiment}.json"] = result.path.read_bytes()
    for explorable in model.explorables.values():
        files[f"{DOWNLOADS}/{explorable.file()}"] = data_bytes(explorable, model.results[explorable.experiment])
    return files, summary


def _check_ours(out_dir: Path) -> None:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise UserError(f"{out_dir}: exists and was not written by the generator; refusing to clean it")


def write_tree(out_dir: Path, files: Mapping[str, bytes], summary: RenderSummary) -> None:
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


def render_site(results_dir="build/results", out_dir="site_src", templates_dir="templates", *,
                config_file="mkdocs.yml", figure_cache="build/figures", jobs: int = 1,
                report: Callable[[str], None] = lambda line: None,
                notice: Callable[[str], None] = lambda line: print(line, file=sys.stdout, flush=True)) -> RenderSummary:
    """Compute the facts, render the pages of both languages and collect the figures into ``out_dir``.

    A build for the placeholder address says so once through ``notice`` (stdout), besides the
    note every page of it shows."""
    _check_ours(Path(out_dir))
    site_url = read_site_url(config_file)
    source = site_source(site_url, read_repo_url(config_file), Path(config_file).parent)
    if source.preview:
        notice(f"preview build: site_url is the placeholder {site_url}; set CH6_SITE_URL and CH6_REPO_URL "
               "for the published address (permalinks, citations, sitemap)")
    files, summary = gather(results_dir, templates_dir, site_url, figure_cache=figure_cache, jobs=jobs,
                            report=report, source=source)
    summary.out_dir = Path(out_dir)
    write_tree(Path(out_dir), files, summary)
    return summary
