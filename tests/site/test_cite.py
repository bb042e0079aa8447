"""Citations, licences, the site's address and its provenance: the parts that need no site build.

The built pages are checked in test_render.py (Markdown) and test_build.py (HTML)."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.errors import UserError
from generator.plot import FigureSpec
from generator.site import citation
from generator.site.cite import figure_block, figure_bibtex, figure_plain
from generator.site.context import FigureView, SiteSource
from generator.site.figures import FigureRef
from generator.site.provenance import PREVIEW_SOURCE, read_repo_url, read_site_url, require_published, site_source
from generator.site.views import derived_alt, short_title
from tests.support import make_result

REPO = Path(__file__).resolve().parents[2]
COMMIT = "0123456789abcdef0123456789abcdef01234567"
CAPTION = {
    "ko": "적은 훈련 데이터로 깊은 신경망을 학습할 때의 에폭별 훈련 정확도(실선)와 시험 정확도(점선). 숫자는 마지막 에폭들의 평균입니다.",
    "en": "Training (solid) and test (dashed) accuracy per epoch of a deep network trained on few images. "
    "The numbers are the mean of the last epochs.",
}


def make_source(**changed) -> SiteSource:
    values = dict(
        site_url="https://me.github.io/ch6/", repo_url="https://github.com/me/ch6", commit=COMMIT, dirty=False,
        commit_url=f"https://github.com/me/ch6/commit/{COMMIT}", date="2026-11-27", year="2026", preview=False,
    )
    values.update(changed)
    return SiteSource(**values)


def make_spec(**changed) -> FigureSpec:
    values = dict(
        id="fig-test-accuracy", caption=CAPTION, book="6-20",
        draw=lambda result, lang: None,
        data=lambda result: (["variant", "seed", "epoch", "train_acc", "test_acc"],
                             [["baseline", 0, 0, 0.5, 0.4], ["baseline", 1, 0, 0.6, 0.5]]),
    )
    values.update(changed)
    return FigureSpec(**values)


def make_ref(spec=None) -> FigureRef:
    result = make_result("overfitting", {}, {"train_acc": [[0.5], [0.6]]},
                         axes=[("variant", ("baseline", "dropout"), ("정규화 없음", "드롭아웃"), ("no regularization", "dropout"))])
    return FigureRef((spec or make_spec()).id, "overfitting", "regularization", "4.1", spec or make_spec(), result)


def make_view(lang="en", spec=None) -> FigureView:
    ref = make_ref(spec)
    label = {"ko": "그림 4.1", "en": "Figure 4.1"}[lang]
    root = "" if lang == "ko" else "en/"
    return FigureView(
        id=ref.id, experiment=ref.experiment, page=ref.page, number=ref.number, label=label,
        caption=ref.spec.caption[lang], short_title=short_title(ref.spec, lang), alt=derived_alt(ref, lang),
        book=ref.spec.book, svg=f"figures/{ref.id}.svg", png=f"figures/{ref.id}.png",
        csv=f"../downloads/{ref.id}.csv", json="../downloads/results/overfitting.json",
        href=f"regularization.md#{ref.id}", permalink=f"https://me.github.io/ch6/{root}regularization/#{ref.id}",
        png_url=f"https://me.github.io/ch6/{root}figures/{ref.id}.png", result=ref.result,
    )


# --- a figure's citation ---------------------------------------------------------------------------

def test_figure_bibtex_has_author_year_access_date_short_title_and_provenance():
    bibtex = figure_bibtex(make_view("en"), "en", make_source())
    assert "author       = {{ch6-training-techniques contributors}}," in bibtex
    assert "title        = {{Figure 4.1}: Training (solid) and test (dashed) accuracy per epoch of a deep network trained on few images}," in bibtex
    assert "year         = {2026}," in bibtex and "urldate      = {2026-11-27}," in bibtex
    assert "url          = {https://me.github.io/ch6/en/regularization/#fig-test-accuracy}," in bibtex
    note = re.search(r"note +=  ?\{(.*)\},", bibtex).group(1)
    assert note.startswith("Regenerates Figure 6-20 of Saitoh (2016), Deep Learning from Scratch.")
    assert f"git commit {COMMIT} (https://github.com/me/ch6/commit/{COMMIT})" in note
    assert "code version c0de" in note and "sha256 " + "0" * 64 in note and "licence CC BY 4.0" in note
    assert "The numbers are the mean" not in bibtex


def test_figure_plain_names_commit_link_access_date_and_book_in_each_language():
    en = figure_plain(make_view("en"), "en", make_source())
    assert en.startswith("ch6-training-techniques contributors (2026). “Figure 4.1: Training (solid) and test (dashed) accuracy")
    assert f"commit [`{COMMIT[:12]}`](https://github.com/me/ch6/commit/{COMMIT})" in en
    assert "Regenerates Figure 6-20 of Koki Saitoh, *Deep Learning from Scratch* (2016)." in en
    assert en.endswith("<https://me.github.io/ch6/en/regularization/#fig-test-accuracy>, accessed 2026-11-27.")
    ko = figure_plain(make_view("ko"), "ko", make_source())
    assert ko.startswith("ch6-training-techniques contributors (2026). 〈그림 4.1: 적은 훈련 데이터로")
    assert "《밑바닥부터 시작하는 딥러닝》(2017)의 그림 6-20을 다시 그렸습니다." in ko
    assert f"커밋 [`{COMMIT[:12]}`]" in ko and ko.endswith("(접속일 2026-11-27).")


def test_figure_citation_without_git_or_date_says_so_and_invents_nothing():
    source = make_source(commit=None, commit_url=None, date=None, year=None)
    bibtex = figure_bibtex(make_view("en"), "en", source)
    assert "year" not in bibtex and "urldate" not in bibtex and "git commit not recorded" in bibtex
    assert "(n.d.)" in figure_plain(make_view("en"), "en", source)
    assert "(연도 미상)" in figure_plain(make_view("ko"), "ko", source)
    dirty = figure_plain(make_view("en"), "en", make_source(dirty=True))
    assert "(with uncommitted changes)" in dirty


def test_figure_block_offers_svg_png_csv_json_names_the_books_figure_and_the_licences():
    for lang, book, licence in (("en", "Regenerates Figure 6-20 of the book.", "Licence: figures, text and downloads"),
                                ("ko", "책의 그림 6-20을 다시 그린 것입니다.", "라이선스: 그림, 글, 내려받는 데이터는")):
        block = figure_block(make_view(lang), lang, make_source())
        assert "[PNG](figures/fig-test-accuracy.png) · [SVG](figures/fig-test-accuracy.svg)" in block
        assert "(../downloads/fig-test-accuracy.csv)" in block and "(../downloads/results/overfitting.json)" in block
        assert f'<span class="ch6-book">{book}</span>' in block
        assert licence in block
        assert f"({citation.CONTENT_LICENCE.url})" in block and f"({citation.CODE_LICENCE.url})" in block


def test_book_figure_sentence_takes_the_particle_of_the_last_number_and_plural():
    assert citation.book_figure("6-9", "ko") == "책의 그림 6-9를 다시 그린 것입니다."
    assert citation.book_figure("6-10, 6-11, 6-13", "ko") == "책의 그림 6-10, 6-11, 6-13을 다시 그린 것입니다."
    assert citation.book_figure("6-10, 6-11, 6-13", "en") == "Regenerates Figures 6-10, 6-11, 6-13 of the book."


def test_figure_without_book_figure_says_nothing_about_the_book():
    block = figure_block(make_view("en", make_spec(book=None)), "en", make_source())
    assert "ch6-book" not in block and "Regenerates" not in block


# --- short titles and alt text -----------------------------------------------------------------------

def test_short_title_is_the_specs_own_else_the_first_sentence_without_parentheses():
    assert short_title(make_spec(short_title={"en": "Overfitting"}), "en") == "Overfitting"
    assert short_title(make_spec(), "ko") == "적은 훈련 데이터로 깊은 신경망을 학습할 때의 에폭별 훈련 정확도(실선)와 시험 정확도(점선)"
    short = make_spec(caption={"ko": "가", "en": "Every trial in (lr, λ) on log axes. More."})
    assert short_title(short, "en") == "Every trial in (lr, λ) on log axes"
    long = make_spec(caption={"ko": "가" * 10, "en": "word " * 40})
    title = short_title(long, "en")
    assert len(title) <= 101 and title.endswith("…") and not title.endswith(" …")


def test_derived_alt_describes_the_plotted_series_and_values_not_the_caption():
    ref = make_ref()
    en, ko = derived_alt(ref, "en"), derived_alt(ref, "ko")
    assert en == ("Chart of the overfitting experiment's results over 2 seeds. Series: no regularization. "
                  "Values drawn: epoch, train_acc, test_acc.")
    assert "정규화 없음" in ko and "드롭아웃" not in ko and "시드 2개" in ko
    for lang, alt in (("en", en), ("ko", ko)):
        assert CAPTION[lang][:20] not in alt


def test_specs_own_alt_is_used_and_unknown_languages_are_refused():
    from generator.site.views import figure_alts

    spec = make_spec(alt={"en": "Two rising curves, the dashed one lower."})
    alts = figure_alts({spec.id: make_ref(spec)})[spec.id]
    assert alts["en"] == "Two rising curves, the dashed one lower." and alts["ko"].startswith("overfitting 실험")
    with pytest.raises(ValueError, match="alt"):
        make_spec(alt={"fr": "x"})


# --- what the site cites ------------------------------------------------------------------------------

def test_book_is_cited_in_the_original_and_both_korean_editions():
    original, korean = citation.book_bibtex(citation.BOOK), citation.book_bibtex(citation.BOOK_KO)
    assert "author    = {Saitoh, Koki}" in original and "publisher = {O'Reilly Japan}" in original
    assert "year      = {2016}" in original
    assert "publisher  = {Hanbit Media}" in korean and "year       = {2017}" in korean
    assert "O'Reilly Japan, 2016." in citation.book_plain(citation.BOOK, "en")
    assert "한빛미디어, 2017." in citation.book_plain(citation.BOOK_KO, "ko")
    remastered = citation.BOOK_KO_REMASTERED
    assert citation.book_plain(remastered, "ko") == "사이토 고키, 《밑바닥부터 시작하는 딥러닝 1(리마스터판)》, 한빛미디어, 2025년 1월."
    assert citation.book_plain(remastered, "en").endswith("[remastered Korean edition of Deep Learning from Scratch 1]. "
                                                         "Seoul: Hanbit Media, January 2025.")
    assert "month     = {1}," in citation.book_bibtex(remastered) and "translator" not in citation.book_bibtex(remastered)


def test_article_is_cited_by_its_verbatim_title_handle_date_and_blog_and_says_the_post_address_is_unknown():
    en, ko = citation.article_plain(citation.ARTICLE, "en"), citation.article_plain(citation.ARTICLE, "ko")
    assert ko == ("yerimoh, “[+] Deep learning 1: 신경망 가중치 초기값 설정법”, 2020-03-08, 블로그 <https://yerimoh.github.io/>. "
                  "글 자체의 주소는 기록되지 않았습니다.")
    assert en.startswith("yerimoh, “[+] Deep learning 1: 신경망 가중치 초기값 설정법” [Deep learning 1:")
    assert en.endswith("2020-03-08, blog <https://yerimoh.github.io/>; post address not recorded.")
    assert citation.ARTICLE.year == 2020
    bibtex = citation.article_bibtex(citation.ARTICLE)
    assert "title        = {{[+] Deep learning 1: 신경망 가중치 초기값 설정법}}," in bibtex
    assert "author       = {{yerimoh}}," in bibtex and "url          = {https://yerimoh.github.io/}," in bibtex
    assert "the post's own address was not recorded" in bibtex


def test_article_citation_names_only_what_is_known():
    known = citation.Article("Chapter 6", "Kim", "2020-01-02", None, "https://blog.example/6", {"ko": "", "en": ""})
    assert citation.article_plain(known, "en") == "Kim, “Chapter 6”, 2020-01-02, <https://blog.example/6>."
    assert citation.article_plain(known, "ko") == "Kim, “Chapter 6”, 2020-01-02, <https://blog.example/6>."
    unknown = citation.Article(None, None, None, None, None, {"ko": "한국어 블로그 글", "en": "a Korean blog article"})
    assert citation.article_plain(unknown, "en") == "A Korean blog article; title, author, address not recorded."
    assert citation.article_plain(unknown, "ko") == "한국어 블로그 글. 제목, 글쓴이, 주소는 기록되지 않았습니다."
    assert "http" not in citation.article_bibtex(unknown) and "year" not in citation.article_bibtex(unknown)


def test_source_label_names_the_book_section_by_the_korean_editions_title_and_the_article_by_its_heading():
    assert citation.source_label("book 6.4.2", "ko") == "책 6.4.2 가중치 감소"
    assert citation.source_label("book 6.4.2", "en") == "book 6.4.2 Weight decay"
    assert citation.source_label("book 5.7.3", "ko") == "책 5.7.3 오차역전파법으로 구한 기울기 검증하기"
    assert citation.source_label("article §3", "ko") == "글 “바른 학습을 위해”"
    assert citation.source_label("article §3", "en") == "article, “바른 학습을 위해” (Learning that generalizes)"
    assert citation.source_label("article §0", "ko") == "글의 발췌와 정리(매개변수 갱신)"
    assert citation.source_label("article §0", "en") == "the article's excerpt and summary (updating parameters)"
    assert citation.source_label("site", "ko") == "이 사이트의 가설"
    with pytest.raises(KeyError, match="6.9"):
        citation.source_label("book 6.9", "en")
    with pytest.raises(ValueError, match="paper"):
        citation.source_label("paper 3", "en")


def test_book_sections_hold_every_section_of_chapter_6_and_every_script_has_one():
    chapter = [n for n in citation.BOOK_SECTIONS if n.startswith("6.")]
    assert len(chapter) == 26 and chapter[0] == "6.1" and chapter[-1] == "6.6"
    assert all(section in citation.BOOK_SECTIONS for _, section, _ in citation.SCRIPTS)
    pages = [page for *_, page in citation.SCRIPTS]
    assert pages == sorted(pages) and pages[0] == 200 and pages[-1] == 224


def test_is_placeholder_knows_both_addresses_and_nothing_else():
    assert citation.is_placeholder(citation.PLACEHOLDER_SITE_URL)
    assert citation.is_placeholder(citation.PLACEHOLDER_SITE_URL + "en/")
    assert citation.is_placeholder(citation.PLACEHOLDER_REPO_URL + "/")
    assert not citation.is_placeholder("https://me.github.io/ch6-training-techniques/")
    assert not citation.is_placeholder("https://github.com/me/ch6-training-techniques")


# --- the address, the repository and the commit -------------------------------------------------------

def test_site_and_repo_address_come_from_the_environment_with_the_placeholder_as_fallback(monkeypatch):
    monkeypatch.delenv("CH6_SITE_URL", raising=False)
    monkeypatch.delenv("CH6_REPO_URL", raising=False)
    assert read_site_url(REPO / "mkdocs.yml") == citation.PLACEHOLDER_SITE_URL
    assert read_repo_url(REPO / "mkdocs.yml") == citation.PLACEHOLDER_REPO_URL
    with pytest.raises(UserError, match="site_url is the placeholder .*set CH6_SITE_URL"):
        require_published(REPO / "mkdocs.yml")
    monkeypatch.setenv("CH6_SITE_URL", "https://me.github.io/ch6")
    with pytest.raises(UserError, match="repo_url is the placeholder .*set CH6_REPO_URL"):
        require_published(REPO / "mkdocs.yml")
    monkeypatch.setenv("CH6_REPO_URL", "https://github.com/me/ch6/")
    assert require_published(REPO / "mkdocs.yml") == "https://me.github.io/ch6/"
    assert read_repo_url(REPO / "mkdocs.yml") == "https://github.com/me/ch6"


def git(root, *args, env=None):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True, env=env)


def test_site_source_records_the_commit_dirtiness_and_the_commit_date_never_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outside = site_source("https://me.github.io/ch6/", "https://github.com/me/ch6", tmp_path)
    assert (outside.commit, outside.dirty, outside.date, outside.year) == (None, False, None, None)
    import os

    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-q", "-m", "a", env=dict(os.environ, GIT_COMMITTER_DATE="2024-03-05T12:00:00Z",
                                                       GIT_AUTHOR_DATE="2024-03-05T12:00:00Z"))
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    clean = site_source("https://me.github.io/ch6/", "https://github.com/me/ch6/", tmp_path)
    assert clean.commit == head and not clean.dirty and not clean.preview
    assert clean.commit_url == f"https://github.com/me/ch6/commit/{head}"
    assert (clean.date, clean.year) == ("2024-03-05", "2024")
    (tmp_path / "a.txt").write_text("b")
    assert site_source("https://me.github.io/ch6/", "https://github.com/me/ch6", tmp_path).dirty
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert site_source("https://me.github.io/ch6/", "https://github.com/me/ch6", tmp_path).date == "2023-11-14"
    assert PREVIEW_SOURCE.preview and site_source(citation.PLACEHOLDER_SITE_URL, "x", tmp_path).preview


# --- mkdocs.yml, CITATION.cff, LICENSE and the Pages workflow ------------------------------------------

def mkdocs_config(monkeypatch, **env):
    from mkdocs.utils.yaml import yaml_load

    for name in ("CH6_SITE_URL", "CH6_REPO_URL", "CH6_SITE_URL_EN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as f:
        return yaml_load(f)


def test_mkdocs_yml_reads_the_address_from_the_environment_and_edits_the_templates(monkeypatch):
    config = mkdocs_config(monkeypatch)
    english = next(lang for lang in next(p for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)["i18n"]["languages"]
                   if lang["locale"] == "en")
    assert (config["site_name"], english["site_name"]) == (citation.TITLE["ko"], citation.TITLE["en"])
    assert config["site_url"] == citation.PLACEHOLDER_SITE_URL
    assert english["site_url"] == citation.PLACEHOLDER_SITE_URL + "en/"
    assert config["repo_url"] == citation.PLACEHOLDER_REPO_URL
    assert config["edit_uri_template"] == "edit/main/templates/{path}.j2"
    assert "content.action.edit" in config["theme"]["features"]
    for copyright in (config["copyright"], english["copyright"]):
        assert citation.CONTENT_LICENCE.url in copyright and citation.CODE_LICENCE.url in copyright
        assert citation.AUTHORS in copyright
    config = mkdocs_config(monkeypatch, CH6_SITE_URL="https://me.github.io/ch6/", CH6_REPO_URL="https://github.com/me/ch6",
                           CH6_SITE_URL_EN="https://me.github.io/ch6/en/")
    assert (config["site_url"], config["repo_url"]) == ("https://me.github.io/ch6/", "https://github.com/me/ch6")


def citation_cff() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff():
    from cffconvert import Citation

    Citation((REPO / "CITATION.cff").read_text(encoding="utf-8")).validate()


def test_citation_cff_agrees_with_the_sites_citations():
    cff = citation_cff()
    assert cff["authors"] == [{"name": citation.AUTHORS}]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    assert set(cff["license"]) == {citation.CODE_LICENCE.spdx, citation.CONTENT_LICENCE.spdx}
    preferred = cff["preferred-citation"]
    assert preferred["title"] == citation.TITLE["en"] and preferred["authors"] == cff["authors"]
    books = {r["title"]: r for r in cff["references"] if r["type"] == "book"}
    assert len(books) == 3
    for book in (citation.BOOK, citation.BOOK_KO, citation.BOOK_KO_REMASTERED):
        assert books[book.title]["year"] == book.year and books[book.title].get("month") == book.month
        assert books[book.title]["publisher"]["name"] == book.publisher
        assert books[book.title]["authors"] == [{"family-names": "Saitoh", "given-names": "Koki"}]
    blog = next(r for r in cff["references"] if r["type"] == "blog")
    article = citation.ARTICLE
    assert (blog["title"], blog["authors"], str(blog["date-published"])) == (article.title, [{"alias": article.author}], article.date)
    assert blog["url"] == article.blog and article.url is None and "not recorded" in blog["notes"]
    data = next(r for r in cff["references"] if r["type"] == "data")
    assert data["title"] == citation.MNIST["title"] and data["year"] == citation.MNIST["year"]


def test_licence_file_states_both_licences():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "CC BY 4.0" in text and citation.CONTENT_LICENCE.url in text


def workflow_steps() -> list[dict]:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return workflow["jobs"]["build"]["steps"]


def step_index(steps, predicate) -> int:
    return next(i for i, step in enumerate(steps) if predicate(step))


def test_pages_workflow_sets_the_address_tests_refuses_the_placeholder_and_keeps_the_cache():
    steps = workflow_steps()
    address = step_index(steps, lambda s: "CH6_SITE_URL=" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in steps[address]["run"] and "CH6_REPO_URL=" in steps[address]["run"]
    assert steps[step_index(steps, lambda s: s.get("id") == "pages")]["uses"].startswith("actions/configure-pages@")
    cache = step_index(steps, lambda s: s.get("uses", "").startswith("actions/cache@"))
    assert steps[cache]["with"]["path"] == "build/cache" and steps[cache]["with"]["restore-keys"]
    tests = step_index(steps, lambda s: s.get("run") == "make test")
    guard = step_index(steps, lambda s: "require_published" in s.get("run", ""))
    site = step_index(steps, lambda s: s.get("run") == "make site")
    upload = step_index(steps, lambda s: s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    # the tests run before the address is set: they build for the placeholder and for their own addresses
    assert tests < address < guard < site < upload and cache < site
