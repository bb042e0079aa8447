"""Sealed JSON records: canonical JSON carrying a sha256 of its own content, and exact arrays.

Results, cache entries, claims and the environment are all written this way, by the runner, and
read back by the runner (cache) and by the site (results). A record that was truncated or
edited fails its checksum and is refused with its path.
"""

import hashlib
import json
from pathlib import Path

import numpy as np

from generator.errors import UserError
from generator.fileio import canonical_json


def encode_array(a) -> dict:
    """An array as exact JSON: dtype, shape and values (NaN and infinities as strings)."""
    a = np.asarray(a)
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        data = [float(v) if np.isfinite(v) else ("nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")) for v in flat.astype(np.float64)]
    elif a.dtype.kind == "b":
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"dtype": a.dtype.str.lstrip("<>|="), "shape": list(a.shape), "data": data}


def decode_array(obj: dict) -> np.ndarray:
    data = [float(v) if isinstance(v, str) else v for v in obj["data"]]
    return np.asarray(data, dtype=obj["dtype"]).reshape(obj["shape"])


def sealed(document: dict) -> str:
    """Canonical JSON of ``document`` with a sha256 of its own content added."""
    body = canonical_json(document)
    return canonical_json({**document, "checksum": hashlib.sha256(body.encode()).hexdigest()}) + "\n"


def unseal(path) -> dict:
    """The document in ``path`` without its checksum, or a UserError saying why it cannot be trusted."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: missing; run `python -m generator run` first") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not valid JSON ({error.msg}, line {error.lineno}); truncated?") from None
    if not isinstance(document, dict) or not isinstance(document.get("checksum"), str):
        raise UserError(f"{path}: not a sealed record (no checksum)")
    checksum = document.pop("checksum")
    if hashlib.sha256(canonical_json(document).encode()).hexdigest() != checksum:
        raise UserError(f"{path}: checksum mismatch (edited or truncated)")
    return document
