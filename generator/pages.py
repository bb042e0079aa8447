"""The site's pages, declared once: order, slug, titles in both languages, article and book sections.

A page's position in ``PAGES`` is its number in figure labels ("그림 4.2" is the second figure of
page 4). ``mkdocs.yml``'s nav must list the same pages in the same order; ``generator.site``
checks it before every build. Pure data: both the runner and the site read it.
"""

from dataclasses import dataclass

from generator.errors import UserError

LANGUAGES = ("ko", "en")


@dataclass(frozen=True)
class Page:
    slug: str
    title_ko: str
    title_en: str
    article: str | None = None
    """The article's section this page covers ("§3"), if any."""
    book: str | None = None
    """The book's section ("6.4"), if any."""

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    @property
    def source(self) -> str:
        """The Markdown file of the page, relative to its language folder."""
        return f"{self.slug}.md"


PAGES = (
    Page("index", "학습 관련 기술들: 6장 실험 다시 돌리기", "Training techniques: chapter 6, re-run"),
    Page("optimizers", "매개변수 갱신: 최적화 기법", "Updating parameters: optimizers", "§0", "6.1"),
    Page("initialization", "가중치의 초깃값", "Initial weights", "§1", "6.2"),
    Page("batch-norm", "배치 정규화", "Batch normalization", "§2", "6.3"),
    Page(
        "regularization",
        "바른 학습을 위해: 오버피팅, 가중치 감소, 드롭아웃",
        "Learning that generalizes: overfitting, weight decay, dropout",
        "§3",
        "6.4",
    ),
    Page("hyperparameters", "적절한 하이퍼파라미터 값 찾기", "Finding good hyperparameters", "§4", "6.5"),
    Page("summary", "정리", "Summary", "§5", "6.6"),
    Page("claims", "주장 검증", "Claims checked"),
    Page("reproduce", "재현하기", "Reproduce"),
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
