"""What the site cites and on what terms it may be reused, written down once.

The book (the Japanese original and its two Korean editions, with the Korean edition's section
titles), the article the site follows, the data set, the site's own title and authors, the licences of the code and of the content, and the
placeholder address of a local preview. The citations of the site (``generator.site.cite`` for
figures, the home page for the site) are formatted from these facts; a fact that is not known
is said to be unknown ("address not recorded"), never made up. ``CITATION.cff`` repeats the
authors, title, licences and references; a test holds the two together.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from generator import article as article_sections
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
    month: int | None = None
    """The month of publication, where it is recorded."""
    shown_as: dict[str, str] | None = None
    """What the edition is, in brackets after the title on the English page."""


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
    shown_as={"en": "Korean edition of Deep Learning from Scratch, first published 2017"},
)
"""The Korean edition, whose terms the Korean pages use; its figures keep the original's numbers."""
BOOK_KO_REMASTERED = Book(
    key="saitoh2025ko",
    author="Saitoh, Koki",
    author_shown={"ko": "사이토 고키", "en": "Koki Saitoh"},
    title="밑바닥부터 시작하는 딥러닝 1(리마스터판)",
    publisher="Hanbit Media",
    publisher_shown={"ko": "한빛미디어", "en": "Hanbit Media"},
    address="Seoul",
    year=2025,
    month=1,
    language="korean",
    shown_as={"en": "remastered Korean edition of Deep Learning from Scratch 1"},
)
"""The remastered Korean edition (January 2025). Its code is compatible with the first edition's, and
the Korean edition's repository lists its section titles and the page of each script's section
(``BOOK_SECTIONS``, ``SCRIPTS``). Its translator is not recorded with the project, so none is named."""
BOOK_TITLE_EN = "Deep Learning from Scratch"

BOOK_SECTIONS = {
    "5.7.3": ("오차역전파법으로 구한 기울기 검증하기", "Checking the gradient from backpropagation"),
    "6.1": ("매개변수 갱신", "Updating parameters"),
    "6.1.1": ("모험가 이야기", "The adventurer's story"),
    "6.1.2": ("확률적 경사 하강법(SGD)", "Stochastic gradient descent (SGD)"),
    "6.1.3": ("SGD의 단점", "SGD's weakness"),
    "6.1.4": ("모멘텀", "Momentum"),
    "6.1.5": ("AdaGrad", "AdaGrad"),
    "6.1.6": ("Adam", "Adam"),
    "6.1.7": ("어느 갱신 방법을 이용할 것인가?", "Which update method to use?"),
    "6.1.8": ("MNIST 데이터셋으로 본 갱신 방법 비교", "Update methods compared on MNIST"),
    "6.2": ("가중치의 초깃값", "Initial weights"),
    "6.2.1": ("초깃값을 0으로 하면?", "What if the initial weights are zero?"),
    "6.2.2": ("은닉층의 활성화값 분포", "How the activations of hidden layers are distributed"),
    "6.2.3": ("ReLU를 사용할 때의 가중치 초깃값", "Initial weights for ReLU"),
    "6.2.4": ("MNIST 데이터셋으로 본 가중치 초깃값 비교", "Initial weights compared on MNIST"),
    "6.3": ("배치 정규화", "Batch normalization"),
    "6.3.1": ("배치 정규화 알고리즘", "The batch normalization algorithm"),
    "6.3.2": ("배치 정규화의 효과", "What batch normalization does"),
    "6.4": ("바른 학습을 위해", "Learning that generalizes"),
    "6.4.1": ("오버피팅", "Overfitting"),
    "6.4.2": ("가중치 감소", "Weight decay"),
    "6.4.3": ("드롭아웃", "Dropout"),
    "6.5": ("적절한 하이퍼파라미터 값 찾기", "Finding good hyperparameter values"),
    "6.5.1": ("검증 데이터", "Validation data"),
    "6.5.2": ("하이퍼파라미터 최적화", "Hyperparameter optimization"),
    "6.5.3": ("하이퍼파라미터 최적화 구현하기", "Implementing hyperparameter optimization"),
    "6.6": ("정리", "Summary"),
}
"""The Korean edition's section titles (the Korean title verbatim, the English one ours), by number:
every section of chapter 6, and the one of chapter 5 a claim cites (the gradient check)."""

SCRIPTS = (
    ("optimizer_compare_naive", "6.1.7", 200),
    ("optimizer_compare_mnist", "6.1.8", 201),
    ("weight_init_activation_histogram", "6.2.2", 203),
    ("weight_init_compare", "6.2.4", 209),
    ("batch_norm_test", "6.3.2", 212),
    ("overfit_weight_decay", "6.4.1", 215),
    ("overfit_dropout", "6.4.3", 219),
    ("hyperparameter_optimization", "6.5.3", 224),
)
"""The book's scripts of chapter 6 with their section and that section's page in the remastered
Korean edition, as the Korean edition's repository lists them (batch_norm_gradient_check has no
section there)."""


def book_section(number: str, lang: str) -> str:
    """A section of the book by its number and the Korean edition's title: "6.4.2 가중치 감소"
    (in English, "6.4.2 Weight decay"); an unknown number is an error, never a bare number."""
    try:
        ko, en = BOOK_SECTIONS[number]
    except KeyError:
        raise KeyError(f"no title recorded for the book's section {number!r} (generator/site/citation.py BOOK_SECTIONS)") from None
    return f"{number} {ko if lang == 'ko' else en}"


def article_section(key: str, lang: str) -> str:
    """A part of the article by its own heading: 글 “바른 학습을 위해” / article, “바른 학습을 위해”
    (Learning that generalizes). §0 is no heading: the article's excerpt and summary name it."""
    part = article_sections.section(key)
    if part.heading is None:
        if lang == "ko":
            return f"글의 발췌와 정리({part.ko_title})"
        return f"the article's excerpt and summary ({part.en.lower()})"
    if lang == "ko":
        return f"글 “{part.heading}”"
    return f"article, “{part.heading}” ({part.en})"


def source_label(source: str, lang: str) -> str:
    """Where a claim's statement comes from, as a reader understands it: "book 6.4.2" becomes
    "책 6.4.2 가중치 감소" / "book 6.4.2 Weight decay", "article §3" the article's heading, "site"
    this site's own hypothesis."""
    kind, _, where = source.partition(" ")
    if kind == "book":
        return f"{'책' if lang == 'ko' else 'book'} {book_section(where, lang)}"
    if kind == "article":
        return article_section(where, lang)
    if kind == "site":
        return "이 사이트의 가설" if lang == "ko" else "this site's hypothesis"
    raise ValueError(f"a claim's source is 'book <section>', 'article <§n>' or 'site', not {source!r}")


@dataclass(frozen=True)
class Article:
    """A source of which some facts may be unknown: ``None`` is "not recorded"."""

    title: str | None
    """Verbatim, as its header writes it."""
    author: str | None
    date: str | None
    """``YYYY-MM-DD``."""
    blog: str | None
    """The address of the blog that published it."""
    url: str | None
    """The post's own address."""
    about: dict[str, str]
    """What it is, in each language, for when the title is not known."""
    title_en: str | None = None
    """The title in English, in brackets after it on the English page."""

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


ARTICLE = Article(
    title="[+] Deep learning 1: 신경망 가중치 초기값 설정법",
    author="yerimoh",
    date="2020-03-08",
    blog="https://yerimoh.github.io/",
    url=None,
    about={
        "ko": "《밑바닥부터 시작하는 딥러닝》 6장 「학습 관련 기술들」을 요약한 한국어 블로그 글",
        "en": "a Korean blog article summarising chapter 6 of Deep Learning from Scratch, "
        "「학습 관련 기술들」 (training techniques)",
    },
    title_en="Deep learning 1: how to set a neural network's initial weights",
)
"""The article whose outline the pages follow, as its own header records it: the title (verbatim,
``[+]`` and the spelling 초기값 included), the date, and the Jekyll blog it was published on, whose
author is known only by its handle. The post's own address was not recorded: the blog's is cited
instead, and the citation says so."""


def article_bibtex(article: Article) -> str:
    """The article's BibTeX entry; the URL is the blog's, and the note says the post's is unknown."""
    note = None if article.url else "Published on the blog at this address; the post's own address was not recorded"
    url = article.url or article.blog
    return bibtex("misc", f"{article.author or 'article'}{article.year or ''}", [
        ("author", f"{{{bibtex_escape(article.author)}}}" if article.author else None),
        ("title", f"{{{bibtex_escape(article.title)}}}" if article.title else None),
        ("year", str(article.year) if article.year else None),
        ("month", str(int(article.date[5:7])) if article.date else None),
        ("howpublished", f"\\url{{{url}}}" if url else None),
        ("url", url),
        ("language", "korean"),
        ("note", note),
    ])


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


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def book_bibtex(book: Book) -> str:
    return bibtex("book", book.key, [
        ("author", bibtex_escape(book.author)),
        ("title", bibtex_escape(book.title)),
        ("translator", bibtex_escape(book.translator) if book.translator else None),
        ("publisher", bibtex_escape(book.publisher)),
        ("address", book.address),
        ("year", str(book.year)),
        ("month", str(book.month) if book.month else None),
        ("language", book.language or None),
    ])


def book_plain(book: Book, lang: str) -> str:
    """The book as a reference list writes it."""
    if lang == "ko":
        translator = f", {book.translator} 옮김" if book.translator else ""
        when = f"{book.year}년 {book.month}월" if book.month else f"{book.year}"
        return f"{book.author_shown['ko']}, 《{book.title}》{translator}, {book.publisher_shown['ko']}, {when}."
    translator = f", translated by {book.translator}" if book.translator else ""
    english = f" [{(book.shown_as or {}).get('en', BOOK_TITLE_EN)}]"
    when = f"{MONTHS[book.month - 1]} {book.year}" if book.month else f"{book.year}"
    return f"{book.author_shown['en']}, *{book.title}*{english}{translator}. {book.address}: {book.publisher_shown['en']}, {when}."


def book_figure(number: str, lang: str) -> str:
    """The sentence that names the book's figure a figure regenerates: "6-20" or "6-10, 6-11, 6-13"."""
    if lang == "ko":
        return f"책의 그림 {josa(number, '을/를')} 다시 그린 것입니다."
    word = "Figures" if "," in number else "Figure"
    return f"Regenerates {word} {number} of the book."


def article_plain(article: Article, lang: str) -> str:
    """The article as far as it is known; what is not known is said to be not recorded. Where the
    post's own address is unknown and the blog's is known, the blog's is given and named as such."""
    ko = lang == "ko"
    if article.title:
        title = f"“{article.title}”"
        if not ko and article.title_en:
            title += f" [{article.title_en}]"
    else:
        title = article.about[lang]
    if article.url:
        where = f"<{article.url}>"
    elif article.blog:
        where = f"블로그 <{article.blog}>" if ko else f"blog <{article.blog}>"
    else:
        where = None
    known = [article.author, title, article.date or (str(article.year) if article.year else None), where]
    text = ", ".join(p for p in known if p)
    names = ("제목", "글쓴이", "글 자체의 주소") if ko and article.blog else ("제목", "글쓴이", "주소") if ko else (
        "title", "author", "post address" if article.blog else "address")
    unknown = [name for name, value in zip(names, (article.title, article.author, article.url)) if value is None]
    if ko:
        return text + (f". {josa(', '.join(unknown), '은/는')} 기록되지 않았습니다." if unknown else ".")
    if not article.author:  # a sentence that opens with the description; a handle keeps its case
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
