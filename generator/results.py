"""The result files: written by the runner, read back by the site. One owner, one format.

``build/results/<experiment>.json`` (one per experiment), ``claims.json``, ``environment.json``
and ``timings.json`` (the compute seconds of each seed: they vary from run to run, so they live
beside the results, never inside them). The runner writes claims.json from the result documents
it holds, never by reading back what it just wrote. A file that is missing, damaged or not in
the format is a ``UserError`` naming the file, never a page with holes in it.

Every file is a sealed record (``generator.records``): its checksum is verified, and metrics
come back as NumPy arrays of the dtype and shape they were saved with, NaN included. A result
also records the named axes of its metrics with their labels in both languages, so that
figures and page facts never import the experiment that produced it.
"""

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UserError
from generator.fileio import canonical_json, write_text_atomic
from generator.records import decode_array, encode_array, sealed, unseal

FORMAT = 2
"""Version of every record this package writes: results, claims, environment and cache entries."""
CLAIMS_FILE = "claims.json"
ENVIRONMENT_FILE = "environment.json"
TIMINGS_FILE = "timings.json"
NOT_RESULTS = {CLAIMS_FILE, ENVIRONMENT_FILE, TIMINGS_FILE}


class Metrics(Mapping):
    """A result's named metrics, read as ``metrics.test_acc`` or ``metrics["test_acc"]``."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = {name: decode_array(v) for name, v in values.items()}

    def __getitem__(self, name):
        return self._values[name]

    def __getattr__(self, name):
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Metrics({sorted(self._values)})"


@dataclass(frozen=True)
class DatasetRef:
    """Which data a result was computed from."""

    name: str
    """Data set name as the experiments report it, e.g. ``"mnist-10k"``."""
    sha256: str
    """Checksum of the data the experiment trained on."""
    n_train: int | None = None
    """Images in the training pool and in the held-out test set, when the result says."""
    n_test: int | None = None


@dataclass(frozen=True)
class Result:
    """One experiment's saved outcome, as written by ``python -m generator run``."""

    experiment: str
    """Experiment id, equal to the file stem."""
    preset: str
    """``"book"`` (the book's settings), ``"quick"`` (a small run for tests), or with overrides."""
    config: Mapping[str, Any]
    """The experiment's configuration, field by field."""
    seeds: tuple[int, ...]
    dataset: DatasetRef | None
    """None for experiments that draw their own inputs (the optimizer paths on a formula)."""
    code_version: str
    """Hash of the engine and experiment sources that produced the result."""
    cache_keys: tuple[str, ...]
    """Cache key of each seed."""
    metrics: Metrics
    page: str
    """Slug of the page the experiment backs."""
    axes: Mapping[str, "AxisRecord"]
    """The named axes of the metrics (variants, optimizers, scales ...), by name."""
    environment: Mapping[str, Any] | None
    """What the run recorded about its machine (CPU model, cores ...), if anything."""
    path: Path
    """Where the result was read from, for download links and error messages."""
    data_sha256: str = ""
    """Hash of everything the result holds but its claims: what its figures draw."""


@dataclass(frozen=True)
class AxisRecord:
    """A recorded axis: its stable values and what a reader sees for each, per language."""

    name: str
    values: tuple
    labels: Mapping[str, tuple[str, ...]]

    def index(self, value) -> int:
        try:
            return self.values.index(value)
        except ValueError:
            raise KeyError(f"axis {self.name}: no value {value!r}; values are {list(self.values)}") from None

    def label(self, value, lang: str) -> str:
        return self.labels[lang][self.index(value)]


@dataclass(frozen=True)
class CheckedClaim:
    """A claim's outcome in this build: the statement, the measured value and whether it held."""

    id: str
    experiment: str
    page: str
    """Slug of the page the claim belongs to."""
    statement_ko: str
    statement_en: str
    value: float | None
    """The measured number (mean over seeds); ``None`` when there is none (NaN)."""
    threshold: float
    comparison: str
    """How value is compared with threshold, e.g. ``">"``."""
    holds: bool
    seeds_held: int
    seeds_total: int
    figure: str | None
    """Id of the figure that shows the evidence, if any."""
    unit: str = ""
    """``""`` (a plain number) or ``"%"`` (a fraction shown as a percentage)."""
    reason: str = ""
    """Why this threshold, if the claim says (English)."""
    reason_ko: str = ""
    """The same reason in Korean; empty in result files written before it was recorded."""
    values: tuple[float | None, ...] = ()
    """The value of each seed, if recorded."""
    source: str = "site"
    """Where the statement comes from: "book 6.4.1", "article §3" or "site" (our own hypothesis)."""

    def statement(self, lang: str) -> str:
        return self.statement_ko if lang == "ko" else self.statement_en

    @property
    def quote_ko(self) -> str:
        """The statement without its final full stop, for quoting inside a sentence."""
        return self.statement_ko.rstrip(".")

    @property
    def quote_en(self) -> str:
        return self.statement_en.rstrip(".")

    @property
    def reason_en(self) -> str:
        """The reason in English, so templates of both languages read ``reason_<lang>``."""
        return self.reason

    @property
    def hypothesis(self) -> bool:
        """True when the statement is this site's own, not the book's or the article's."""
        return self.source == "site"

    @property
    def source_ko(self) -> str:
        kind, _, where = self.source.partition(" ")
        return {"book": f"책 {where}", "article": f"글 {where}", "site": "이 사이트의 가설"}[kind].strip()

    @property
    def source_en(self) -> str:
        kind, _, where = self.source.partition(" ")
        return {"book": f"book {where}", "article": f"article {where}", "site": "this site's hypothesis"}[kind].strip()


class Claims(tuple):
    """All claims in file order; ``claims["id"]`` looks one up, ``for_page`` filters by page."""

    def __new__(cls, items=()):
        return super().__new__(cls, items)

    @property
    def by_id(self) -> dict[str, CheckedClaim]:
        return {c.id: c for c in self}

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return self.by_id[key]
            except KeyError:
                raise KeyError(f"claims: no claim {key!r}") from None
        return super().__getitem__(key)

    def for_page(self, slug: str) -> "Claims":
        return Claims(c for c in self if c.page == slug)


def _read_document(path: Path) -> dict:
    """The sealed record in ``path``, checksum-verified and format-checked."""
    data = unseal(path)
    if data.get("format") != FORMAT:
        raise UserError(f"{path}: format {data.get('format')!r} is not supported (expected {FORMAT})")
    return data


def _require(obj, key: str, kind, where):
    if not isinstance(obj, dict) or key not in obj:
        raise UserError(f"{where}: field {key!r} is missing")
    value = obj[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise UserError(f"{where}: field {key!r} has the wrong type ({type(value).__name__})")
    return value


def _optional(obj: dict, key: str, kind, where, default=None):
    if obj.get(key) is None:
        return default
    return _require(obj, key, kind, where)


def _axes(items: list, path) -> dict[str, AxisRecord]:
    axes = {}
    for i, item in enumerate(items):
        where = f"{path}: axes[{i}]"
        labels = _require(item, "labels", dict, where)
        axes[_require(item, "name", str, where)] = AxisRecord(
            name=item["name"],
            values=tuple(_require(item, "values", list, where)),
            labels={lang: tuple(v) for lang, v in labels.items()},
        )
    return axes


def _data_sha256(document: dict) -> str:
    """sha256 of a result document without its claims: what its figures draw, so that rewording a
    claim (which rewrites the file) redraws no figure."""
    drawn = {key: value for key, value in document.items() if key != "claims"}
    return hashlib.sha256(canonical_json(drawn).encode()).hexdigest()


def load_result(path) -> Result:
    path = Path(path)
    data = _read_document(path)
    experiment = _require(data, "experiment", str, path)
    if experiment != path.stem:
        raise UserError(f"{path}: experiment {experiment!r} does not match the file name")
    dataset = _optional(data, "dataset", dict, path)
    cache_keys = tuple(_require(data, "cache_keys", list, path))
    return Result(
        experiment=experiment,
        preset=_require(data, "preset", str, path),
        config=_require(data, "config", dict, path),
        seeds=tuple(_require(data, "seeds", list, path)),
        dataset=None if dataset is None else DatasetRef(
            name=_require(dataset, "name", str, path),
            sha256=_require(dataset, "sha256", str, path),
            n_train=_optional(dataset, "n_train", int, path),
            n_test=_optional(dataset, "n_test", int, path),
        ),
        code_version=_require(data, "code_version", str, path),
        cache_keys=cache_keys,
        metrics=Metrics(_require(data, "metrics", dict, path)),
        page=_require(data, "page", str, path),
        axes=_axes(_optional(data, "axes", list, path, default=[]), path),
        environment=_optional(data, "environment", dict, path),
        path=path,
        data_sha256=_data_sha256(data),
    )


def load_results(results_dir) -> dict[str, Result]:
    """Every ``<experiment>.json`` in ``results_dir`` by experiment id, in id order."""
    results_dir = Path(results_dir)
    if not results_dir.is_dir():
        raise UserError(f"{results_dir}: no results directory; run `python -m generator run` first")
    paths = sorted(p for p in results_dir.glob("*.json") if p.name not in NOT_RESULTS)
    return {p.stem: load_result(p) for p in paths}


def load_environment(results_dir) -> dict | None:
    """What ``environment.json`` records about the machine that ran the experiments, if present."""
    path = Path(results_dir) / ENVIRONMENT_FILE
    if not path.exists():
        return None
    data = _read_document(path)
    data.pop("format")
    return data


def load_claims(results_dir) -> Claims:
    path = Path(results_dir) / CLAIMS_FILE
    data = _read_document(path)
    claims = []
    for i, item in enumerate(_require(data, "claims", list, path)):
        where = f"{path}: claims[{i}]"
        value = _optional(item, "value", (int, float), where)
        values = _optional(item, "values", list, where, default=[])
        claims.append(
            CheckedClaim(
                id=_require(item, "id", str, where),
                experiment=_require(item, "experiment", str, where),
                page=_require(item, "page", str, where),
                statement_ko=_require(item, "statement_ko", str, where),
                statement_en=_require(item, "statement_en", str, where),
                value=None if value is None else float(value),
                threshold=float(_require(item, "threshold", (int, float), where)),
                comparison=_require(item, "comparison", str, where),
                holds=_require(item, "holds", bool, where),
                seeds_held=_require(item, "seeds_held", int, where),
                seeds_total=_require(item, "seeds_total", int, where),
                figure=_optional(item, "figure", str, where),
                unit=_optional(item, "unit", str, where, default=""),
                reason=_optional(item, "reason", str, where, default=""),
                reason_ko=_optional(item, "reason_ko", str, where, default=""),
                values=tuple(None if v is None else float(v) for v in values),
                source=_require(item, "source", str, where),
            )
        )
    ids = [c.id for c in claims]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UserError(f"{path}: claim ids appear twice: {', '.join(duplicates)}")
    return Claims(claims)


def result_document(experiment, preset: str, config: dict, seeds, dataset: DatasetRef | None, code_version: str,
                    cache_keys, metrics: Mapping, axes, claims: list[dict]) -> dict:
    """The content of ``<experiment>.json``: everything the site needs, and no clock or path."""
    return {
        "format": FORMAT,
        "experiment": experiment.id,
        "page": experiment.page,
        "preset": preset,
        "config": config,
        "seeds": list(seeds),
        "dataset": None if dataset is None else {"name": dataset.name, "sha256": dataset.sha256,
                                                 "n_train": dataset.n_train, "n_test": dataset.n_test},
        "code_version": code_version,
        "cache_keys": list(cache_keys),
        "axes": [axis.as_dict() for axis in axes],
        "metrics": {name: encode_array(value) for name, value in metrics.items()},
        "claims": claims,
    }


def write_result(results_dir, document: dict) -> Path:
    path = Path(results_dir) / f"{document['experiment']}.json"
    write_text_atomic(path, sealed(document))
    return path


def claim_records(document: dict) -> list[dict]:
    """The rows of claims.json for one result document: each claim with its experiment, page and preset."""
    return [{"experiment": document["experiment"], "page": document["page"], "preset": document["preset"], **claim}
            for claim in document["claims"]]


def write_claims(results_dir, experiment_ids, documents: Mapping[str, dict] | None = None) -> list[dict]:
    """Write claims.json: the claims of each experiment in the given order, from ``documents`` (the
    result documents a run holds, by experiment id) or else from its result file in
    ``results_dir``, written by an earlier run; an experiment with neither is left out."""
    documents = documents or {}
    claims = []
    for experiment_id in experiment_ids:
        document = documents.get(experiment_id)
        path = Path(results_dir) / f"{experiment_id}.json"
        if document is None and path.exists():
            document = unseal(path)
        if document is not None:
            claims += claim_records(document)
    write_text_atomic(Path(results_dir) / CLAIMS_FILE, sealed({"format": FORMAT, "claims": claims}))
    return claims


def write_environment(results_dir, environment: dict) -> None:
    write_text_atomic(Path(results_dir) / ENVIRONMENT_FILE, sealed({"format": FORMAT, **environment}))


def write_timings(results_dir, seconds: Mapping[str, Mapping[int, float | None]]) -> None:
    """Compute seconds of each experiment's seeds, as measured when each was computed (a cached seed
    keeps the time of the run that computed it, so rebuilding from the cache changes nothing)."""
    document = {"format": FORMAT, "experiments": {
        experiment: {"seeds": sorted(per_seed), "seconds": [per_seed[s] for s in sorted(per_seed)]}
        for experiment, per_seed in seconds.items()}}
    write_text_atomic(Path(results_dir) / TIMINGS_FILE, sealed(document))


def load_timings(results_dir) -> dict[str, dict] | None:
    """``{experiment: {"seeds": [...], "seconds": [...]}}`` from timings.json, or None if absent."""
    path = Path(results_dir) / TIMINGS_FILE
    if not path.exists():
        return None
    return _require(_read_document(path), "experiments", dict, path)
