"""Facts of the summary page: the chapter's lessons as this build found them.

For each chapter page, its claims sorted three ways: what held (in every seed), what did not
(in no seed), and what this setting cannot decide (the seeds disagree, or the mean and most
seeds point different ways). Every claim of the chapter is in exactly one of the three, so a
reader of the summary alone meets every failure; the values are the claims' own, printed by the
same helpers as the chapter pages' evidence boxes, so the two pages show the same numbers.
"""

from dataclasses import dataclass

from generator.pages import PAGES
from generator.results import CheckedClaim
from generator.site.facts import SiteInputs, Text, require, settings


@dataclass(frozen=True)
class Lesson:
    """One chapter page's claims, by what this build found."""

    slug: str
    href: str
    title: Text
    held: tuple[CheckedClaim, ...]
    """Held in every seed."""
    failed: tuple[CheckedClaim, ...]
    """Held in no seed."""
    undecided: tuple[CheckedClaim, ...]
    """The seeds disagree: some held and some did not."""

    @property
    def n_held(self) -> int:
        return len(self.held)


def verdict(claim: CheckedClaim) -> str:
    """``"held"``, ``"failed"`` or ``"undecided"``: whether every seed, no seed, or only some agree."""
    if claim.seeds_total and claim.seeds_held == claim.seeds_total and claim.holds:
        return "held"
    if claim.seeds_held == 0 and not claim.holds:
        return "failed"
    return "undecided"


def lesson(slug: str, claims) -> Lesson:
    page = next(p for p in PAGES if p.slug == slug)
    mine = tuple(claims.for_page(slug))
    by = {kind: tuple(c for c in mine if verdict(c) == kind) for kind in ("held", "failed", "undecided")}
    return Lesson(slug, page.source, Text(page.title_ko, page.title_en), by["held"], by["failed"], by["undecided"])


@dataclass(frozen=True)
class SummaryFacts:
    optimizers: Lesson
    initialization: Lesson
    batch_norm: Lesson
    regularization: Lesson
    hyperparameters: Lesson
    iterations: int
    """Updates of the MNIST optimizer comparison."""
    small_std: float
    """The small initial weight scale of the MNIST initialization comparison."""
    n_train_overfitting: int
    """Training images of the book's overfitting setting."""
    weight_decay: float
    dropout_ratio: float
    regularization_costs_accuracy: bool
    """Both weight decay and dropout lowered test accuracy (their keeps-test-accuracy claims fail):
    the summary then says what the narrower gap cost."""
    scales: int
    """Weight scales of the batch-norm comparison."""
    claims: int
    held: int
    failed: int
    undecided: int


def facts(inputs: SiteInputs) -> SummaryFacts:
    claims = inputs.claims
    lessons = {slug: lesson(slug, claims) for slug in ("optimizers", "initialization", "batch-norm", "regularization", "hyperparameters")}
    overfitting = settings(require(inputs, "overfitting"))
    kinds = [verdict(c) for c in claims]
    return SummaryFacts(
        optimizers=lessons["optimizers"],
        initialization=lessons["initialization"],
        batch_norm=lessons["batch-norm"],
        regularization=lessons["regularization"],
        hyperparameters=lessons["hyperparameters"],
        iterations=settings(require(inputs, "optimizer-compare")).iterations,
        small_std=settings(require(inputs, "init-compare")).small_std,
        n_train_overfitting=overfitting.n_train,
        weight_decay=overfitting.weight_decay,
        dropout_ratio=overfitting.dropout_ratio,
        regularization_costs_accuracy=all(
            not claims[c].holds and claims[c].value is not None and claims[c].value < 0
            for c in ("weight-decay-keeps-test-accuracy", "dropout-keeps-test-accuracy")
        ),
        scales=len(require(inputs, "batchnorm-sweep").axes["scale"].values),
        claims=len(kinds),
        held=kinds.count("held"),
        failed=kinds.count("failed"),
        undecided=kinds.count("undecided"),
    )
