"""Datasets for the experiments: the embedded MNIST test set, full MNIST and a synthetic stand-in.

NumPy and the standard library only, and platformdirs for the download folder. Every dataset is 784 inputs (28x28 flattened, pixels in
[0, 1]) and 10 classes, so any network runs on any of them. ``Dataset.sha256`` names the content
(source files and split), so result caches can key on it.
"""

import functools
import hashlib
import http.client
import math
import os
import struct
import urllib.error
import urllib.request
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.errors import UserError
from generator.fileio import canonical_json, write_bytes_atomic

DATASETS = ("mnist-10k", "mnist-full", "synthetic")

ASSET_DIR = Path(__file__).parent / "assets" / "mnist"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"

EMBEDDED_SHA256 = {
    TEST_IMAGES: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    TEST_LABELS: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
# The MD5s published with MNIST; looked up at call time so tests can patch the table.
MNIST_FULL_MD5 = {
    TRAIN_IMAGES: "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    TRAIN_LABELS: "d53e105ee54ea40749a09fcbcd1e9432",
    TEST_IMAGES: "9fb629c4189551a2d022fa330f9573f3",
    TEST_LABELS: "ec29112dd5afa0611ce80d1b7f02629c",
}
DEFAULT_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
DOWNLOAD_TIMEOUT_S = 30
MAX_DOWNLOAD_BYTES = 32 * 2**20
MAX_IDX_BYTES = 64 * 2**20  # train-images unpacks to 47 MB; more is a damaged or hostile file

SPLIT_SEED = 20200101
N_TEST_10K = 2000
N_TRAIN_10K = 10000 - N_TEST_10K

SYNTHETIC_SEED = 6
N_SYNTHETIC_TRAIN = 600
N_SYNTHETIC_TEST = 200
SYNTHETIC_NOISE = 0.35

# Still needed, but no longer for the cache: cache keys hash this file and what it imports
# (generator.run.cache), so an edit here retrains whatever reads the data, bumped or not. The
# dataset's sha256 is also its published name (result files, the reproduce page, citations), and
# must change when the arrays change but not when a comment or a download timeout does; only a
# person can tell the two apart. Bump it when the way files become arrays changes (scaling, split).
DATA_FORMAT_VERSION = 1

_IDX_MAGIC = {0x00000801: "labels", 0x00000803: "images"}


@dataclass(frozen=True, eq=False)
class Dataset:
    """A training pool and a held-out test set; arrays are read-only because loads are shared."""

    name: str
    """One of DATASETS."""
    x_train: np.ndarray
    """(N, 784) pixels in [0, 1], float64 unless asked otherwise."""
    y_train: np.ndarray
    """(N,) int64 class labels 0-9."""
    x_test: np.ndarray
    """(M, 784) pixels in [0, 1], same dtype as x_train."""
    y_test: np.ndarray
    """(M,) int64 class labels 0-9."""
    sha256: str
    """Hash of the source files' sha256s, the split and DATA_FORMAT_VERSION; not of the dtype."""

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def n_test(self) -> int:
        return len(self.y_test)

    @property
    def provenance(self) -> dict:
        """What a result needs to say about its data: JSON-ready, no paths."""
        return {"name": self.name, "sha256": self.sha256, "n_train": self.n_train,
                "n_test": self.n_test, "dtype": str(self.x_train.dtype)}

    def astype(self, dtype) -> "Dataset":
        """The same data with pixels in ``dtype`` (float32 or float64); labels are shared."""
        dtype = _float_dtype(dtype)
        if dtype == self.x_train.dtype:
            return self
        return Dataset(self.name, _read_only(self.x_train.astype(dtype)), self.y_train,
                       _read_only(self.x_test.astype(dtype)), self.y_test, self.sha256)


def load_dataset(name: str = "mnist-10k", *, dtype=np.float64, cache_dir=None,
                 mirrors: Sequence[str] | str | None = None) -> Dataset:
    """Load a dataset by name; repeated loads in one process share the arrays.

    ``cache_dir`` and ``mirrors`` matter only for ``mnist-full``: the cache defaults to
    ``default_cache_dir()``, the mirrors to ``$CH6_MNIST_MIRRORS`` (comma-separated base URLs,
    ``file://`` works too) or DEFAULT_MIRRORS.
    """
    if name not in DATASETS:
        raise UserError(f"dataset: unknown name {name!r}; choose one of {', '.join(DATASETS)}")
    dtype_name = _float_dtype(dtype).name
    if name == "mnist-10k":
        return _load_cached(name, dtype_name, str(ASSET_DIR), ())
    if name == "mnist-full":
        root = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        return _load_cached(name, dtype_name, str(root.resolve() / "mnist"), _mirror_list(mirrors))
    return _load_cached(name, dtype_name, "", ())


def clear_cache() -> None:
    """Forget the datasets loaded in this process; files in the disk cache stay."""
    _load_cached.cache_clear()


def default_cache_dir() -> Path:
    """``$CH6_CACHE_DIR``, else this platform's cache folder for the project (platformdirs):
    ``$XDG_CACHE_HOME/ch6-training-techniques`` or ``~/.cache/...`` on Linux,
    ``~/Library/Caches/...`` on macOS, ``%LOCALAPPDATA%\\ch6-training-techniques\\Cache`` on Windows."""
    if os.environ.get("CH6_CACHE_DIR"):
        return Path(os.environ["CH6_CACHE_DIR"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("ch6-training-techniques", appauthor=False))


def read_idx(raw: bytes, source: str) -> np.ndarray:
    """Parse an IDX file (gzip'd or not) of uint8 labels (N,) or images (N, rows, cols).

    Any defect raises UserError naming ``source``; nothing else escapes, whatever the bytes.
    """
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, source)
    if len(raw) < 4:
        raise UserError(f"{source}: truncated: IDX header needs 4 bytes, found {len(raw)}")
    (magic,) = struct.unpack(">I", raw[:4])
    if magic not in _IDX_MAGIC:
        raise UserError(f"{source}: bad magic 0x{magic:08x}; expected 0x00000801 (labels) "
                        "or 0x00000803 (images)")
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise UserError(f"{source}: truncated: IDX header needs {header} bytes, found {len(raw)}")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    expected, found = math.prod(dims), len(raw) - header
    if found != expected:
        problem = "truncated" if found < expected else "trailing bytes"
        raise UserError(f"{source}: {problem}: dims {'x'.join(map(str, dims))} need "
                        f"{expected} bytes of data, found {found}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def stratified_split(labels: np.ndarray, n_test: int, rng: np.random.Generator):
    """Indices ``(train, test)`` with each class split in proportion; both returned shuffled.

    Each class gives floor(n_c * n_test / N) test items and the leftover items go to the classes
    with the largest remainders (ties: lower class first), so the test set has exactly ``n_test``.
    Items are drawn within each class by ``rng``, never by position. Integer work only, so the
    split is the same on every machine for the same seed.
    """
    labels = np.asarray(labels)
    if len(labels) == 0 or not 0 <= n_test <= len(labels):
        raise ValueError(f"need labels and 0 <= n_test <= {len(labels)}, got n_test={n_test}")
    classes, counts = np.unique(labels, return_counts=True)
    quota, remainder = np.divmod(counts * n_test, len(labels))
    quota[np.lexsort((classes, -remainder))[: n_test - quota.sum()]] += 1
    train, test = [], []
    for c, k in zip(classes, quota):
        members = rng.permutation(np.flatnonzero(labels == c))
        test.append(members[:k])
        train.append(members[k:])
    # Shuffle across classes too, so any prefix (the book's x_train[:300]) is a fair sample.
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


@functools.lru_cache(maxsize=8)
def _load_cached(name: str, dtype_name: str, root: str, mirrors: tuple) -> Dataset:
    if dtype_name != "float64":
        return _load_cached(name, "float64", root, mirrors).astype(dtype_name)
    if name == "mnist-10k":
        return _build_mnist_10k(Path(root))
    if name == "mnist-full":
        return _build_mnist_full(Path(root), mirrors)
    return _build_synthetic()


def _build_mnist_10k(directory: Path) -> Dataset:
    raw = {}
    for filename, expected in EMBEDDED_SHA256.items():
        path = directory / filename
        if not path.is_file():
            raise UserError(f"{path}: embedded MNIST file is missing; restore it from git")
        raw[filename] = path.read_bytes()
        found = hashlib.sha256(raw[filename]).hexdigest()
        if found != expected:
            raise UserError(f"{path}: sha256 {found} does not match the embedded copy's "
                            f"{expected}; restore it from git")
    x, y = _images_and_labels(raw[TEST_IMAGES], raw[TEST_LABELS],
                              str(directory / TEST_IMAGES), str(directory / TEST_LABELS))
    train, test = stratified_split(y, N_TEST_10K, np.random.default_rng(SPLIT_SEED))
    split = {"method": "stratified", "seed": SPLIT_SEED, "n_train": N_TRAIN_10K, "n_test": N_TEST_10K}
    return _make_dataset("mnist-10k", x[train], y[train], x[test], y[test],
                         _content_sha256("mnist-10k", EMBEDDED_SHA256, split))


def _build_mnist_full(directory: Path, mirrors: tuple) -> Dataset:
    raw = {filename: _fetch_verified(filename, directory, mirrors) for filename in MNIST_FULL_MD5}
    x_train, y_train = _images_and_labels(raw[TRAIN_IMAGES], raw[TRAIN_LABELS],
                                          TRAIN_IMAGES, TRAIN_LABELS)
    x_test, y_test = _images_and_labels(raw[TEST_IMAGES], raw[TEST_LABELS], TEST_IMAGES, TEST_LABELS)
    files = {filename: hashlib.sha256(data).hexdigest() for filename, data in raw.items()}
    split = {"method": "published", "n_train": len(y_train), "n_test": len(y_test)}
    return _make_dataset("mnist-full", x_train, y_train, x_test, y_test,
                         _content_sha256("mnist-full", files, split))


def _build_synthetic() -> Dataset:
    """Ten noisy binary templates: learnable in a few epochs, for tests and quick previews."""
    rng = np.random.default_rng(SYNTHETIC_SEED)
    templates = np.where(rng.random((10, 784)) < 0.2, 0.9, 0.1)  # (10, 784)

    def draw(n):
        y = rng.permutation(np.repeat(np.arange(10, dtype=np.int64), n // 10))
        x = templates[y] + rng.normal(0.0, SYNTHETIC_NOISE, (n, 784))
        return np.clip(x, 0.0, 1.0), y

    x_train, y_train = draw(N_SYNTHETIC_TRAIN)
    x_test, y_test = draw(N_SYNTHETIC_TEST)
    # Normal draws use floating-point library calls, so the values (unlike the MNIST splits) may
    # differ in the last bit across platforms; the hash names the recipe, not the values.
    recipe = {"seed": SYNTHETIC_SEED, "n_train": N_SYNTHETIC_TRAIN, "n_test": N_SYNTHETIC_TEST,
              "noise": SYNTHETIC_NOISE}
    return Dataset("synthetic", _read_only(x_train), _read_only(y_train), _read_only(x_test),
                   _read_only(y_test), _content_sha256("synthetic", {}, recipe))


def _images_and_labels(images_raw: bytes, labels_raw: bytes, images_source: str,
                       labels_source: str) -> tuple[np.ndarray, np.ndarray]:
    images = read_idx(images_raw, images_source)
    labels = read_idx(labels_raw, labels_source)
    if images.shape[1:] != (28, 28):
        raise UserError(f"{images_source}: expected images of shape (N, 28, 28), found {images.shape}")
    if labels.ndim != 1:
        raise UserError(f"{labels_source}: expected labels of shape (N,), found {labels.shape}")
    if len(labels) != len(images):
        raise UserError(f"{labels_source}: {len(labels)} labels for {len(images)} images "
                        f"in {images_source}")
    if labels.size and labels.max() > 9:
        raise UserError(f"{labels_source}: label {labels.max()} is outside 0-9")
    return images.reshape(len(images), 784), labels.astype(np.int64)  # (N, 784), (N,)


def _make_dataset(name, images_train, y_train, images_test, y_test, sha256) -> Dataset:
    return Dataset(name, _read_only(images_train / 255.0), _read_only(y_train),
                   _read_only(images_test / 255.0), _read_only(y_test), sha256)


def _content_sha256(name: str, files: dict, split: dict) -> str:
    content = {"format": DATA_FORMAT_VERSION, "name": name, "files": files, "split": split}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _float_dtype(dtype) -> np.dtype:
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved not in (np.float32, np.float64):
        raise UserError(f"dtype: must be float32 or float64, got {dtype!r}")
    return resolved


def _mirror_list(mirrors) -> tuple:
    field = "mirrors"
    if mirrors is None:
        if "CH6_MNIST_MIRRORS" not in os.environ:
            return DEFAULT_MIRRORS
        field, mirrors = "CH6_MNIST_MIRRORS", os.environ["CH6_MNIST_MIRRORS"]
    if isinstance(mirrors, str):
        mirrors = mirrors.split(",")
    urls = tuple(url.strip() for url in mirrors if url.strip())
    if not urls:
        raise UserError(f"{field}: no mirror URL given")
    return urls


def _gunzip(raw: bytes, source: str) -> bytes:
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing; checks CRC and size
    try:
        out = unpacker.decompress(raw, MAX_IDX_BYTES + 1)
    except zlib.error as error:
        raise UserError(f"{source}: not a valid gzip stream ({error})") from error
    if len(out) > MAX_IDX_BYTES:
        raise UserError(f"{source}: unpacks to more than {MAX_IDX_BYTES} bytes")
    if not unpacker.eof:
        raise UserError(f"{source}: not a valid gzip stream (it ends early)")
    if unpacker.unused_data:
        raise UserError(f"{source}: not a valid gzip stream (bytes after its end)")
    return out


class _MirrorFailed(Exception):
    def __init__(self, reason: str, offline: bool):
        super().__init__(reason)
        self.offline = offline


def _fetch_verified(filename: str, directory: Path, mirrors: tuple) -> bytes:
    """The file's bytes, from the cache, the embedded assets or the first mirror with a good copy."""
    expected = MNIST_FULL_MD5[filename]
    cached = directory / filename
    for candidate in (cached, ASSET_DIR / filename):
        if candidate.is_file():
            data = candidate.read_bytes()
            if hashlib.md5(data).hexdigest() == expected:
                return data
    outcomes, offline = [], []
    for base in mirrors:
        url = base if base.endswith("/") else base + "/"
        url += filename
        try:
            data = _download(url)
        except _MirrorFailed as failure:
            outcomes.append(f"{url}: {failure}")
            offline.append(failure.offline)
            continue
        found = hashlib.md5(data).hexdigest()
        if found != expected:
            outcomes.append(f"{url}: md5 {found}, expected {expected}")
            offline.append(False)
            continue
        write_bytes_atomic(cached, data)
        return data
    hint = f" (offline? set CH6_MNIST_MIRRORS or put the file in {directory})" if all(offline) else ""
    raise UserError(f"{filename}: no mirror gave a good copy: {'; '.join(outcomes)}{hint}")


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise _MirrorFailed(f"HTTP {error.code}", offline=False) from error
    except urllib.error.URLError as error:
        raise _MirrorFailed(_one_line(f"cannot connect ({error.reason})"), offline=True) from error
    except TimeoutError as error:
        raise _MirrorFailed(f"timed out after {DOWNLOAD_TIMEOUT_S} s", offline=True) from error
    except OSError as error:
        raise _MirrorFailed(_one_line(f"connection failed ({error!r})"), offline=True) from error
    except http.client.HTTPException as error:
        raise _MirrorFailed(_one_line(f"bad HTTP response ({error!r})"), offline=False) from error
    except ValueError as error:
        raise _MirrorFailed(_one_line(f"not a URL ({error})"), offline=False) from error
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise _MirrorFailed(f"response larger than {MAX_DOWNLOAD_BYTES} bytes", offline=False)
    return data


def _one_line(text: str) -> str:
    return " ".join(text.split())
