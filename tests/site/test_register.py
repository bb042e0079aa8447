"""Korean voice and terms on the built site: every sentence in 합니다체, one word per concept.

The book's Korean edition writes 합니다체 (…습니다, …ㅂ니다, …입니다; questions …습니까, …ㄹ까요?;
proposals …ㅂ시다; requests …십시오). A page that slips into the plain style (…한다, …이다, …있다)
or 해요체 (…해요, …하세요, …죠) reads as another writer. The check reads the HTML a reader gets.

What it reads: the text of each Korean page's article, paragraphs, list items, figure captions
(the experiments' FigureSpec captions), glossary lines, verdicts in prose, and the claim
statements and reasons in the list of claims that do not hold. Every claim's statement and
reason is also checked where the experiments declare it, since pages show most of them in tables
or quotes, which the page check leaves out.
What it leaves out, and why:
- headings: they may be noun phrases ("SGD와 그 약점");
- quoted spans (“…”, 「…」): a word or phrase quoted in its own form (the book's 「너무 크다」, a
  label such as 「시드」), or a claim quoted inside a verdict, which the claims check covers;
- tables: cells hold values and labels;
- code, formulas and the citation boxes (BibTeX and a reference line, not prose).
A sentence that ends in a noun ("그림 4.1.", "로그 척도로.") passes: it is a caption label or a
heading-like lead-in, not a verb in the wrong style.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest

from generator.experiments import EXPERIMENTS
from generator import glossary
from generator.glossary import AVOID
from tests.site.fixtures import REPO, quick_project, real_site  # noqa: F401

BLOCKS = {"p", "li", "ul", "ol", "figcaption", "figure", "div", "dt", "dd", "dl", "blockquote", "summary",
          "details", "section", "article", "br", "hr"}
"""Elements whose edges end a run of text: a sentence never spans two of them."""
SKIPPED_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "script", "style", "nav"}
SKIPPED_INLINE = {"code", "kbd", "svg", "math"}
SKIPPED_CLASSES = {"arithmatex", "quote", "headerlink", "md-source-file"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|\"[^\"]*\"")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
POLITE = ("니다", "니까", "시다", "십시오", "까요")
"""합니다체 endings (and …ㄹ까요?, the polite question the book also asks)."""


class _Prose(HTMLParser):
    """Runs of prose text inside <article>, split at block edges, with skipped parts left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = []
        self._text: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._skip = 0
        self._article = 0

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        if text:
            self.runs.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._article += 1
        if tag in BLOCKS or tag in SKIPPED_BLOCKS:
            self._flush()
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in SKIPPED_BLOCKS or tag in SKIPPED_INLINE or bool(classes & SKIPPED_CLASSES)
        self._stack.append((tag, skip))
        self._skip += skip

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self._stack:
            opened, skip = self._stack.pop()
            self._skip -= skip
            if opened == tag:
                break
        if tag in BLOCKS or tag in SKIPPED_BLOCKS:
            self._flush()
        if tag == "article":
            self._article -= 1

    def handle_data(self, data):
        if self._article and not self._skip:
            self._text.append(data)


def sentences(html: str) -> list[str]:
    """The Korean sentences of a page's prose, with every quoted span replaced by “…”."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    return korean_sentences(parser.runs)


def korean_sentences(runs) -> list[str]:
    """The sentences of ``runs`` of text that hold Korean, with every quoted span replaced by “…”."""
    found = []
    for run in runs:
        for sentence in SENTENCE_END.split(QUOTED.sub("“…”", run)):
            if re.search("[가-힣]", sentence):
                found.append(sentence.strip())
    return found


def ending(sentence: str) -> str:
    """The sentence without what follows its last word: punctuation and a trailing parenthesis."""
    text = sentence
    while True:
        before = text
        text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
        text = re.sub(r"[\s.!?:;,…”’*·]+$", "", text)
        if text == before:
            return text


def register_problem(sentence: str) -> str | None:
    """Why ``sentence`` is not 합니다체, or None."""
    end = ending(sentence)
    if not re.search("[가-힣]$", end):
        return None
    if end.endswith("다") and not end.endswith(POLITE):
        return "plain style (…다)"
    if end.endswith("요") and not end.endswith(POLITE):
        return "해요체 (…요)"
    if end.endswith("죠"):
        return "해요체 (…죠)"
    return None


def register_problems(html: str) -> list[str]:
    return [f"{why}: {s}" for s in sentences(html) if (why := register_problem(s))]


def pages_of(site: Path) -> dict[str, Path]:
    """The pages of one build by slug: the Korean build at the root (its en/ folder left out) or
    the English build in en/."""
    return {p.parent.relative_to(site).as_posix() or "index": p
            for p in sorted(site.glob("**/index.html")) if p.relative_to(site).parts[0] != "en"}


@pytest.mark.parametrize(("html", "expected"), [
    ("<article><p>드롭아웃은 뉴런을 지운다. 결과가 좋습니다.</p></article>", ["plain style (…다): 드롭아웃은 뉴런을 지운다."]),
    ("<article><p>여기서 다시 만드세요.</p></article>", ["해요체 (…요): 여기서 다시 만드세요."]),
    ("<article><li>값이 작죠?</li></article>", ["해요체 (…죠): 값이 작죠?"]),
    ("<article><p>정확도는 90%이다 (시드 2개).</p></article>", ["plain style (…다): 정확도는 90%이다 (시드 2개)."]),
    ("<article><figcaption><strong>그림 1.1.</strong> 경로입니다. 점은 최솟값이다.</figcaption></article>",
     ["plain style (…다): 점은 최솟값이다."]),
])
def test_register_check_finds_plain_and_haeyo_endings(html, expected):
    assert register_problems(html) == expected


@pytest.mark.parametrize("html", [
    "<article><p>학습이 빨라집니다. 어떨까요? 해 봅시다. 확인하십시오. 성립합니까?</p></article>",
    "<article><p>책은 “SGD는 지그재그로 움직인다.”라고 씁니다. 「너무 크다」는 말보다 일찍 옵니다.</p></article>",
    "<article><h2>학습률이 너무 크다</h2><table><tr><td>SGD는 움직인다.</td></tr></table></article>",
    "<article><p>식은 <code>x = 다</code>입니다. <span class=\"arithmatex\">a = b 이다</span></p></article>",
    "<article><figcaption><strong>그림 4.1.</strong> 훈련 정확도(실선)와 시험 정확도(점선).</figcaption></article>",
    "<p>article 밖의 글은 읽지 않는다.</p>",
])
def test_register_check_passes_polite_endings_and_skipped_parts(html):
    assert register_problems(html) == []


def test_register_check_reads_claim_statements_in_prose():
    html = "<article><ul><li><strong>배치 정규화를 쓰면 학습이 빨라진다.</strong> 성립하지 않았습니다.</li></ul></article>"
    assert register_problems(html) == ["plain style (…다): 배치 정규화를 쓰면 학습이 빨라진다."]


def test_every_korean_sentence_is_in_hapnida_style(quick_project, real_site):
    problems = {slug: found for slug, page in pages_of(real_site).items()
                if (found := register_problems(page.read_text(encoding="utf-8")))}
    assert problems == {}


def test_every_claim_statement_and_reason_is_in_hapnida_style():
    """Where the experiments declare them: pages show most statements in tables and quotes, and the
    reasons in tables. A reason has no final full stop (the pages add it)."""
    problems = [f"{claim.id}.{field}: {why}: {sentence}"
                for experiment in EXPERIMENTS for claim in experiment.claims
                for field in ("statement_ko", "reason_ko")
                for sentence in korean_sentences([getattr(claim, field)])
                if (why := register_problem(sentence))]
    assert problems == []
    assert all(c.statement_ko.endswith("니다.") and not c.reason_ko.endswith(".")
               for e in EXPERIMENTS for c in e.claims)


def page_text(page: Path) -> str:
    """What the reader reads on a page: its article, without tags (code and formulas included),
    and without the cited article's title, which stays as its author wrote it (초기값)."""
    from generator.site.citation import ARTICLE

    html = page.read_text(encoding="utf-8")
    article = html[html.find("<article"):html.rfind("</article>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))
    return text.replace(str(markupsafe.escape(ARTICLE.title)), "").replace(ARTICLE.title, "")


def test_pages_use_the_glossarys_word_for_each_concept(real_site):
    """One concept, one word: AVOID lists the other words for a concept the glossary names."""
    found = []
    for lang, pages in (("ko", pages_of(real_site)), ("en", pages_of(real_site / "en"))):
        texts = {slug: page_text(page) for slug, page in pages.items()}
        for concept, avoided in AVOID.items():
            for word in avoided[lang]:
                for slug, text in texts.items():
                    if word.lower() in text.lower():
                        found.append(f"{lang}/{slug}: {word!r} for {glossary.word(concept)[lang]!r}")
    assert found == []


def test_experiments_write_the_glossarys_word_in_labels_and_claims():
    """Figure labels, captions and claim statements are strings in the experiments' code
    (docstrings, which no reader sees, aside)."""
    found = []
    for path in sorted((REPO / "generator" / "experiments").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                for concept, avoided in AVOID.items():
                    for word in (*avoided["ko"], *avoided["en"]):
                        if word.lower() in node.value.lower():
                            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {word!r} for {glossary.word(concept)['ko']!r}")
    assert found == []
