"""Rendering the real templates over every experiment's quick results: pages, figures, downloads."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.errors import UserError
from generator.experiments import EXPERIMENTS
from generator.results import load_claims
from generator.site.korean import particle_problems
from generator.site.provenance import read_site_url
from generator.site.render import load_model, render_pages
from tests.site.fixtures import REPO, edit_sealed, project, quick_project, render_project  # noqa: F401
from tests.support import SITE_URL

SLUGS = ("index", "optimizers", "initialization", "batch-norm", "regularization", "hyperparameters",
         "summary", "claims", "reproduce")
FIGURE_IDS = [spec.id for e in EXPERIMENTS for spec in e.figure_specs()]


def tree_bytes(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def text(root, lang, slug):
    return (root / "site_src" / lang / f"{slug}.md").read_text()


def test_render_site_writes_every_page_and_figure_in_both_languages(quick_project):
    for lang in ("ko", "en"):
        for slug in SLUGS:
            assert (quick_project / "site_src" / lang / f"{slug}.md").is_file(), (lang, slug)
        for figure_id in FIGURE_IDS:
            for fmt in ("svg", "png"):
                assert (quick_project / "site_src" / lang / "figures" / f"{figure_id}.{fmt}").is_file()
    for figure_id in FIGURE_IDS:
        assert (quick_project / "site_src" / "downloads" / f"{figure_id}.csv").is_file()
    for e in EXPERIMENTS:
        assert (quick_project / "site_src" / "downloads" / "results" / f"{e.id}.json").is_file()


def test_render_site_second_render_draws_nothing_and_writes_nothing(project):
    summary = render_project(project)
    assert summary.drawn == 0 and summary.reused == 3 * len(FIGURE_IDS)
    assert summary.written == [] and summary.removed == []


def test_render_site_edited_template_redraws_no_figure(project):
    template = project / "templates" / "regularization.md.j2"
    # a sentence of the English prose only: the first language block's else branch
    template.write_text(template.read_text().replace("{% else %}\n", "{% else %}\nAn edited sentence.\n", 1))
    summary = render_project(project)
    assert summary.drawn == 0
    assert summary.written == ["en/regularization.md"]


def test_render_site_reworded_claim_redraws_no_figure(project):
    edit_sealed(project / "build" / "results" / "overfitting.json", "far below its training accuracy", "well below its training accuracy")
    summary = render_project(project)
    assert summary.drawn == 0


def test_render_site_changed_result_redraws_only_its_experiments_figures(project):
    edit_sealed(project / "build" / "results" / "overfitting.json", '"preset":"quick"', '"preset":"quick+edited"')
    summary = render_project(project)
    assert summary.drawn == 3 * len(EXPERIMENTS[[e.id for e in EXPERIMENTS].index("overfitting")].figure_specs())


def test_render_site_missing_value_raises_user_error_naming_template(project):
    template = project / "templates" / "summary.md.j2"
    template.write_text(template.read_text() + "\n{{ facts.no_such_field }}\n")
    with pytest.raises(UserError) as error:
        render_project(project)
    assert "summary.md.j2" in str(error.value) and "no_such_field" in str(error.value)


def test_render_site_undefined_name_raises_and_keeps_old_output(project):
    before = tree_bytes(project / "site_src")
    template = project / "templates" / "index.md.j2"
    template.write_text(template.read_text() + "\n{{ not_in_the_context }}\n")
    with pytest.raises(UserError, match="not_in_the_context"):
        render_project(project)
    assert tree_bytes(project / "site_src") == before


def test_figure_block_has_anchor_caption_downloads_and_citation(quick_project):
    ko, en = text(quick_project, "ko", "regularization"), text(quick_project, "en", "regularization")
    result = load_model(quick_project / "build" / "results", ["regularization"]).results["overfitting"]
    assert 'id="fig-overfitting-baseline"' in ko
    assert "**그림 4.1.** 적은 훈련 데이터로" in ko
    assert "**Figure 4.1.** Training (solid)" in en
    assert "[데이터 (CSV)](../downloads/fig-overfitting-baseline.csv)" in ko
    assert "[result (JSON)](../downloads/results/overfitting.json)" in en
    assert '??? quote "이 그림 인용하기"' in ko and '??? quote "Cite this figure"' in en
    for page, permalink in ((ko, f"{SITE_URL}regularization/#fig-overfitting-baseline"),
                            (en, f"{SITE_URL}en/regularization/#fig-overfitting-baseline")):
        assert "@misc{ch6:fig-overfitting-baseline:" in page
        assert f"\\url{{{permalink}}}" in page
        assert "overfitting, preset quick, seeds 0, 1" in page
        assert result.dataset.sha256 in page and result.code_version in page


def test_figure_csv_holds_the_drawn_numbers_with_nan_as_empty(quick_project):
    csv_text = (quick_project / "site_src" / "downloads" / "fig-overfitting-baseline.csv").read_text()
    assert csv_text.splitlines()[0] == "variant,seed,epoch,train_acc,test_acc"


def test_render_site_numbers_figures_per_page_in_page_order(quick_project):
    assert "**그림 1.1.**" in text(quick_project, "ko", "optimizers")
    assert "**Figure 4.1.**" in text(quick_project, "en", "regularization")
    claims = text(quick_project, "en", "claims")
    assert "[Figure 4.1](regularization.md#fig-overfitting-baseline)" in claims


def test_claims_page_lists_every_claim_with_verdict_value_seeds_and_source(quick_project):
    claims = load_claims(quick_project / "build" / "results")
    ko, en = text(quick_project, "ko", "claims"), text(quick_project, "en", "claims")
    for claim in claims:
        assert f'<span id="claim-{claim.id}"></span>' in ko
        assert f'<span id="claim-{claim.id}"></span>' in en
    assert "✓ 성립" in ko and "✓ holds" in en
    assert "this site's hypothesis" in en and "이 사이트의 가설" in ko
    assert "book 6.4.1" in en and "책 6.4.1" in ko


def test_reproduce_page_carries_provenance(quick_project):
    en = text(quick_project, "en", "reproduce")
    result = load_model(quick_project / "build" / "results", ["reproduce"]).results["overfitting"]
    for expected in ("make site", "make test", "python -m generator run", "python -m generator site",
                     "[JSON](../downloads/results/overfitting.json)", f"`{result.code_version[:12]}`",
                     f"`{result.cache_keys[0][:12]}`", "mnist-10k"):
        assert expected in en
    assert "| Figure 6-20 | [Figure 4.1](regularization.md#fig-overfitting-baseline)" in en
    assert "| 그림 6-20 | [그림 4.1](regularization.md#fig-overfitting-baseline)" in text(quick_project, "ko", "reproduce")
    assert "| `overfitting` | 2 |" in en  # its compute time, recorded with the results
    assert "| 8,000 | 2,000 |" in en and "**The embedded dataset.**" in en


def test_render_site_removes_stale_files(project):
    render_project(project)
    stale = project / "site_src" / "ko" / "figures" / "fig-removed.svg"
    stale.write_bytes(b"<svg/>")
    summary = render_project(project)
    assert not stale.exists() and "ko/figures/fig-removed.svg" in summary.removed


def test_render_site_refuses_to_clean_a_directory_it_did_not_write(project):
    foreign = project / "site_src"
    shutil.rmtree(foreign)
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="refusing to clean"):
        render_project(project)
    assert (foreign / "notes.txt").read_text() == "mine"


def test_render_site_figure_left_off_its_page_raises(project):
    template = project / "templates" / "regularization.md.j2"
    assert '{{ figure("fig-overfitting-gap") }}' in template.read_text()
    template.write_text(template.read_text().replace('{{ figure("fig-overfitting-gap") }}', ""))
    with pytest.raises(UserError, match="each figure of the page must appear once"):
        render_project(project)


def test_render_site_claim_with_unknown_figure_raises(project):
    edit_sealed(project / "build" / "results" / "claims.json", '"fig-overfitting-dropout"', '"fig-nowhere"')
    with pytest.raises(UserError, match="fig-nowhere"):
        render_project(project)


def test_render_site_missing_result_names_the_file_to_produce(project):
    (project / "build" / "results" / "overfitting.json").unlink()
    with pytest.raises(UserError, match="overfitting.json: missing"):
        render_project(project)


def test_render_site_missing_template_raises(project):
    (project / "templates" / "regularization.md.j2").unlink()
    with pytest.raises(UserError, match="missing"):
        render_project(project)


def test_read_site_url_adds_trailing_slash(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://example.org/a\nlanguage: !ENV [NOPE, ko]\n")
    assert read_site_url(config) == "https://example.org/a/"
    config.write_text("site_name: x\n")
    with pytest.raises(UserError, match="site_url"):
        read_site_url(config)


def test_every_korean_page_attaches_particles_that_agree(quick_project):
    model = load_model(quick_project / "build" / "results")
    pages = render_pages(model, REPO / "templates", SITE_URL, mark_insertions=True)
    problems = {path: particle_problems(page) for path, page in pages.items() if path.startswith("ko/")}
    assert {path: found for path, found in problems.items() if found} == {}


def test_site_build_never_loads_the_engine_or_training_code(quick_project, tmp_path):
    # the project's figure cache, less a few figures, which the build draws (so drawing is covered)
    shutil.copytree(quick_project / "build" / "figures", tmp_path / "figures")
    for record in [r for r in sorted((tmp_path / "figures").glob("*.json")) if r.with_suffix(".svg").exists()][:3]:
        record.unlink()
    script = (
        "import sys\n"
        "from generator.site import render_site\n"
        f"render_site({str(quick_project / 'build' / 'results')!r}, {str(tmp_path / 'site_src')!r}, "
        f"{str(REPO / 'templates')!r}, config_file={str(REPO / 'mkdocs.yml')!r}, figure_cache={str(tmp_path / 'figures')!r})\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "generator.site" in loaded and "matplotlib" in loaded
    forbidden = {m for m in loaded if m.startswith(("generator.engine", "generator.run", "generator.bench", "generator.data"))
                 or (m.startswith("generator.experiments.") and m.rsplit(".", 1)[-1] in ("train", "bench"))}
    assert forbidden == set()


def test_rendered_files_hash_the_same_in_two_processes(quick_project, tmp_path):
    # Both renders start from an empty figure cache: the session's drew its figures in two worker
    # processes, this one draws them all in one, one after another, in another interpreter. Equal
    # bytes mean no figure depends on what its process drew before or on the hash seed.
    # The project's own mkdocs.yml: the git checkout it sits in (none) is part of what is rendered.
    script = (
        "from generator.site import render_site\n"
        f"render_site({str(quick_project / 'build' / 'results')!r}, {str(tmp_path / 'out')!r}, {str(REPO / 'templates')!r}, "
        f"config_file={str(quick_project / 'mkdocs.yml')!r}, figure_cache={str(tmp_path / 'cache')!r}, jobs=1)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, timeout=600)
    digest = {k: hashlib.sha256(v).hexdigest() for k, v in tree_bytes(tmp_path / "out").items()}
    assert digest == {k: hashlib.sha256(v).hexdigest() for k, v in tree_bytes(quick_project / "site_src").items()}


def front_matter(page: str) -> dict:
    head, _, _ = page.removeprefix("---\n").partition("\n---\n")
    return {key: json.loads(value) for key, value in (line.split(": ", 1) for line in head.splitlines())}


def test_render_site_placeholder_address_says_so_once_and_marks_every_page(project, capsys):
    lines = []
    render_project(project, notice=lines.append)
    assert len(lines) == 1 and lines[0].startswith(f"preview build: site_url is the placeholder {SITE_URL}")
    for lang in ("ko", "en"):
        for slug in SLUGS:
            assert front_matter(text(project, lang, slug))["ch6_preview"], (lang, slug)
    render_project(project)
    assert capsys.readouterr().out.count("preview build: site_url is the placeholder") == 1


def test_render_site_published_address_reaches_permalinks_og_image_and_citations(project, monkeypatch):
    monkeypatch.setenv("CH6_SITE_URL", "https://me.github.io/ch6")
    monkeypatch.setenv("CH6_REPO_URL", "https://github.com/me/ch6")
    lines = []
    render_project(project, notice=lines.append)
    assert lines == []
    en = text(project, "en", "regularization")
    assert "ch6_preview" not in front_matter(en)
    assert front_matter(en)["ch6_og_image"] == "https://me.github.io/ch6/en/figures/fig-overfitting-baseline.png"
    assert "\\url{https://me.github.io/ch6/en/regularization/#fig-overfitting-baseline}" in en
    assert "Repository <https://github.com/me/ch6>" in text(project, "en", "index")
    for lang in ("ko", "en"):
        for slug in SLUGS:
            assert "example.github.io" not in text(project, lang, slug), (lang, slug)


def git(root, *args, **env):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True, env=dict(os.environ, **env))


def test_render_site_in_a_git_checkout_cites_its_commit_and_date(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("CH6_REPO_URL", "https://github.com/me/ch6")
    (project / ".gitignore").write_text("/build/\n/site_src/\n/site/\n")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "site", GIT_COMMITTER_DATE="2025-04-03T10:00:00Z", GIT_AUTHOR_DATE="2025-04-03T10:00:00Z")
    head = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    render_project(project)
    link = f"[`{head[:12]}`](https://github.com/me/ch6/commit/{head})"
    reproduce = text(project, "en", "reproduce")
    assert f"It was built from commit {link}" in reproduce and "working tree had changes" not in reproduce
    assert "source date, 2025-04-03" in reproduce
    assert f"저장소 <https://github.com/me/ch6>의 커밋\n{link}" in text(project, "ko", "reproduce")
    for lang in ("ko", "en"):
        page = text(project, lang, "regularization")
        assert f"git commit {head} (https://github.com/me/ch6/commit/{head})" in page
        assert "year         = {2025}," in page and "urldate      = {2025-04-03}," in page
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\n")
    render_project(project)
    assert "working tree had changes not in that commit" in text(project, "en", "reproduce")


def test_every_page_shares_a_figure_of_the_site_as_og_image(quick_project):
    for lang, root in (("ko", ""), ("en", "en/")):
        for slug in SLUGS:
            meta = front_matter(text(quick_project, lang, slug))
            figure = meta["ch6_og_image"].removeprefix(f"{SITE_URL}{root}")
            assert re.fullmatch(r"figures/fig-[a-z0-9-]+\.png", figure), meta["ch6_og_image"]
            assert (quick_project / "site_src" / lang / figure).is_file()
            assert meta["ch6_og_image_alt"]
    assert front_matter(text(quick_project, "en", "regularization"))["ch6_og_image"].endswith("/fig-overfitting-baseline.png")


def test_figure_alt_text_describes_the_image_and_is_not_its_caption(quick_project):
    for e in EXPERIMENTS:
        for spec in e.figure_specs():
            for lang in ("ko", "en"):
                page = text(quick_project, lang, e.page)
                alt = re.search(rf"!\[(.*)\]\(figures/{spec.id}\.svg\)", page).group(1)
                assert alt and alt != spec.caption[lang] and spec.caption[lang][:30] not in alt, (lang, spec.id)


def test_figure_caption_names_the_books_figure(quick_project):
    assert '<span class="ch6-book">책의 그림 6-20을 다시 그린 것입니다.</span>' in text(quick_project, "ko", "regularization")
    assert '<span class="ch6-book">Regenerates Figure 6-20 of the book.</span>' in text(quick_project, "en", "regularization")


def test_home_page_cites_the_site_the_book_the_article_and_states_the_licences(quick_project):
    for lang, article, licence in (("en", "address not recorded", "under\n[CC BY 4.0]"),
                                   ("ko", "주소는 기록되지 않았습니다", "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) 라이선스로")):
        page = text(quick_project, lang, "index")
        assert f"@misc{{ch6-training-techniques:{lang}," in page
        assert "@book{saitoh2016," in page and "@book{saitoh2017ko," in page
        assert "O'Reilly Japan, 2016." in page and "2017." in page
        assert article in page and licence in page
