"""Figures as each language's pages show them: number, label, caption, short title, alt text, paths."""

import re
from collections.abc import Mapping

from generator.site.context import DOWNLOADS, LANGUAGES, FigureView, Language, page_url
from generator.site.figures import FigureRef


SHORT_TITLE = 100
"""Characters a derived short title keeps before it is cut at a word."""


def short_title(spec, lang: str) -> str:
    """The spec's short title, else the caption's first sentence; a long one loses its asides in
    parentheses ("(solid)"), then is cut at a word."""
    if spec.short_title.get(lang):
        return spec.short_title[lang]
    sentence = re.split(r"(?<=[.!?])\s+", spec.caption[lang].strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) > SHORT_TITLE:
        sentence = re.sub(r"\s*\([^()]*\)", "", sentence)
    if len(sentence) <= SHORT_TITLE:
        return sentence
    return sentence[:SHORT_TITLE].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def derived_alt(ref: FigureRef, lang: str) -> str:
    """Alt text from what a figure plots, for a spec without its own: the experiment, the seeds, the
    series (the labelled axes whose values the figure's data lists) and the values drawn (the other
    columns of its CSV). Generic, but about the image, and never the caption again."""
    header, rows = ref.spec.data(ref.result)
    axes = ref.result.axes
    series, values = [], []
    for i, column in enumerate(header):
        if column == "seed":
            continue
        if column in axes:
            axis = axes[column]
            shown = []
            for value in dict.fromkeys(row[i] for row in rows):
                try:
                    shown.append(axis.label(value, lang))
                except (KeyError, ValueError, IndexError):
                    shown.append(str(value))
            series.append("; ".join(shown))
        else:
            values.append(column)
    seeds = len(ref.result.seeds)
    if lang == "ko":
        text = f"{ref.experiment} 실험의 결과를 시드 {seeds}개로 그린 차트입니다."
        if series:
            text += f" 계열: {' / '.join(series)}."
        return text + (f" 그린 값: {', '.join(values)}." if values else "")
    text = f"Chart of the {ref.experiment} experiment's results over {seeds} seed{'s' if seeds != 1 else ''}."
    if series:
        text += f" Series: {' / '.join(series)}."
    return text + (f" Values drawn: {', '.join(values)}." if values else "")


def figure_alts(refs: Mapping[str, FigureRef]) -> dict[str, dict[str, str]]:
    """Every figure's alt text by id and language: the spec's own, else derived."""
    return {
        ref.id: {lang.code: ref.spec.alt.get(lang.code) or derived_alt(ref, lang.code) for lang in LANGUAGES}
        for ref in refs.values()
    }


def figure_views(refs: Mapping[str, FigureRef], lang: Language, site_url: str,
                 alts: Mapping[str, Mapping[str, str]]) -> dict[str, FigureView]:
    return {
        ref.id: FigureView(
            id=ref.id,
            experiment=ref.experiment,
            page=ref.page,
            number=ref.number,
            label=f"{lang.figure_word} {ref.number}",
            caption=ref.spec.caption[lang.code],
            short_title=short_title(ref.spec, lang.code),
            alt=alts[ref.id][lang.code],
            book=ref.spec.book,
            svg=f"figures/{ref.id}.svg",
            png=f"figures/{ref.id}.png",
            csv=f"../{DOWNLOADS}/{ref.id}.csv",
            json=f"../{DOWNLOADS}/results/{ref.experiment}.json",
            href=f"{ref.page}.md#{ref.id}",
            permalink=f"{page_url(site_url, lang, ref.page)}#{ref.id}",
            png_url=f"{site_url}{lang.root}figures/{ref.id}.png",
            result=ref.result,
        )
        for ref in refs.values()
    }
