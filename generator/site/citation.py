"""What the site cites and on what terms it may be reused, written down once.

The book (the Japanese original and the Korean edition), the article the site follows, the data
set, the site's own title and authors, the licences of the code and of the content, and the
placeholder address of a local preview. The citations of the site (``generator.site.cite`` for
figures, the home page for the site) are formatted from these facts; a fact that is not known
is said to be unknown ("address not recorded"), never made up. ``CITATION.cff`` repeats the
authors, title, licences and references; a test holds the two together.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.site.korean import josa

PLACEHOLDER_SITE_URL = "https://example.github.io/ch6-training-techniques/"
"""``mkdocs.yml``'s address when ``CH6_SITE_URL`` is not set: a local preview, never published."""
PLACEHOLDER_REPO_URL = "https://github.com/example/ch6-training-techniques"
"""``mkdocs.yml``'s repository when ``CH6_REPO_URL`` is not set."""

AUTHORS = "ch6-training-techniques contributors"
"""Who the site and its figures are credited to: a group, so BibTeX writes it in double braces.
``CITATION.cff`` names the same authors."""
TITLE = {
    "ko": "학습 관련 기술들: 6장 실험 다시 돌리기",
    "en": "Training techniques: chapter 6, re-run",
}
"""The site's title, as ``mkdocs.yml``'s site_name gives it in each language."""


def is_placeholder(url: str) -> bool:
    """True for the placeholder site address (of either language) or the placeholder repository."""
    if urlsplit(url).netloc == urlsplit(PLACEHOLDER_SITE_URL).netloc:
        return True
    return url.rstrip("/") == PLACEHOLDER_REPO_URL


def preview_note(lang: str) -> str:
    """The note every page of a build for the placeholder address shows (the theme's announce bar)."""
    if lang == "ko":
        return (
            "미리 보기 빌드입니다. 사이트 주소가 자리표시자여서 고정 주소, 인용, 사이트맵의 주소가 "
            "실제로 게시된 사이트를 가리키지 않습니다. 게시용 빌드는 CH6_SITE_URL과 CH6_REPO_URL을 설정해 만듭니다."
        )
    return (
        "Preview build: the site address is the placeholder, so permalinks, citations and the sitemap "
        "do not point at the published site. A published build sets CH6_SITE_URL and CH6_REPO_URL."
    )


@dataclass(frozen=True)
class Licence:
    spdx: str
    name: str
    url: str


CODE_LICENCE = Licence("MIT", "MIT", "https://opensource.org/license/mit")
"""The code: the engine, the experiments, the generator, the templates (``LICENSE``)."""
CONTENT_LICENCE = Licence("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
"""The figures, the page text and the data downloads the site publishes (``LICENSE``)."""


def licence_line(lang: str) -> str:
    """One Markdown line naming both licences, for the foot of every citation block."""
    content = f"[{CONTENT_LICENCE.name}]({CONTENT_LICENCE.url})"
    code = f"[{CODE_LICENCE.name}]({CODE_LICENCE.url})"
    if lang == "ko":
        return f"라이선스: 그림, 글, 내려받는 데이터는 {content}, 코드는 {code}입니다."
    return f"Licence: figures, text and downloads {content}; code {code}."


@dataclass(frozen=True)
class Book:
    key: str
    """BibTeX key."""
    author: str
    """As BibTeX writes it: ``"Saitoh, Koki"``."""
    author_shown: dict[str, str]
    title: str
    publisher: str
    publisher_shown: dict[str, str]
    address: str
    year: int
    translator: str | None = None
    language: str = ""


BOOK = Book(
    key="saitoh2016",
    author="Saitoh, Koki",
    author_shown={"ko": "사이토 고키(斎藤康毅)", "en": "Koki Saitoh (斎藤康毅)"},
    title="ゼロから作るDeep Learning: Pythonで学ぶディープラーニングの理論と実装",
    publisher="O'Reilly Japan",
    publisher_shown={"ko": "O'Reilly Japan", "en": "O'Reilly Japan"},
    address="Tokyo",
    year=2016,
    language="japanese",
)
"""The book, in the original. Its English title is *Deep Learning from Scratch*."""
BOOK_KO = Book(
    key="saitoh2017ko",
    author="Saitoh, Koki",
    author_shown={"ko": "사이토 고키", "en": "Koki Saitoh"},
    title="밑바닥부터 시작하는 딥러닝: 파이썬으로 익히는 딥러닝 이론과 구현",
    publisher="Hanbit Media",
    publisher_shown={"ko": "한빛미디어", "en": "Hanbit Media"},
    address="Seoul",
    year=2017,
    translator="이복연",
    language="korean",
)
"""The Korean edition, whose terms the Korean pages use; its figures keep the original's numbers."""
BOOK_TITLE_EN = "Deep Learning from Scratch"


@dataclass(frozen=True)
class Article:
    """A source of which some facts may be unknown: ``None`` is "not recorded"."""

    title: str | None
    author: str | None
    year: int | None
    url: str | None
    about: dict[str, str]
    """What it is, in each language, for when the title is not known."""


ARTICLE = Article(
    title=None,
    author=None,
    year=2020,
    url=None,
    about={
        "ko": "《밑바닥부터 시작하는 딥러닝》 6장 「학습 관련 기술들」을 요약한 한국어 블로그 글",
        "en": "a Korean blog article summarising chapter 6 of Deep Learning from Scratch, "
        "「학습 관련 기술들」 (training techniques)",
    },
)
"""The article whose outline the pages follow. Only its kind, language, year and subject were
recorded with the project; its title, author and address were not."""

MNIST = {
    "authors": "Yann LeCun, Corinna Cortes and Christopher J. C. Burges",
    "title": "The MNIST database of handwritten digits",
    "year": 1998,
    "url": "http://yann.lecun.com/exdb/mnist/",
}
"""The data set (its test set is embedded in ``generator/assets/mnist``)."""


def bibtex_escape(text: str) -> str:
    for char in "\\{}%&#_$":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    """A BibTeX entry; ``fields`` are (name, value already escaped and braced where needed), None left out."""
    present = [(name, value) for name, value in fields if value is not None]
    width = max(len(name) for name, _ in present)
    lines = [f"@{kind}{{{key},"] + [f"  {name.ljust(width)} = {{{value}}}," for name, value in present]
    return "\n".join(lines + ["}"])


def book_bibtex(book: Book) -> str:
    return bibtex("book", book.key, [
        ("author", bibtex_escape(book.author)),
        ("title", bibtex_escape(book.title)),
        ("translator", bibtex_escape(book.translator) if book.translator else None),
        ("publisher", bibtex_escape(book.publisher)),
        ("address", book.address),
        ("year", str(book.year)),
        ("language", book.language or None),
    ])


def book_plain(book: Book, lang: str) -> str:
    """The book as a reference list writes it."""
    if lang == "ko":
        translator = f", {book.translator} 옮김" if book.translator else ""
        return f"{book.author_shown['ko']}, 《{book.title}》{translator}, {book.publisher_shown['ko']}, {book.year}."
    translator = f", translated by {book.translator}" if book.translator else ""
    english = f" [{BOOK_TITLE_EN}]" if book is BOOK else " [Korean edition of Deep Learning from Scratch]"
    return f"{book.author_shown['en']}, *{book.title}*{english}{translator}. {book.address}: {book.publisher_shown['en']}, {book.year}."


def book_figure(number: str, lang: str) -> str:
    """The sentence that names the book's figure a figure regenerates: "6-20" or "6-10, 6-11, 6-13"."""
    if lang == "ko":
        return f"책의 그림 {josa(number, '을/를')} 다시 그린 것입니다."
    word = "Figures" if "," in number else "Figure"
    return f"Regenerates {word} {number} of the book."


def article_plain(article: Article, lang: str) -> str:
    """The article as far as it is known; what is not known is said to be not recorded."""
    ko = lang == "ko"
    known = [
        article.author,
        (f"「{article.title}」" if ko else f"“{article.title}”") if article.title else article.about[lang],
        str(article.year) if article.year else None,
        f"<{article.url}>" if article.url else None,
    ]
    text = ", ".join(p for p in known if p)
    unknown = [name for name, value in zip(("제목", "글쓴이", "주소") if ko else ("title", "author", "address"),
                                           (article.title, article.author, article.url)) if value is None]
    if ko:
        return text + (f". {josa(', '.join(unknown), '은/는')} 기록되지 않았습니다." if unknown else ".")
    text = text[:1].upper() + text[1:]
    return text + (f"; {', '.join(unknown)} not recorded." if unknown else ".")


def mnist_plain(lang: str) -> str:
    m = MNIST
    if lang == "ko":
        return f"{m['authors']}, 〈{m['title']}〉, {m['year']}, <{m['url']}>."
    return f"{m['authors']}, “{m['title']}”, {m['year']}, <{m['url']}>."


def commit_note(source) -> str:
    """The git commit in plain English, for a BibTeX note."""
    if source.commit is None:
        return "git commit not recorded"
    dirty = " with uncommitted changes" if source.dirty else ""
    link = f" ({source.commit_url})" if source.commit_url else ""
    return f"git commit {source.commit}{dirty}{link}"


def commit_markdown(source, lang: str) -> str:
    """The git commit, shortened and linked to the repository, for a plain reference."""
    ko = lang == "ko"
    if source.commit is None:
        return "git 커밋 기록 없음" if ko else "git commit not recorded"
    shown = f"`{source.commit[:12]}`"
    if source.commit_url:
        shown = f"[{shown}]({source.commit_url})"
    if source.dirty:
        shown += " (커밋하지 않은 변경 포함)" if ko else " (with uncommitted changes)"
    return f"커밋 {shown}" if ko else f"commit {shown}"


def site_bibtex(source, lang: str, url: str) -> str:
    """The site's own BibTeX entry; ``source`` is a ``generator.site.context.SiteSource`` and ``url``
    the home page of the language."""
    return bibtex("misc", f"ch6-training-techniques:{lang}", [
        ("author", f"{{{bibtex_escape(AUTHORS)}}}"),
        ("title", f"{{{bibtex_escape(TITLE[lang])}}}"),
        ("year", source.year),
        ("howpublished", f"\\url{{{url}}}"),
        ("url", url),
        ("urldate", source.date),
        ("language", "korean" if lang == "ko" else "english"),
        ("note", bibtex_escape(
            f"Source {source.repo_url}, {commit_note(source)}; figures and text {CONTENT_LICENCE.name}, "
            f"code {CODE_LICENCE.name}"
        )),
    ])


def site_plain(source, lang: str, url: str) -> str:
    """The site's own reference, as Markdown."""
    commit = commit_markdown(source, lang)
    if lang == "ko":
        accessed = f" (접속일 {source.date})" if source.date else ""
        return (f"{AUTHORS} ({source.year or '연도 미상'}). 《{TITLE['ko']}》. 저장소 <{source.repo_url}>, {commit}. "
                f"<{url}>{accessed}.")
    accessed = f", accessed {source.date}" if source.date else ""
    return (f"{AUTHORS} ({source.year or 'n.d.'}). *{TITLE['en']}*. Repository <{source.repo_url}>, {commit}. "
            f"<{url}>{accessed}.")
