"""The content-addressed cache: one sealed entry per experiment and seed, keyed by what computes it.

The key hashes the canonical JSON of the experiment id, the config, the seed, the dataset
checksum, the format version and ``code_version``: a hash of every source file of the package
that the experiment's training module imports, directly or through other modules (the engine,
its config, any neighbour's helper, and the ``__init__`` of each package on the way, which holds
the experiment's declaration and claims), and, for an experiment that reads the dataset, of the
data-loading code and what it imports. The file set is read from the import lines
(``generator.sources``); no list is kept by hand. Never times, absolute paths or host names.
Figures, bench workloads, the site and templates are imported by no training module, so
restyling a figure or rewording a page never retrains. Entries carry a checksum of their own
content; a damaged one is reported and recomputed.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from generator.errors import UserError
from generator.experiments.base import Experiment, config_dict
from generator.fileio import canonical_json, write_text_atomic
from generator.records import decode_array, encode_array, sealed, unseal
from generator.results import FORMAT
from generator.sources import SOURCE_ROOT, imported_files, source_digest

DATA_MODULE = "generator.data"
"""Where ``compute`` loads the dataset from, before the training module sees it."""


def code_modules(experiment: Experiment) -> tuple[str, ...]:
    """The modules whose imports, followed to the end, are the code that computes ``experiment``."""
    return (experiment.train, DATA_MODULE) if experiment.uses_data else (experiment.train,)


def code_files(experiment: Experiment, root: Path = SOURCE_ROOT) -> tuple[Path, ...]:
    """The whole source files that compute ``experiment``, sorted."""
    return imported_files(*code_modules(experiment), root=root)


def code_version(experiment: Experiment, root: Path = SOURCE_ROOT) -> str:
    """sha256 over ``code_files`` (paths relative to ``root``, so any copy of the tree agrees)."""
    return source_digest(*code_modules(experiment), root=root)


def cache_key(experiment: Experiment, config, seed: int, dataset_sha256: str, version: str) -> str:
    payload = {
        "experiment": experiment.id,
        "config": config_dict(config),
        "seed": seed,
        "dataset": dataset_sha256,
        "code": version,
        "format": FORMAT,
    }
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


class Cache:
    """One sealed JSON file per (experiment, seed) result, named by its key."""

    def __init__(self, root: Path, warn: Callable[[str], None]):
        self.root = Path(root)
        self.warn = warn

    def path(self, experiment_id: str, key: str) -> Path:
        return self.root / experiment_id / f"{key}.json"

    def get(self, experiment_id: str, key: str) -> tuple[dict, float | None] | None:
        """(metrics, compute seconds of the run that made the entry), or None when absent or damaged."""
        path = self.path(experiment_id, key)
        if not path.exists():
            return None
        try:
            entry = unseal(path)
            if entry.get("key") != key:
                raise UserError(f"{path}: holds the entry for another key")
            return {name: decode_array(a) for name, a in entry["metrics"].items()}, entry.get("seconds")
        except (UserError, KeyError, TypeError, ValueError) as error:
            self.warn(f"cache: {error}; recomputing")
            path.unlink(missing_ok=True)
            return None

    def put(self, experiment_id: str, key: str, seed: int, metrics: dict, seconds: float | None = None) -> None:
        entry = {"key": key, "experiment": experiment_id, "seed": seed, "seconds": seconds,
                 "metrics": {k: encode_array(v) for k, v in metrics.items()}}
        write_text_atomic(self.path(experiment_id, key), sealed(entry))
