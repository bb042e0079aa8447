import gzip
import hashlib
import json
import shutil
import socket
import struct
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import data
from generator.data import TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS
from generator.errors import UserError

FUZZ = settings(max_examples=200, deadline=None)


def idx_bytes(array) -> bytes:
    array = np.asarray(array, dtype=np.uint8)
    return struct.pack(f">I{array.ndim}I", 0x800 + array.ndim, *array.shape) + array.tobytes()


def gz(raw: bytes) -> bytes:
    return gzip.compress(raw, mtime=0)


def md5(raw: bytes) -> str:
    return hashlib.md5(raw).hexdigest()


def flip_byte(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1:]


def files_under(path):
    return sorted(p.name for p in path.rglob("*") if p.is_file())


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


SMALL_IMAGES = idx_bytes(np.arange(18).reshape(2, 3, 3))
SMALL_LABELS = idx_bytes([3, 1, 4, 1, 5])
SMALL_FILES = [SMALL_IMAGES, gz(SMALL_IMAGES), SMALL_LABELS, gz(SMALL_LABELS)]


@pytest.fixture
def fresh_cache():
    """For tests that patch what a load depends on: nothing they load outlives them."""
    data.clear_cache()
    yield
    data.clear_cache()


@pytest.fixture
def mnist_10k():
    return data.load_dataset("mnist-10k")


@pytest.fixture
def embedded_raw():
    images = data.read_idx((data.ASSET_DIR / TEST_IMAGES).read_bytes(), TEST_IMAGES)
    labels = data.read_idx((data.ASSET_DIR / TEST_LABELS).read_bytes(), TEST_LABELS)
    return images.reshape(-1, 784), labels.astype(np.int64)


@pytest.fixture
def tiny_full(monkeypatch):
    """Small gzipped IDX files under the four mnist-full names, accepted by a patched MD5 table."""
    rng = np.random.default_rng(0)
    files = {}
    for images_name, labels_name, n in ((TRAIN_IMAGES, TRAIN_LABELS, 30), (TEST_IMAGES, TEST_LABELS, 10)):
        files[images_name] = gz(idx_bytes(rng.integers(0, 256, (n, 28, 28))))
        files[labels_name] = gz(idx_bytes(np.arange(n) % 10))
    monkeypatch.setattr(data, "MNIST_FULL_MD5", {name: md5(raw) for name, raw in files.items()})
    return files


@pytest.fixture
def mirrors(tmp_path, monkeypatch):
    """A local HTTP server; ``mirrors.add(name, files)`` publishes files and returns the base URL."""
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "*")
    monkeypatch.delenv("CH6_MNIST_MIRRORS", raising=False)
    monkeypatch.setattr(data, "DOWNLOAD_TIMEOUT_S", 5)
    root = tmp_path / "www"
    root.mkdir()
    hits = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self):
            hits.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    class Mirrors:
        requests = hits

        @staticmethod
        def add(name, files):
            (root / name).mkdir()
            for filename, raw in files.items():
                (root / name / filename).write_bytes(raw)
            return f"http://127.0.0.1:{server.server_port}/{name}/"

    yield Mirrors
    server.shutdown()
    server.server_close()
    thread.join()


def test_embedded_files_match_both_checksum_tables():
    for filename, sha256 in data.EMBEDDED_SHA256.items():
        raw = (data.ASSET_DIR / filename).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sha256
        assert md5(raw) == data.MNIST_FULL_MD5[filename]


def test_load_dataset_mnist_10k_sizes(mnist_10k):
    assert mnist_10k.x_train.shape == (8000, 784) and mnist_10k.x_test.shape == (2000, 784)
    assert mnist_10k.y_train.shape == (8000,) and mnist_10k.y_test.shape == (2000,)
    assert mnist_10k.x_train.dtype == np.float64 and mnist_10k.y_train.dtype == np.int64


def test_load_dataset_mnist_10k_is_stratified(mnist_10k):
    for c in range(10):
        in_train = np.sum(mnist_10k.y_train == c)
        in_class = in_train + np.sum(mnist_10k.y_test == c)
        assert abs(in_train - 0.8 * in_class) <= 1


def test_load_dataset_mnist_10k_follows_documented_split(mnist_10k, embedded_raw):
    images, labels = embedded_raw
    train, test = data.stratified_split(labels, 2000, np.random.default_rng(data.SPLIT_SEED))
    np.testing.assert_array_equal(mnist_10k.x_train, images[train] / 255.0)
    np.testing.assert_array_equal(mnist_10k.y_test, labels[test])
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(10000))
    # The file's two halves come from different writer populations: both must be in both sets.
    for part, n in ((train, 8000), (test, 2000)):
        assert 0.4 * n < np.sum(part < 5000) < 0.6 * n


def test_load_dataset_mnist_10k_same_over_two_loads(fresh_cache):
    first = data.load_dataset("mnist-10k")
    data.clear_cache()
    second = data.load_dataset("mnist-10k")
    assert first is not second
    assert first.sha256 == second.sha256
    np.testing.assert_array_equal(first.x_train, second.x_train)
    np.testing.assert_array_equal(first.y_test, second.y_test)


def test_load_dataset_repeat_load_shares_read_only_arrays(mnist_10k):
    assert data.load_dataset() is mnist_10k
    with pytest.raises(ValueError):
        mnist_10k.x_train[0, 0] = 1.0


@pytest.mark.parametrize("name", ["mnist-10k", "synthetic"])
def test_load_dataset_pixels_in_unit_interval(name):
    ds = data.load_dataset(name)
    for x in (ds.x_train, ds.x_test):
        assert x.shape[1] == 784 and x.min() >= 0.0 and x.max() <= 1.0


def test_load_dataset_float32_matches_float64(mnist_10k):
    single = data.load_dataset("mnist-10k", dtype=np.float32)
    assert single.x_train.dtype == np.float32 and single.x_test.dtype == np.float32
    np.testing.assert_array_equal(single.x_train, mnist_10k.x_train.astype(np.float32))
    assert single.sha256 == mnist_10k.sha256
    assert single.provenance["dtype"] == "float32"
    assert mnist_10k.astype("float64") is mnist_10k


def test_load_dataset_unknown_name():
    with pytest.raises(UserError) as error:
        data.load_dataset("xyz")
    assert str(error.value) == "dataset: unknown name 'xyz'; choose one of mnist-10k, mnist-full, synthetic"


@pytest.mark.parametrize("dtype", [np.int64, "float16", "nonsense"])
def test_load_dataset_non_float_dtype(dtype):
    with pytest.raises(UserError, match="^dtype: must be float32 or float64"):
        data.load_dataset("synthetic", dtype=dtype)


@pytest.mark.parametrize("damage", ["flipped byte", "missing"])
def test_load_dataset_damaged_embedded_file(tmp_path, monkeypatch, fresh_cache, damage):
    for filename in data.EMBEDDED_SHA256:
        shutil.copy(data.ASSET_DIR / filename, tmp_path / filename)
    target = tmp_path / TEST_IMAGES
    if damage == "missing":
        target.unlink()
    else:
        target.write_bytes(flip_byte(target.read_bytes(), 1000))
    monkeypatch.setattr(data, "ASSET_DIR", tmp_path)
    with pytest.raises(UserError, match="sha256" if damage != "missing" else "missing") as error:
        data.load_dataset("mnist-10k")
    assert str(error.value).startswith(str(target))


def test_dataset_sha256_changes_with_split_seed(mnist_10k, monkeypatch, fresh_cache):
    monkeypatch.setattr(data, "SPLIT_SEED", data.SPLIT_SEED + 1)
    reseeded = data.load_dataset("mnist-10k")
    assert reseeded.sha256 != mnist_10k.sha256
    assert not np.array_equal(reseeded.y_train, mnist_10k.y_train)


def test_dataset_provenance_is_json_ready(mnist_10k):
    assert json.loads(json.dumps(mnist_10k.provenance)) == {
        "name": "mnist-10k", "sha256": mnist_10k.sha256, "n_train": 8000, "n_test": 2000,
        "dtype": "float64"}


def test_load_dataset_synthetic_balanced_and_deterministic(fresh_cache):
    first = data.load_dataset("synthetic")
    data.clear_cache()
    second = data.load_dataset("synthetic")
    assert (first.n_train, first.n_test) == (600, 200)
    assert np.bincount(first.y_train).tolist() == [60] * 10
    np.testing.assert_array_equal(first.x_train, second.x_train)
    assert first.sha256 == second.sha256 != data.load_dataset("mnist-10k").sha256


def test_stratified_split_exact_total_with_uneven_classes():
    labels = np.array([0] * 7 + [1] * 5 + [2] * 3)
    train, test = data.stratified_split(labels, 4, np.random.default_rng(0))
    assert len(test) == 4 and len(train) == 11
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(15))
    for c, size in ((0, 7), (1, 5), (2, 3)):
        share = np.sum(labels[test] == c)
        assert size * 4 // 15 <= share <= size * 4 // 15 + 1


@pytest.mark.parametrize("raw", SMALL_FILES)
def test_read_idx_parses_raw_and_gzip(raw):
    parsed = data.read_idx(raw, "small")
    assert parsed.dtype == np.uint8 and parsed.shape in ((2, 3, 3), (5,))


@pytest.mark.parametrize("raw, problem", [
    (b"\x00\x00\x08\x02" + SMALL_IMAGES[4:], "bad magic 0x00000802"),
    (b"\x00\x00\x0d\x03" + SMALL_IMAGES[4:], "bad magic 0x00000d03"),
    (SMALL_IMAGES[:-1], "truncated: dims 2x3x3 need 18 bytes of data, found 17"),
    (SMALL_IMAGES[:10], "truncated: IDX header needs 16 bytes, found 10"),
    (SMALL_IMAGES[:3], "truncated: IDX header needs 4 bytes, found 3"),
    (SMALL_IMAGES + b"\x00", "trailing bytes: dims 2x3x3 need 18 bytes of data, found 19"),
    (SMALL_IMAGES[:4] + struct.pack(">3I", 3, 3, 3) + SMALL_IMAGES[16:], "need 27 bytes of data, found 18"),
    (gz(SMALL_IMAGES)[:-3], "not a valid gzip stream"),
    (b"\x1f\x8b" + b"junk" * 4, "not a valid gzip stream"),
    (gz(SMALL_IMAGES) + b"\x00", "not a valid gzip stream (bytes after its end)"),
])
def test_read_idx_defect_names_source(raw, problem):
    with pytest.raises(UserError) as error:
        data.read_idx(raw, "some/file.gz")
    assert str(error.value).startswith("some/file.gz: ")
    assert problem in str(error.value)


def read_idx_or_user_error(raw):
    try:
        parsed = data.read_idx(raw, "fuzz")
    except UserError:
        return
    assert isinstance(parsed, np.ndarray) and parsed.dtype == np.uint8


@FUZZ
@given(st.binary(max_size=200))
def test_read_idx_random_bytes_only_user_error(raw):
    read_idx_or_user_error(raw)


@FUZZ
@given(st.sampled_from(SMALL_FILES), st.data())
def test_read_idx_truncation_only_user_error(raw, draw):
    read_idx_or_user_error(raw[:draw.draw(st.integers(0, len(raw)))])


@FUZZ
@given(st.sampled_from(SMALL_FILES), st.data())
def test_read_idx_byte_mutation_only_user_error(raw, draw):
    at = draw.draw(st.integers(0, len(raw) - 1))
    value = draw.draw(st.integers(0, 255))
    read_idx_or_user_error(raw[:at] + bytes([value]) + raw[at + 1:])


def test_default_cache_dir_env_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("CH6_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.default_cache_dir() == tmp_path / "xdg" / "ch6-training-techniques"
    monkeypatch.setenv("CH6_CACHE_DIR", str(tmp_path / "mine"))
    assert data.default_cache_dir() == tmp_path / "mine"


def test_default_cache_dir_is_the_platform_cache_folder(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("CH6_CACHE_DIR", raising=False)
    asked = []
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *args, **kwargs: asked.append((args, kwargs)) or str(tmp_path / "AppData" / "Cache"))
    assert data.default_cache_dir() == tmp_path / "AppData" / "Cache"
    assert asked == [(("ch6-training-techniques",), {"appauthor": False})]


def test_load_dataset_mnist_full_from_cache_without_network(tmp_path, tiny_full):
    for filename, raw in tiny_full.items():
        (tmp_path / "mnist").mkdir(exist_ok=True)
        (tmp_path / "mnist" / filename).write_bytes(raw)
    ds = data.load_dataset("mnist-full", cache_dir=tmp_path, mirrors=[closed_port_url()])
    assert (ds.n_train, ds.n_test) == (30, 10) and ds.x_train.shape == (30, 784)
    assert ds.y_test.tolist() == list(range(10))


def test_load_dataset_mnist_full_wrong_image_dims(tmp_path, monkeypatch, tiny_full):
    tiny_full[TRAIN_IMAGES] = gz(idx_bytes(np.zeros((30, 27, 28))))
    monkeypatch.setattr(data, "MNIST_FULL_MD5", {name: md5(raw) for name, raw in tiny_full.items()})
    (tmp_path / "mnist").mkdir()
    for filename, raw in tiny_full.items():
        (tmp_path / "mnist" / filename).write_bytes(raw)
    with pytest.raises(UserError, match=rf"^{TRAIN_IMAGES}: expected images of shape \(N, 28, 28\)"):
        data.load_dataset("mnist-full", cache_dir=tmp_path, mirrors=[closed_port_url()])


def test_download_lands_in_cache_and_second_load_stays_local(tmp_path, tiny_full, mirrors, fresh_cache):
    url = mirrors.add("good", tiny_full)
    ds = data.load_dataset("mnist-full", cache_dir=tmp_path / "cache", mirrors=[url])
    assert len(mirrors.requests) == 4
    assert files_under(tmp_path / "cache") == sorted(tiny_full)
    for filename, raw in tiny_full.items():
        assert (tmp_path / "cache" / "mnist" / filename).read_bytes() == raw
    data.clear_cache()
    again = data.load_dataset("mnist-full", cache_dir=tmp_path / "cache", mirrors=[url])
    assert len(mirrors.requests) == 4
    assert again.sha256 == ds.sha256


def test_download_replaces_cached_file_that_fails_md5(tmp_path, tiny_full, mirrors):
    url = mirrors.add("good", tiny_full)
    cached = tmp_path / "mnist" / TRAIN_LABELS
    cached.parent.mkdir()
    cached.write_bytes(flip_byte(tiny_full[TRAIN_LABELS], 20))
    data.load_dataset("mnist-full", cache_dir=tmp_path, mirrors=[url])
    assert cached.read_bytes() == tiny_full[TRAIN_LABELS]


def test_download_takes_test_files_from_embedded_copy(tmp_path, tiny_full, mirrors, monkeypatch):
    for filename in (TEST_IMAGES, TEST_LABELS):
        tiny_full[filename] = (data.ASSET_DIR / filename).read_bytes()
    monkeypatch.setattr(data, "MNIST_FULL_MD5", {name: md5(raw) for name, raw in tiny_full.items()})
    url = mirrors.add("good", tiny_full)
    ds = data.load_dataset("mnist-full", cache_dir=tmp_path / "cache", mirrors=[url])
    assert ds.n_test == 10000
    assert sorted(mirrors.requests) == [f"/good/{TRAIN_IMAGES}", f"/good/{TRAIN_LABELS}"]


def test_download_skips_mirror_with_corrupt_copy(tmp_path, tiny_full, mirrors, monkeypatch):
    bad = mirrors.add("bad", {name: flip_byte(raw, 20) for name, raw in tiny_full.items()})
    good = mirrors.add("good", tiny_full)
    monkeypatch.setenv("CH6_MNIST_MIRRORS", f"{bad}, {good}")
    ds = data.load_dataset("mnist-full", cache_dir=tmp_path / "cache")
    assert ds.n_train == 30
    assert sorted(path.split("/")[1] for path in mirrors.requests) == ["bad"] * 4 + ["good"] * 4


def test_download_all_mirrors_bad_leaves_cache_empty(tmp_path, tiny_full, mirrors):
    bad = mirrors.add("bad", {name: flip_byte(raw, 20) for name, raw in tiny_full.items()})
    empty = mirrors.add("empty", {})
    with pytest.raises(UserError) as error:
        data.load_dataset("mnist-full", cache_dir=tmp_path / "cache", mirrors=[empty, bad])
    message = str(error.value)
    assert message.startswith(f"{TRAIN_IMAGES}: no mirror gave a good copy: ")
    assert "HTTP 404" in message and "md5" in message and "offline?" not in message
    assert "\n" not in message
    assert files_under(tmp_path / "cache") == []


def test_download_unreachable_mirror_hints_offline(tmp_path, tiny_full, mirrors):
    with pytest.raises(UserError, match=rf"^{TRAIN_IMAGES}: no mirror gave a good copy: .*offline\?"):
        data.load_dataset("mnist-full", cache_dir=tmp_path / "cache", mirrors=closed_port_url())
    assert files_under(tmp_path / "cache") == []


def test_load_dataset_empty_mirror_list(tmp_path, monkeypatch):
    monkeypatch.setenv("CH6_MNIST_MIRRORS", " , ")
    with pytest.raises(UserError, match="^CH6_MNIST_MIRRORS: no mirror URL given"):
        data.load_dataset("mnist-full", cache_dir=tmp_path)
