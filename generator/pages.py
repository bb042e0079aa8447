"""The site's pages, declared once: order, slug, titles in both languages, article and book sections.

A page's position in ``PAGES`` is its number in figure labels ("그림 4.2" is the second figure of
page 4). ``mkdocs.yml``'s nav must list the same pages in the same order; ``generator.site``
checks it before every build. Pure data: both the runner and the site read it.
"""

from dataclasses import dataclass

from generator.errors import UserError

LANGUAGES = ("ko", "en")
"""Language codes of the site, the first the default; the glossary and the site's ``Language``s follow it."""


@dataclass(frozen=True)
class Page:
    slug: str
    title_ko: str
    title_en: str
    article: str | None = None
    """The article's section this page covers ("§3"), if any."""
    book: str | None = None
    """The book's section ("6.4"), if any."""
    about_ko: str = ""
    """What the page covers, in a line, for the table of pages on the home page."""
    about_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    @property
    def source(self) -> str:
        """The Markdown file of the page, relative to its language folder."""
        return f"{self.slug}.md"


PAGES = (
    Page("index", "학습 관련 기술들: 6장 실험 다시 돌리기", "Training techniques: chapter 6, re-run"),
    Page(
        "optimizers", "매개변수 갱신: 최적화 기법", "Updating parameters: optimizers", "§0", "6.1",
        "SGD, 모멘텀, AdaGrad, RMSProp, Adam이 장난감 함수 위에서 움직이는 경로와 MNIST 학습 속도",
        "SGD, Momentum, AdaGrad, RMSProp and Adam: their paths on a toy bowl and their speed on MNIST",
    ),
    Page(
        "initialization", "가중치의 초깃값", "Initial weights", "§1", "6.2",
        "가중치를 같은 값으로 시작하면 안 되는 이유, 활성화 값 분포, Xavier 초깃값과 He 초깃값",
        "Why weights must not start equal, activation histograms, Xavier and He initialization",
    ),
    Page(
        "batch-norm", "배치 정규화", "Batch normalization", "§2", "6.3",
        "배치 정규화의 원리, 그리고 가중치 크기 16가지에서 배치 정규화가 있을 때와 없을 때",
        "Batch normalization, and training with and without it over 16 weight scales",
    ),
    Page(
        "regularization",
        "바른 학습을 위해: 오버피팅, 가중치 감소, 드롭아웃",
        "Learning that generalizes: overfitting, weight decay, dropout",
        "§3",
        "6.4",
        "오버피팅, 그리고 가중치 감소와 드롭아웃이 훈련·시험 정확도 차이를 줄이는 모습",
        "Overfitting, and how weight decay and dropout narrow the gap",
    ),
    Page(
        "hyperparameters", "적절한 하이퍼파라미터 값 찾기", "Finding good hyperparameters", "§4", "6.5",
        "검증 데이터, 그리고 학습률과 가중치 감소 계수의 무작위 탐색",
        "Validation data, and a random search for learning rate and weight decay",
    ),
    Page("summary", "정리", "Summary", "§5", "6.6", "6장의 요점과 이번 빌드에서 확인한 것", "The chapter's points, and what this build found"),
    Page(
        "claims", "주장 검증", "Claims checked", None, None,
        "책과 글의 주장마다 그것을 검증한 결과를 나란히 놓은 표", "Every claim of the book next to the result that tests it",
    ),
    Page(
        "reproduce", "재현하기", "Reproduce", None, None,
        "다시 만드는 명령, 버전, 데이터 체크섬, 실험별 시드와 코드 버전", "Commands, versions, data checksums, seeds and code versions",
    ),
    # Last, so that adding it kept every other page's number (the first part of figure numbers).
    Page(
        "glossary", "용어집", "Glossary", None, None,
        "이 사이트가 쓰는 용어의 한 줄 뜻과 그 용어를 설명하는 곳", "Every term the site uses, in a line, with where it is explained",
    ),
)
SLUGS = tuple(p.slug for p in PAGES)


def page(slug: str) -> Page:
    for p in PAGES:
        if p.slug == slug:
            return p
    raise UserError(f"page: unknown slug {slug!r}; pages are {', '.join(SLUGS)}")


def number(slug: str) -> int:
    """The page's position, the first part of its figure numbers."""
    return SLUGS.index(page(slug).slug)
