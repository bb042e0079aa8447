"""What an experiment is: a frozen config, a pure ``run``, presets, named axes and claims.

Each experiment is a package ``generator/experiments/<name>/``: ``config.py`` (the Config and
its presets), ``train.py`` (``run``, the only part that imports the engine), ``figures.py``
(drawing, never training), ``bench.py`` (its benchmark workload) and ``__init__.py`` declaring
``EXPERIMENT``. ``run(config, data, seeds, progress) -> metrics`` trains or computes, with no
I/O. Metrics are named arrays whose first axis is the seed (S, ...), so results from several
seeds can be split into one cache entry per seed and stacked back. Claims compute one value per
seed from those metrics and compare it with a threshold fixed in code before the run.
"""

import dataclasses
import difflib
import importlib
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from generator.errors import UserError

MetricArrays = dict[str, np.ndarray]
"""What ``run`` returns: named arrays, the seed first."""
Progress = Callable[[int, int], None]


def param(default, doc: str, *, gt=None, ge=None, lt=None, le=None, choices=None, min_len=None):
    """A config field with its one-line documentation and the range a user may set it to.

    Bounds apply to a number, or to every item of a tuple; ``min_len`` to a tuple's length.
    """
    metadata = {"doc": doc, "gt": gt, "ge": ge, "lt": lt, "le": le, "choices": choices, "min_len": min_len}
    if isinstance(default, list):
        raise TypeError("use a tuple for sequence defaults: configs are frozen")
    return dataclasses.field(default=default, metadata=metadata)


def _check_type(value, hint, name):
    """``value`` converted to the field's type, or a UserError naming the field."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            try:
                return _check_type(value, option, name)
            except UserError:
                pass
        raise UserError(f"{name}: expected {_type_name(hint)}, got {value!r}")
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise UserError(f"{name}: expected {_type_name(hint)}, got {value!r}")
        return tuple(_check_type(v, item_hint, f"{name}[{i}]") for i, v in enumerate(value))
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UserError(f"{name}: expected a finite number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise UserError(f"{name}: expected an integer, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise UserError(f"{name}: expected true or false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise UserError(f"{name}: expected a string, got {value!r}")
        return value
    raise TypeError(f"{name}: unsupported field type {hint!r}")


def _type_name(hint) -> str:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return " or ".join(_type_name(h) for h in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return "a list of " + {float: "numbers", int: "integers", bool: "booleans", str: "strings"}.get(item, str(item))
    return {float: "a number", int: "an integer", bool: "true or false", str: "a string"}.get(hint, str(hint))


def _check_range(value, meta, name):
    items = value if isinstance(value, tuple) else (value,)
    if meta.get("min_len") is not None and len(items) < meta["min_len"]:
        raise UserError(f"{name}: needs at least {meta['min_len']} item(s), got {list(items)}")
    for v in items:
        if isinstance(v, str):
            continue
        for key, ok, text in (
            ("gt", lambda a, b: a > b, ">"),
            ("ge", lambda a, b: a >= b, ">="),
            ("lt", lambda a, b: a < b, "<"),
            ("le", lambda a, b: a <= b, "<="),
        ):
            bound = meta.get(key)
            if bound is not None and not ok(v, bound):
                raise UserError(f"{name}: must be {text} {bound}, got {value!r}{_allowed(meta)}")
    choices = meta.get("choices")
    if choices is not None and any(v not in choices for v in items):
        raise UserError(f"{name}: must be one of {', '.join(map(str, choices))}; got {value!r}")


def _allowed(meta) -> str:
    """The whole allowed range, when it has two ends: " (allowed: >= 0 and < 1)"."""
    parts = [f"{op} {meta[key]}" for key, op in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")) if meta.get(key) is not None]
    return f" (allowed: {' and '.join(parts)})" if len(parts) == 2 else ""


def validate(config, prefix: str):
    """Check every field's type and range; returns the config with values normalised (lists to tuples)."""
    hints = typing.get_type_hints(type(config))
    changes = {}
    for f in dataclasses.fields(config):
        name = f"{prefix}.{f.name}"
        value = _check_type(getattr(config, f.name), hints[f.name], name)
        _check_range(value, f.metadata, name)
        if value is not getattr(config, f.name):
            changes[f.name] = value
    config = dataclasses.replace(config, **changes) if changes else config
    if hasattr(config, "check"):
        config.check(prefix)  # relations between fields, e.g. batch_size <= n_train
    return config


def with_overrides(config, overrides: Mapping, prefix: str):
    """``config`` with fields replaced from a mapping (config file or --set), validated."""
    names = {f.name for f in dataclasses.fields(config)}
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise UserError(f"{prefix}.{unknown[0]}: unknown field;{did_you_mean(unknown[0], names)} {prefix} has {', '.join(sorted(names))}")
    return validate(dataclasses.replace(config, **overrides), prefix)


def closest(name: str, names) -> list[str]:
    """The valid names a mistyped ``name`` most likely meant, best first (at most three)."""
    return difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.6)


def did_you_mean(name: str, names) -> str:
    """`` did you mean lr?`` for a near miss, else an empty string: a suffix for one-line errors."""
    near = closest(name, names)
    return f" did you mean {' or '.join(near)}?" if near else ""


@dataclass(frozen=True)
class FieldInfo:
    """One config field as ``generator list ID`` shows it."""

    name: str
    type: str
    """What a user writes: "number", "integer", "string", "list of integers" ..."""
    default: object
    allowed: str
    """The range ``validate`` enforces, e.g. ">= 0 and < 1"; "any" when unbounded."""
    doc: str
    """Meaning, unit and the book's value, from ``param``."""


def describe_fields(config_type: type) -> tuple[FieldInfo, ...]:
    """Every field of a config class with its type, default, allowed range and documentation."""
    hints = typing.get_type_hints(config_type)
    return tuple(
        FieldInfo(f.name, type_text(hints[f.name]), f.default, allowed_text(f.metadata, hints[f.name]), f.metadata.get("doc", ""))
        for f in dataclasses.fields(config_type)
    )


def type_text(hint) -> str:
    """A field's type in the words of JSON, which --set and config files use."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return " or ".join(type_text(h) for h in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        item = type_text(typing.get_args(hint)[0])
        return f"list of {item}s" if item != "true/false" else "list of true/false"
    return {float: "number", int: "integer", bool: "true/false", str: "string", type(None): "null"}.get(hint, str(hint))


def allowed_text(meta: Mapping, hint=None) -> str:
    """The range a field accepts: bounds (on each item of a list), choices, a list's least length."""
    parts = [f"{op} {meta[key]}" for key, op in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")) if meta.get(key) is not None]
    if meta.get("choices") is not None:
        parts.append("one of " + ", ".join(map(str, meta["choices"])))
    text = " and ".join(parts)
    if typing.get_origin(hint) is tuple and text:
        text = f"each {text}"
    if meta.get("min_len") is not None:
        text = ", ".join(filter(None, (text, f"at least {meta['min_len']} item(s)")))
    return text or "any"


def config_dict(config) -> dict:
    """Every field of a config, JSON-ready (tuples as lists)."""
    return {f.name: _jsonable(getattr(config, f.name)) for f in dataclasses.fields(config)}


def _jsonable(value):
    return [_jsonable(v) for v in value] if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Axis:
    """One named axis of an experiment's metrics (variants, optimizers, scales ...), with its labels.

    ``values`` are stable keys that code and CSV files use; ``labels`` are what a reader sees, per
    language, in the same order. The result file records both, so figures and page facts read
    them from the result and never import the experiment.
    """

    name: str
    values: tuple
    labels: Mapping[str, tuple[str, ...]]

    def __post_init__(self):
        for lang, labels in self.labels.items():
            if len(labels) != len(self.values):
                raise ValueError(f"axis {self.name}: {len(labels)} {lang} labels for {len(self.values)} values")

    def as_dict(self) -> dict:
        return {"name": self.name, "values": list(self.values), "labels": {k: list(v) for k, v in self.labels.items()}}


SOURCES = ("book", "article", "site")
"""Where a claim's statement comes from: the book, the article, or this site's own hypothesis."""


@dataclass(frozen=True)
class Claim:
    """A statement of the book or the article (or this site's own hypothesis) that a result can
    confirm or refute: how to compute it from the metrics and when it holds."""

    id: str
    """Stable identifier, e.g. "overfitting-gap"; anchors and links use it."""
    statement_ko: str
    statement_en: str
    statistic: Callable[[MetricArrays], np.ndarray]
    """Metrics (S, ...) -> one value per seed (S,)."""
    comparison: str
    """">" or "<": the claim holds when value <comparison> threshold."""
    threshold: float
    reason: str
    """One line: why this threshold, fixed before looking at the numbers."""
    reason_ko: str = dataclasses.field(default="", kw_only=True)
    """The same reason in Korean, in 합니다체, without a final full stop (the pages add it).
    Keyword-only, so that ``source`` after it stays required."""
    source: str
    """"book 6.4.1", "article §3" or "site" (this site's own hypothesis); starts with one of SOURCES."""
    figure: str | None = None
    """The figure that shows it, by figure id."""
    unit: str = ""
    """How to print value and threshold: "" (a number), "%" (a fraction shown as percent),
    "pp" (a difference of fractions shown in percentage points) or "decades" (log10 units)."""

    def evaluate(self, metrics: MetricArrays) -> dict:
        values = np.asarray(self.statistic(metrics), dtype=np.float64).reshape(-1)
        compare = {">": np.greater, "<": np.less}[self.comparison]
        finite = np.isfinite(values)
        held = compare(values[finite], self.threshold)
        value = float(np.mean(values[finite])) if finite.any() else None
        return {
            "id": self.id,
            "value": value,
            "values": [float(v) if np.isfinite(v) else None for v in values],
            "threshold": self.threshold,
            "comparison": self.comparison,
            "unit": self.unit,
            "holds": bool(value is not None and compare(value, self.threshold)),
            "seeds_held": int(held.sum()),
            "seeds_total": int(values.size),
            "reason": self.reason,
            "reason_ko": self.reason_ko,
            "source": self.source,
            "figure": self.figure,
            "statement_ko": self.statement_ko,
            "statement_en": self.statement_en,
        }


@dataclass(frozen=True)
class Experiment:
    """One experiment, declared in its package's ``__init__``: id, page, config, presets, axes,
    claims, and where its training, figures and benchmark workload live.

    The parts are named by module, not imported: the declaration loads only NumPy and the config,
    so listing experiments or building the site never loads the engine. ``run`` imports the
    training part when it is called.
    """

    id: str
    page: str
    """Slug of the site page (and article section) it backs: optimizers, initialization, ..."""
    config: type
    presets: Mapping[str, object]
    """Config instances by preset name; every experiment has "book" and "quick"."""
    train: str
    """Module with ``run(config, data, seeds, progress=None) -> metrics`` (leading seed axis)."""
    claims: tuple[Claim, ...] = ()
    axes: Callable[[object], tuple[Axis, ...]] = lambda config: ()
    """config -> the named axes of the metrics, recorded in the result file."""
    figures: str | None = None
    """Module with ``FIGURES``, a tuple of ``generator.plot.FigureSpec``; never imports ``train``."""
    bench: str | None = None
    """Module with the benchmark workload: ``reference``, ``alone``, ``flops`` and ``members``."""
    uses_data: bool = True
    """False when the experiment draws its own inputs and ignores the dataset."""
    uses_seed: bool = True
    """False when nothing in the experiment is random: every seed gets the same metrics, so the
    runner computes all missing seeds as one task instead of once per seed."""
    stages: Callable[[object, int], tuple[int, ...]] | None = None
    """For a long experiment whose seed splits into parts: (config, cores) -> the number of parts
    of each stage. The training module then provides ``run_part(config, data, seed, stage, part,
    parts, earlier)`` and ``assemble(config, seed, outputs)``; parts of one stage run side by side,
    a stage starts when the one before it has finished, and the assembled metrics are the same
    bytes however many parts there were."""
    cost: float = 1.0
    """Rough seconds per seed of the book preset on one core (make bench); the longest work is
    started first so that worker processes finish together. Scheduling only: never in a key."""

    @classmethod
    def in_package(cls, package: str, **fields) -> "Experiment":
        """The declaration of the experiment package ``package`` laid out as CONTRIBUTING.md says:
        ``train``, ``figures`` and ``bench`` modules in it; any of these may still be given. The
        cache key follows the training module's imports (``generator.run.cache.code_files``)."""
        defaults = {
            "train": f"{package}.train",
            "figures": f"{package}.figures",
            "bench": f"{package}.bench",
        }
        return cls(**{**defaults, **fields})

    def preset(self, name: str):
        try:
            return self.presets[name]
        except KeyError:
            raise UserError(f"preset: unknown {name!r} for {self.id}; choose one of {', '.join(self.presets)}") from None

    def run(self, config, data, seeds, progress=None) -> MetricArrays:
        return importlib.import_module(self.train).run(config, data, seeds, progress=progress)

    def training(self):
        """The training module (imports the engine)."""
        return importlib.import_module(self.train)

    def figure_specs(self) -> tuple:
        return importlib.import_module(self.figures).FIGURES if self.figures else ()
