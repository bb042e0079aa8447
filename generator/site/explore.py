"""Figures a reader can explore: controls over results this build computed, each state addressable.

An explorable stands beside the static figure it extends. Its controls choose among values the
experiment computed; the browser only selects and draws (``overrides/assets/javascripts/explore.js``
with uPlot), it never trains. Everything it shows comes from one JSON file per explorable, built
here from the sealed result: the series of every state, already aligned, and a sentence per state
in each language saying what the state shows, with its numbers. A state is the page's address
plus ``?control=value&...`` after the explorable's id (``#explore-batchnorm-scales?scale=0.01``),
so a teacher can send the exact view, and the cite block cites that state.

The data file is language-neutral except for the labels and sentences, which it carries in both
languages; the page's controls are written into the page in its language, so they work, and say
what they do, before the script has loaded.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import markupsafe

from generator.results import Result


@dataclass(frozen=True)
class Control:
    """One control: a slider over ordered values, a choice among a few, or an on/off switch."""

    name: str
    """Its key in the address: ``scale`` in ``?scale=0.01``."""
    label: Mapping[str, str]
    values: tuple[str, ...]
    """The values the address carries, in order."""
    labels: Mapping[str, tuple[str, ...]]
    """What a reader sees for each value, per language."""
    default: str
    kind: str = "range"
    """``range`` (a slider over ``values``), ``select``, ``toggle`` (two values: off, on) or ``fixed``
    (one value, no control shown: the key of a figure's only state)."""

    def __post_init__(self):
        if self.default not in self.values:
            raise ValueError(f"control {self.name}: default {self.default!r} is not one of its values")
        for lang, labels in self.labels.items():
            if len(labels) != len(self.values):
                raise ValueError(f"control {self.name}: {len(labels)} {lang} labels for {len(self.values)} values")

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "values": list(self.values), "default": self.default,
                "label": dict(self.label), "labels": {k: list(v) for k, v in self.labels.items()}}


@dataclass(frozen=True)
class Explorable:
    id: str
    """``explore-…``: the anchor on the page and the data file's name."""
    experiment: str
    figure: str
    """The static figure it extends; the explorable is placed right after it."""
    title: Mapping[str, str]
    controls: tuple[Control, ...]
    build: Callable[[Result], dict]
    """The sealed result -> ``{"panels": [...], "readout": {...}}``: every state's data."""
    height: int = 320
    """Pixels of each panel's plot area."""
    panels: int = 1
    """How many panels it draws: the page reserves their height, so nothing moves when they arrive."""
    about: Mapping[str, str] = field(default_factory=dict)
    """One sentence on what the controls change, per language."""

    def data(self, result: Result) -> dict:
        built = self.build(result)
        return {"id": self.id, "experiment": self.experiment, "seeds": list(result.seeds),
                "controls": [c.as_dict() for c in self.controls], **built}

    def file(self) -> str:
        return f"explore/{self.id}.json"


def state_key(**values) -> str:
    """The key of a state in the data: control values joined in the order given (``"0.01|each"``)."""
    return "|".join(str(v) for v in values.values())


def rounded(values, digits: int = 4) -> list:
    """Numbers for the data file: rounded for size, NaN and inf as null (a gap, or no value)."""
    out = []
    for v in values:
        v = float(v)
        out.append(round(v, digits) if v == v and abs(v) != float("inf") else None)
    return out


def cite_template(explorable: Explorable, result: Result, lang: str, source, label: str) -> str:
    """The plain citation of a view, with ``{state}`` (the controls' values, in words) and ``{url}``
    (the address of exactly that view) left for the script to fill as the reader moves a control."""
    from generator.site import citation

    seeds = ", ".join(str(s) for s in result.seeds)
    if lang == "ko":
        commit = f"커밋 {source.commit}{'(커밋되지 않은 변경 포함)' if source.dirty else ''}" if source.commit else "커밋 기록 없음"
        year = source.year or "연도 미상"
        accessed = f" (접속일 {source.date})" if source.date else ""
        return (f"{citation.AUTHORS} ({year}). 〈{label}: {explorable.title['ko']}, {{state}}〉. 《{citation.TITLE['ko']}》. "
                f"실험 {result.experiment} (프리셋 {result.preset}, 시드 {seeds}), 코드 버전 {result.code_version}, {commit}. "
                f"<{{url}}>{accessed}.")
    year = source.year or "n.d."
    accessed = f", accessed {source.date}" if source.date else ""
    commit = citation.commit_note(source)
    return (f"{citation.AUTHORS} ({year}). “{label}: {explorable.title['en']}, {{state}}.” *{citation.TITLE['en']}*. "
            f"Experiment {result.experiment} (preset {result.preset}, seeds {seeds}), code version {result.code_version}, "
            f"{commit}. <{{url}}>{accessed}.")


def data_bytes(explorable: Explorable, result: Result) -> bytes:
    return (json.dumps(explorable.data(result), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def block(explorable: Explorable, lang: str, src: str, permalink: str, cite: str) -> str:
    """The explorable's place on the page: its controls in the page's language, the reserved chart
    area, the sentence that says what the state shows, and the citation of the state shown.

    ``src`` is the data file relative to the page; ``permalink`` the page's address with the
    explorable's anchor; ``cite`` the citation with ``{state}`` and ``{url}`` for the script to fill.
    """
    e = markupsafe.escape
    ko = lang == "ko"
    controls = []
    for c in explorable.controls:
        if c.kind == "fixed":
            continue
        index = c.values.index(c.default)
        label = e(c.label[lang])
        name = f"{explorable.id}-{c.name}"
        if c.kind == "toggle":
            checked = " checked" if index == 1 else ""
            controls.append(f'<span class="ch6-explore-control"><label class="ch6-explore-toggle">'
                            f'<input type="checkbox" name="{c.name}" id="{name}"{checked}> {label}</label></span>')
        elif c.kind == "select":
            options = "".join(
                f'<option value="{e(v)}"{" selected" if v == c.default else ""}>{e(t)}</option>'
                for v, t in zip(c.values, c.labels[lang])
            )
            controls.append(f'<span class="ch6-explore-control"><label for="{name}">{label}</label> '
                            f'<select name="{c.name}" id="{name}">{options}</select></span>')
        else:
            shown = e(c.labels[lang][index])
            controls.append(
                f'<span class="ch6-explore-control"><label for="{name}">{label}</label> '
                f'<input type="range" name="{c.name}" id="{name}" min="0" max="{len(c.values) - 1}" step="1" value="{index}" '
                f'aria-valuetext="{shown}"> <output for="{name}">{shown}</output></span>'
            )
    note = ("자바스크립트를 켜면 이 그림을 직접 조작해 볼 수 있습니다. 위의 고정된 그림은 그대로 인용할 수 있습니다."
            if ko else "With JavaScript on, this figure can be explored here; the static figure above stays citable as it is.")
    cite_word = "이 상태 인용하기" if ko else "Cite this view"
    return "\n".join([
        f'<div class="ch6-explore" id="{e(explorable.id)}" data-src="{e(src)}" data-lang="{lang}" '
        f'data-permalink="{e(permalink)}" data-cite="{e(cite)}" '
        f'style="--ch6-explore-height: {explorable.height}px; --ch6-explore-panels: {explorable.panels}">',
        f'<p class="ch6-explore-title"><strong>{e(explorable.title[lang])}</strong> '
        f'<span class="ch6-explore-about">{e(explorable.about.get(lang, ""))}</span></p>',
        f'<form class="ch6-explore-controls" aria-controls="{e(explorable.id)}-chart">{" ".join(controls)}</form>',
        f'<div class="ch6-explore-chart" id="{e(explorable.id)}-chart" role="img" aria-label="{e(explorable.title[lang])}"></div>',
        '<p class="ch6-explore-readout" aria-live="polite"></p>',
        f'<noscript><p>{e(note)}</p></noscript>',
        f'<details class="ch6-explore-cite"><summary>{e(cite_word)}</summary><p class="ch6-explore-cite-text"></p></details>',
        "</div>",
    ])
