"""The content-addressed cache: one sealed entry per experiment and seed, keyed by what computes it.

The key hashes the canonical JSON of the experiment id, the config, the seed, the dataset
checksum, the hash of every source file that computes it (the engine, the experiment's config
and training modules) and the format version: never times, paths or host names. Claims,
figures, templates and prose are not in the key, so rewording a claim or restyling a figure
never retrains. Entries carry a checksum of their own content; a damaged one is reported and
recomputed.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from generator.errors import UserError
from generator.experiments.base import Experiment, config_dict
from generator.fileio import canonical_json, write_text_atomic
from generator.records import decode_array, encode_array, sealed, unseal
from generator.sources import digest_files, module_files
from generator.results import FORMAT

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ENGINE_MODULES = ("generator.errors", "generator.engine")


def code_version(experiment: Experiment) -> str:
    """sha256 over the whole source files that compute ``experiment`` (paths relative to the package)."""
    files = sorted({p for name in (*ENGINE_MODULES, *experiment.sources) for p in module_files(name)})
    return digest_files(hashlib.sha256(), files, PACKAGE_ROOT).hexdigest()


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
