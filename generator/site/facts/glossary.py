"""Facts of the glossary page: every term of ``generator.glossary``, its line and where it is explained."""

from dataclasses import dataclass

from generator.glossary import ENTRIES
from generator.pages import page
from generator.site.facts import SiteInputs



@dataclass(frozen=True)
class GlossaryItem:
    concept: str
    """The glossary key; the entry's anchor on the glossary page is ``term-<concept>``."""
    term: str
    other: str
    """The same concept in the other language; empty when it is the same word (Adam, AdaGrad)."""
    about: str
    href: str
    """Where the concept is explained: ``<page>.md#<anchor>``."""
    page_title: str


@dataclass(frozen=True)
class GlossaryFacts:
    ko: tuple[GlossaryItem, ...]
    """Every term in Korean order (Latin names first, then 가나다)."""
    en: tuple[GlossaryItem, ...]
    """Every term in English alphabetical order."""


def items(lang: str) -> tuple[GlossaryItem, ...]:
    other = "en" if lang == "ko" else "ko"
    found = []
    for concept, entry in ENTRIES.items():
        words = {"ko": entry.ko, "en": entry.en}
        found.append(GlossaryItem(
            concept=concept,
            term=words[lang],
            other="" if words[other] == words[lang] else words[other],
            about=entry.about(lang),
            href=f"{page(entry.page).source}#{entry.anchor}",
            page_title=page(entry.page).title(lang),
        ))
    return tuple(sorted(found, key=lambda item: (item.term.casefold(), item.concept)))


def facts(inputs: SiteInputs) -> GlossaryFacts:
    return GlossaryFacts(ko=items("ko"), en=items("en"))
