import math
import shutil

import pytest
from tests.site_fixtures import FAKE_FIGURES, edit_sealed, make_project, project, render_project  # noqa: F401

from generator.errors import UserError
from generator.render import claim_amounts, num, pct, read_site_url
from generator.results import Claim

SITE_URL = "https://example.github.io/ch6-training-techniques/"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One render shared by the tests that only read its output."""
    root = make_project(tmp_path_factory.mktemp("rendered") / "project")
    return root, render_project(root)


def tree_bytes(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_render_site_writes_every_page_in_both_languages(rendered):
    project, summary = rendered
    pages = {p for p in summary.pages}
    slugs = ["index", "optimizers", "initialization", "batch-norm", "regularization",
             "hyperparameters", "summary", "claims", "reproduce"]
    assert pages == {f"{lang}/{slug}.md" for lang in ("ko", "en") for slug in slugs}
    assert summary.figures == ["fig-fake-optimizers", "fig-fake-overfitting"]
    for lang in ("ko", "en"):
        for fig in summary.figures:
            assert (project / "site_src" / lang / "figures" / f"{fig}.svg").is_file()
            assert (project / "site_src" / lang / "figures" / f"{fig}.png").is_file()


def test_render_site_missing_value_raises_user_error_naming_template(project):
    template = project / "templates" / "ko" / "summary.md.j2"
    template.write_text(template.read_text() + '\n{{ results["fake-optimizers"].metrics.no_such_metric }}\n')
    with pytest.raises(UserError) as error:
        render_project(project)
    message = str(error.value)
    assert "summary.md.j2" in message
    assert "no_such_metric" in message


def test_render_site_undefined_name_raises_and_keeps_old_output(rendered, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(rendered[0], project)
    before = tree_bytes(project / "site_src")
    template = project / "templates" / "en" / "index.md.j2"
    template.write_text(template.read_text() + "\n{{ not_in_the_context }}\n")
    with pytest.raises(UserError, match="not_in_the_context"):
        render_project(project)
    assert tree_bytes(project / "site_src") == before


def test_figure_block_has_anchor_caption_downloads_and_citation(rendered):
    project, summary = rendered
    ko = (project / "site_src" / "ko" / "regularization.md").read_text()
    en = (project / "site_src" / "en" / "regularization.md").read_text()
    assert 'id="fig-fake-overfitting"' in ko
    assert "**그림 4.1.** 가짜 결과" in ko
    assert "**Figure 4.1.** Fake result" in en
    assert "[데이터 (CSV)](../downloads/fig-fake-overfitting.csv)" in ko
    assert "[result (JSON)](../downloads/results/fake-overfitting.json)" in en
    assert '??? quote "이 그림 인용하기"' in ko
    assert '??? quote "Cite this figure"' in en
    for text, permalink in ((ko, f"{SITE_URL}regularization/#fig-fake-overfitting"),
                            (en, f"{SITE_URL}en/regularization/#fig-fake-overfitting")):
        assert "@misc{ch6:fig-fake-overfitting:" in text
        assert f"\\url{{{permalink}}}" in text
        assert "fake-overfitting, preset quick, seeds 0, 1, 2" in text
        assert "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6" in text
        assert "c0de0001" in text
    csv_text = (project / "site_src" / "downloads" / "fig-fake-overfitting.csv").read_text()
    assert csv_text.splitlines()[0] == "seed,epoch,train_acc,test_acc"
    assert "2,2,0.95,\n" in csv_text  # NaN (null in the JSON) is an empty cell
    encoded_csv = (project / "site_src" / "downloads" / "fig-fake-optimizers.csv").read_text()
    assert encoded_csv.endswith("1,2,1.8,\n")  # NumPy floats plainly, NaN empty


def test_render_site_numbers_figures_per_page_in_page_order(rendered):
    project, summary = rendered
    ko = (project / "site_src" / "ko" / "optimizers.md").read_text()
    assert "**그림 1.1.**" in ko
    claims = (project / "site_src" / "en" / "claims.md").read_text()
    assert "[Figure 1.1](optimizers.md#fig-fake-optimizers)" in claims
    assert "[Figure 4.1](regularization.md#fig-fake-overfitting)" in claims


def test_claims_page_lists_every_claim_with_verdict_value_and_seeds(rendered):
    project, summary = rendered
    ko = (project / "site_src" / "ko" / "claims.md").read_text()
    en = (project / "site_src" / "en" / "claims.md").read_text()
    for claim_id in ("fake-gap", "fake-adam-fastest", "fake-no-figure", "fake-percent"):
        assert f'<span id="claim-{claim_id}"></span>' in ko
        assert f'<span id="claim-{claim_id}"></span>' in en
    assert "✓ 성립" in ko and "✗ 성립하지 않음" in ko
    assert "✓ holds" in en and "✗ does not hold" in en
    assert "| 0.28 | ≥ 0.1 | 3/3 |" in en
    assert "| — | ≤ 0.5 | 1/2 |" in en
    assert "| 71.3% | > 60.0% | 2/3 |" in en
    assert "a \\| b &lt;b&gt;bold&lt;/b&gt;" in en


def test_reproduce_page_carries_provenance_without_host_details(rendered):
    project, summary = rendered
    en = (project / "site_src" / "en" / "reproduce.md").read_text()
    for text in ("make site", "make test", "python -m generator run", "python -m generator site",
                 "Python ", "NumPy ", "matplotlib ", "mnist-t10k", "`cafe0001`", "`c0de0002`",
                 "cpu_model: Fake CPU 3000", "[JSON](../downloads/results/fake-overfitting.json)",
                 "**all experiments**: blas: library openblas, threads 1; cores: 2; cpu: Fake CPU 3000",
                 "| 0, 1 | — | `c0de0002` | `cafe0002`, `cafe0003` | [JSON]"):
        assert text in en


def test_render_site_figures_byte_identical_across_renders(rendered, project):
    first, _ = rendered
    render_project(project)
    assert tree_bytes(first / "site_src") == tree_bytes(project / "site_src")


def test_render_site_removes_stale_files(project):
    render_project(project)
    stale = project / "site_src" / "ko" / "figures" / "fig-removed.svg"
    stale.write_bytes(b"<svg/>")
    edit_sealed(project / "build" / "results" / "claims.json", '"fig-fake-overfitting"', "null")
    summary = render_project(project, figures=FAKE_FIGURES[:1])
    assert not stale.exists()
    assert not (project / "site_src" / "en" / "figures" / "fig-fake-overfitting.png").exists()
    assert not (project / "site_src" / "downloads" / "fig-fake-overfitting.csv").exists()
    assert "ko/figures/fig-removed.svg" in summary.removed


def test_render_site_refuses_to_clean_a_directory_it_did_not_write(project):
    foreign = project / "site_src"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="refusing to clean"):
        render_project(project)
    assert (foreign / "notes.txt").read_text() == "mine"


def test_render_site_figure_left_off_its_page_raises(project):
    template = project / "templates" / "en" / "regularization.md.j2"
    template.write_text(template.read_text().replace("{{ m.page_figures() }}", ""))
    with pytest.raises(UserError, match="each figure of the page must appear once"):
        render_project(project)


def test_render_site_claim_with_unknown_figure_raises(project):
    edit_sealed(project / "build" / "results" / "claims.json", '"fig-fake-optimizers"', '"fig-nowhere"')
    with pytest.raises(UserError, match="fig-nowhere"):
        render_project(project)


def test_render_site_skips_figures_without_result(project):
    (project / "build" / "results" / "fake-overfitting.json").unlink()
    edit_sealed(project / "build" / "results" / "claims.json", '"fig-fake-overfitting"', "null")
    summary = render_project(project)
    assert summary.figures == ["fig-fake-optimizers"]


def test_num_and_pct_are_locale_neutral():
    assert num(1234.5678, 2) == "1234.57"
    assert num(-0.5, 1) == "-0.5"
    assert num(0.000123) == "0.000123"
    assert num(math.nan) == "—"
    assert num(None) == "—"
    assert pct(0.9712) == "97.1%"
    assert pct(1, 0) == "100%"
    assert pct(math.nan) == "—"


def test_read_site_url_adds_trailing_slash(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://example.org/a\nlanguage: !ENV [NOPE, ko]\n")
    assert read_site_url(config) == "https://example.org/a/"
    config.write_text("site_name: x\n")
    with pytest.raises(UserError, match="site_url"):
        read_site_url(config)


def test_render_site_missing_template_raises(project):
    shutil.rmtree(project / "templates" / "en")
    with pytest.raises(UserError, match="missing"):
        render_project(project)


def test_claim_amounts_adds_digits_until_value_and_threshold_differ():
    def claim(value, threshold, unit):
        return Claim(id="c", experiment="e", section="summary", statement_ko="", statement_en="",
                     value=value, threshold=threshold, comparison=">", holds=True, seeds_held=1,
                     seeds_total=1, figure=None, unit=unit)

    assert claim_amounts(claim(0.7133, 0.6, "%")) == ("71.3%", "60.0%")
    assert claim_amounts(claim(0.00004, 0.0, "%")) == ("0.004%", "0.000%")
    assert claim_amounts(claim(None, 0.5, "")) == ("—", "0.5")
    assert claim_amounts(claim(1.00001, 1.0, "")) == ("1.00001", "1")
    assert claim_amounts(claim(0.28, 0.1, "")) == ("0.28", "0.1")
