"""Sites to test: a fake one for the machinery, and the real one from the quick presets.

``project``/``built_site``: fake results, claims and figures with placeholder section pages, for
testing rendering and checking without training anything. ``real_site``: every experiment's
quick preset run for two seeds, rendered with the real templates and figures and built; this is
what the browser and whole-site tests look at. Session fixtures build once however many modules
import them.
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from generator.figures import FigureSpec
from generator.figures.style import new_figure
from generator.fileio import canonical_json
from generator.records import encode_array, sealed

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "overrides", "templates")
SECTION_SLUGS = ("index", "optimizers", "initialization", "batch-norm", "regularization", "hyperparameters", "summary")
PLACEHOLDER_PAGE = """{% import "macros.md.j2" as m with context %}
# {{ page.title }} { #SLUG }

$$\\hat x_i = \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\varepsilon}}, \\quad y_i = \\gamma \\hat x_i + \\beta$$

{{ m.page_figures() }}
{{ m.claims_of_page() }}
"""

DATASET = {"name": "mnist-t10k", "sha256": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"}

def encoded(values, dtype="float64"):
    """The runner's exact array encoding."""
    return encode_array(np.asarray(values, dtype=dtype))


# Results as the runner writes them: sealed, encoded arrays, a cache key per seed; the second
# has a section and no data set, as for experiments that generate their inputs.
FAKE_RESULTS = {
    "fake-overfitting": {
        "format": 1,
        "experiment": "fake-overfitting",
        "preset": "quick",
        "config": {"train_size": 300, "epochs": 4, "lr": 0.01},
        "seeds": [0, 1, 2],
        "dataset": DATASET,
        "code_version": "c0de0001",
        "cache_keys": ["cafe0001", "cafe0004", "cafe0005"],
        "environment": {"cpu_model": "Fake CPU 3000", "cpu_count": 2},
        "metrics": {
            "epoch": encoded([[0, 1, 2, 3]] * 3, dtype="int64"),
            "train_acc": encoded([[0.2, 0.6, 0.9, 1.0], [0.25, 0.55, 0.85, 0.99], [0.2, 0.5, 0.95, 1.0]]),
            "test_acc": encoded([[0.2, 0.5, 0.7, 0.72], [0.2, 0.45, 0.68, 0.7], [0.22, 0.5, float("nan"), 0.71]]),
            "gap": encoded([0.28, 0.29, 0.27]),
        },
    },
    "fake-optimizers": {
        "format": 1,
        "experiment": "fake-optimizers",
        "section": "optimizers",
        "preset": "quick",
        "config": {"iterations": 3},
        "seeds": [0, 1],
        "dataset": None,
        "code_version": "c0de0002",
        "cache_keys": ["cafe0002", "cafe0003"],
        "metrics": {
            "loss_sgd": encoded([[2.3, 1.9, 1.7], [2.3, 2.0, 1.8]]),
            "loss_adam": encoded([[2.3, 0.9, 0.4], [2.3, 1.0, float("nan")]]),
            "diverged_at": encoded([-1, -1], dtype="int64"),
        },
    },
}

FAKE_ENVIRONMENT = {"format": 1, "python": "3.11.7", "cpu": "Fake CPU 3000", "cores": 2,
                    "blas": [{"library": "openblas", "threads": 1}]}

FAKE_CLAIMS = {
    "format": 1,
    "claims": [
        {
            "id": "fake-gap",
            "experiment": "fake-overfitting",
            "section": "regularization",
            "statement_ko": "훈련 정확도와 시험 정확도의 차이가 크다",
            "statement_en": "Training accuracy is far above test accuracy",
            "value": 0.28,
            "threshold": 0.1,
            "comparison": ">=",
            "holds": True,
            "seeds_held": 3,
            "seeds_total": 3,
            "figure": "fig-fake-overfitting",
        },
        {
            "id": "fake-adam-fastest",
            "experiment": "fake-optimizers",
            "section": "optimizers",
            "statement_ko": "Adam의 손실이 SGD보다 빨리 줄어든다",
            "statement_en": "Adam's loss falls faster than SGD's",
            "value": None,
            "threshold": 0.5,
            "comparison": "<=",
            "holds": False,
            "seeds_held": 1,
            "seeds_total": 2,
            "figure": "fig-fake-optimizers",
        },
        {
            "id": "fake-no-figure",
            "experiment": "fake-optimizers",
            "section": "summary",
            "statement_ko": "a | b <b>굵게</b> 가 표를 깨뜨리지 않는다",
            "statement_en": "a | b <b>bold</b> does not break the table",
            "value": 3,
            "threshold": 2,
            "comparison": ">",
            "holds": True,
            "seeds_held": 2,
            "seeds_total": 2,
            "figure": None,
        },
        {
            "id": "fake-percent",
            "experiment": "fake-overfitting",
            "section": "regularization",
            "preset": "quick",
            "statement_ko": "시험 정확도가 60%를 넘는다",
            "statement_en": "Test accuracy exceeds 60%",
            "value": 0.7133,
            "values": [0.72, 0.7, None],
            "threshold": 0.6,
            "comparison": ">",
            "unit": "%",
            "reason": "well above chance (10%)",
            "holds": True,
            "seeds_held": 2,
            "seeds_total": 3,
            "figure": "fig-fake-overfitting",
        },
    ],
}


def _mean(rows):
    columns = list(zip(*rows))
    return [sum(v for v in c if v == v) / len([v for v in c if v == v]) for c in columns]


def _draw_overfitting(result, lang):
    fig, ax = new_figure()
    m = result.metrics
    labels = {"ko": ("훈련", "시험", "에폭", "정확도"), "en": ("train", "test", "epoch", "accuracy")}[lang]
    ax.plot(m.epoch[0], _mean(m.train_acc), label=labels[0])
    ax.plot(m.epoch[0], _mean(m.test_acc), label=labels[1], linestyle="--")
    ax.set_xlabel(labels[2])
    ax.set_ylabel(labels[3])
    ax.legend()
    return fig


def _per_seed_rows(seeds, steps, *series):
    """One row per (seed, step): the seed, the step and each series' value there."""
    return [
        [seed, step, *values]
        for seed, *runs in zip(seeds, *series)
        for step, *values in zip(steps, *runs)
    ]


def _data_overfitting(result):
    m = result.metrics
    rows = _per_seed_rows(result.seeds, m.epoch[0], m.train_acc, m.test_acc)
    return ["seed", "epoch", "train_acc", "test_acc"], rows


def _draw_optimizers(result, lang):
    fig, ax = new_figure()
    m = result.metrics
    ax.plot(m.loss_sgd.mean(axis=0), label="SGD")
    ax.plot(m.loss_adam.mean(axis=0), label="Adam")
    ax.set_xlabel({"ko": "반복 횟수", "en": "iteration"}[lang])
    ax.set_ylabel({"ko": "손실", "en": "loss"}[lang])
    ax.legend()
    return fig


def _data_optimizers(result):
    m = result.metrics
    rows = _per_seed_rows(result.seeds, range(m.loss_sgd.shape[1]), m.loss_sgd, m.loss_adam)
    return ["seed", "iteration", "sgd", "adam"], rows


FAKE_FIGURES = (
    FigureSpec(
        id="fig-fake-optimizers",
        experiment="fake-optimizers",
        page="optimizers",
        caption={"ko": "가짜 결과: SGD와 Adam의 손실", "en": "Fake result: loss of SGD and Adam"},
        draw=_draw_optimizers,
        data=_data_optimizers,
    ),
    FigureSpec(
        id="fig-fake-overfitting",
        experiment="fake-overfitting",
        page="regularization",
        caption={
            "ko": r"가짜 결과: 훈련과 시험 정확도, \(\lambda = 0\)",
            "en": r"Fake result: training and test accuracy, \(\lambda = 0\)",
        },
        draw=_draw_overfitting,
        data=_data_overfitting,
    ),
)


def edit_sealed(path: Path, old: str, new: str) -> None:
    """Replace text in a sealed JSON file and seal it again, as a changed run would."""
    document = json.loads(path.read_text())
    document.pop("checksum")
    text = canonical_json(document)
    assert old in text, old
    path.write_text(sealed(json.loads(text.replace(old, new))))


def write_fake_results(results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "fake-overfitting.json").write_text(sealed(FAKE_RESULTS["fake-overfitting"]))
    (results_dir / "fake-optimizers.json").write_text(sealed(FAKE_RESULTS["fake-optimizers"]))
    (results_dir / "claims.json").write_text(sealed(FAKE_CLAIMS))
    (results_dir / "environment.json").write_text(sealed(FAKE_ENVIRONMENT))
    return results_dir


def copy_project_files(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def make_project(root: Path) -> Path:
    """The site's project files with placeholder section pages, plus fake results.

    The section pages' prose reads the real experiments' results, which fakes do not have; the
    placeholders keep what the machinery needs: figures, claims, a formula.
    """
    copy_project_files(root)
    for lang in ("ko", "en"):
        for slug in SECTION_SLUGS:
            (root / "templates" / lang / f"{slug}.md.j2").write_text(PLACEHOLDER_PAGE.replace("SLUG", slug))
    write_fake_results(root / "build" / "results")
    return root


def make_real_project(root: Path) -> Path:
    """The site's project files plus real results: every experiment's quick preset, two seeds."""
    from generator.experiments import EXPERIMENTS
    from generator.runner import Runner, write_claims, write_environment

    copy_project_files(root)
    results = root / "build" / "results"
    runner = Runner(results_dir=results, cache_dir=root / "build" / "cache", warn=lambda m: None)
    runner.run([(e, "quick", e.preset("quick")) for e in EXPERIMENTS], seeds=[0, 1])
    write_claims(results)
    write_environment(results)
    return root


def render_project(root: Path, figures=FAKE_FIGURES):
    """Render ``root``'s results with its templates; ``figures=None`` means the real figures."""
    from generator.render import render_site

    return render_site(
        root / "build" / "results",
        root / "site_src",
        root / "templates",
        figures=figures,
        config_file=root / "mkdocs.yml",
    )


def build_project(root: Path, figures=FAKE_FIGURES) -> Path:
    from generator.render import build_site

    render_project(root, figures)
    return build_site(root)


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


_built: dict[str, Path] = {}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from fake results: rendered and built once per session, then shared."""
    if "site" not in _built:
        root = make_project(tmp_path_factory.mktemp("built") / "project")
        _built["site"] = build_project(root)
    return _built["site"]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site from every experiment's quick preset: rendered and built once per session."""
    if "real" not in _built:
        root = make_real_project(tmp_path_factory.mktemp("real") / "project")
        _built["real"] = build_project(root, figures=None)
    return _built["real"]
