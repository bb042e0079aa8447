"""The command line as a user meets it: real subprocesses, exit statuses and one-line errors."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cli as cli_module
from generator.run.lock import build_lock

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, cwd, timeout=120, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **kwargs)


def quick_run(cwd, *extra):
    return cli("run", "--preset", "quick", "--only", "overfitting", "--seeds", "1", *extra, cwd=cwd)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--only", "nope"], "experiment: unknown id 'nope'; valid ids: "),
        (["--preset", "huge"], "preset: unknown 'huge'"),
        (["--seeds", "0"], "--seeds: must be >= 1"),
        (["--dataset", "cifar"], "dataset: unknown name 'cifar'"),
        (["--set", "overfitting.lr=-0.1"], "overfitting.lr: must be > 0, got -0.1"),
        (["--set", "overfitting.lr=fast"], "overfitting.lr: expected a finite number, got 'fast'"),
        (["--set", "overfitting.dropout_ratio=1"], "overfitting.dropout_ratio: must be < 1, got 1.0 (allowed: >= 0 and < 1)"),
        (["--set", "overfitting.hidden_sizes=[]"], "overfitting.hidden_sizes: needs at least 1 item(s)"),
        (["--set", "overfitting.hidden_sizes=[100, 0]"], "overfitting.hidden_sizes: must be >= 1"),
        (["--set", "overfitting.epochs=2.5"], "overfitting.epochs: expected an integer, got 2.5"),
        (["--set", "overfitting.speed=3"], "overfitting.speed: unknown field"),
        (["--set", "overfitting.lrr=3"], "overfitting.lrr: unknown field; did you mean lr?"),
        (["--set", "overfitting.dropout=0.5"], "did you mean dropout_ratio?"),
        (["--only", "overfiting"], "did you mean overfitting"),
        (["--seeds", "many"], "error: argument --seeds: invalid int value: 'many'"),
        (["--set", "lr=3"], "--set: expected ID.FIELD=VALUE"),
    ],
)
def test_cli_bad_input_gives_one_line_and_status_2(tmp_path, args, message):
    result = cli("run", "--preset", "quick", *args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build" / "results").exists()


def test_cli_bad_config_file_names_the_file(tmp_path):
    bad = tmp_path / "overrides.json"
    bad.write_text('{"overfitting": {"lr": 0.1,}}')
    result = cli("run", "--preset", "quick", "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and str(bad) in result.stderr and "not valid JSON" in result.stderr
    bad.write_text(json.dumps({"overfitting": {"batch_size": -5}}))
    result = cli("run", "--preset", "quick", "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "overfitting.batch_size: must be >= 1" in result.stderr
    result = cli("run", "--config", str(tmp_path / "missing.json"), cwd=tmp_path)
    assert result.returncode == 2 and "missing.json: cannot read" in result.stderr


def test_cli_run_twice_reuses_the_cache_and_says_so(tmp_path):
    first = quick_run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "overfitting" in first.stdout and " run " in first.stdout
    second = quick_run(tmp_path)
    assert second.returncode == 0 and "cached" in second.stdout
    assert (tmp_path / "build" / "results" / "claims.json").exists()


def test_cli_progress_on_a_pipe_is_a_line_per_finished_experiment(tmp_path):
    result = cli("run", "--preset", "quick", "--only", "overfitting", "optimizer-paths", "--seeds", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("run: 2 experiment(s), 4 of 4 seed runs to compute")
    assert sorted(line.split()[1] for line in lines[1:]) == ["optimizer-paths", "overfitting"]
    assert "2/2 experiments" in lines[-1] and "elapsed" in lines[-1] and "left" in lines[-1]
    assert "queued" not in result.stderr and "\r" not in result.stderr and "\x1b" not in result.stderr
    quiet = cli("run", "--preset", "quick", "--only", "overfitting", "optimizer-paths", "--seeds", "2", "--quiet", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "" and "claims hold" in quiet.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_cli_progress_on_a_terminal_is_one_live_display(tmp_path):
    import pty
    import select

    main, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "120"}
    command = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--only", "overfitting", "optimizer-paths", "--seeds", "2"]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    shown = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if select.select([main], [], [], 0.1)[0]:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        stdout, _ = process.communicate(timeout=60)
    finally:
        process.kill()
        os.close(main)
    text = shown.decode()
    assert process.returncode == 0, text
    assert "\r" in text and "\x1b[" in text  # redrawn in place
    assert "overfitting" in text and "0/2 seeds" in text
    assert "2/2 experiments" in text and "elapsed" in text and "left" in text
    assert "queued" not in text and b"claims hold" in stdout


def test_cli_run_works_without_fcntl(tmp_path):
    code = (
        "import sys\n"
        "sys.modules['fcntl'] = None  # as on Windows: any `import fcntl` raises ImportError\n"
        "from generator.cli import main\n"
        "sys.exit(main(['run', '--preset', 'quick', '--only', 'overfitting', '--seeds', '1']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "build" / "results" / "overfitting.json").exists()


def test_cli_scheduler_without_the_distributed_extra_names_it(tmp_path):
    code = (
        "import sys\n"
        "sys.modules['dask'] = sys.modules['dask.distributed'] = None  # the extra not installed\n"
        "from generator.cli import main\n"
        "sys.exit(main(['run', '--preset', 'quick', '--only', 'overfitting', '--scheduler', 'local']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == "error: --scheduler: Dask is not installed; install the distributed extra: pip install -e '.[distributed]'\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_cli_interrupted_run_leaves_no_partial_files_and_resumes(tmp_path, signum):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    long_run = [sys.executable, "-m", "generator", "run", "--preset", "quick", "--only", "overfitting", "--set", "overfitting.epochs=100000"]
    process = subprocess.Popen(long_run, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().startswith("run: 1 experiment(s)")
        time.sleep(1.5)  # workers start and begin computing
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    build = tmp_path / "build"
    assert not list(build.rglob("*.tmp")) and not (build / "results" / "overfitting.json").exists()
    assert not list((build / "cache").rglob("*.json")) if (build / "cache").exists() else True
    resumed = quick_run(tmp_path)
    assert resumed.returncode == 0 and (build / "results" / "overfitting.json").exists()


def test_cli_second_build_in_the_same_tree_waits_or_says_why(tmp_path):
    with build_lock(tmp_path / "build"):
        refused = quick_run(tmp_path, "--lock-timeout", "0.5")
    assert refused.returncode == 2
    assert "another build is running in this tree" in refused.stderr and f"pid {os.getpid()}" in refused.stderr
    assert quick_run(tmp_path, "--lock-timeout", "0.5").returncode == 0  # released on exit


def test_cli_list_names_every_experiment(tmp_path):
    from generator.experiments import EXPERIMENTS

    listed = cli("list", cwd=tmp_path)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [e.id for e in EXPERIMENTS]


def run_handler(*argv, capsys):
    """A command in this process, as main() runs it, without main's SIGTERM handler."""
    args = cli_module._parser().parse_args(list(argv))
    status = {"list": cli_module.cmd_list}[args.command](args)
    return status, capsys.readouterr()


def test_cli_list_one_experiment_shows_fields_presets_and_claims(capsys):
    import dataclasses

    from generator.experiments.overfitting import EXPERIMENT

    status, shown = run_handler("list", "overfitting", capsys=capsys)
    assert status == 0
    out = shown.out
    for f in dataclasses.fields(EXPERIMENT.config):
        assert f"\n  {f.name} " in out and f.metadata["doc"] in out
    assert "field          type              default" in out and "allowed" in out and "book preset" in out
    assert "  lr             number            0.01" in out and "> 0" in out
    assert ">= 0 and < 1" in out and "one of float32, float64" in out and "each >= 1, at least 1 item(s)" in out
    assert "  quick    n_train=100, hidden_sizes=[32, 32], batch_size=50, epochs=4" in out
    assert "  book     the defaults" in out
    for claim in EXPERIMENT.claims:
        assert f"  {claim.id}  [{claim.source}]  holds when" in out and claim.statement_en in out


def test_cli_list_unknown_id_suggests_the_closest(capsys):
    from generator.errors import UserError

    with pytest.raises(UserError, match="did you mean overfitting"):
        run_handler("list", "overfit", capsys=capsys)


def help_text(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exited:
        cli_module._parser().parse_args([*argv, "--help"])
    assert exited.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal's width


def test_cli_help_shows_choices_and_defaults_without_markup(capsys):
    from generator.data import DATASETS
    from generator.experiments import EXPERIMENTS

    texts = {command: help_text(capsys, *command) for command in [(), ("run",), ("site",), ("serve",), ("list",), ("bench",)]}
    assert all("``" not in text for text in texts.values())
    run = texts[("run",)]
    assert "one of: book, quick" in run and f"one of: {', '.join(DATASETS)}" in run
    assert all(e.id in run for e in EXPERIMENTS)
    assert "--seeds N independent seeds per experiment (default: 5, as make site runs" in run
    assert "--preset NAME" in run and "(default: book)" in run and "(default: mnist-10k)" in run
    assert "--version" in texts[()]


def test_cli_every_option_has_help_and_says_its_default():
    parser = cli_module._parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    for name, subparser in commands.choices.items():
        for action in subparser._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}: no help"
            if action.nargs != 0 and action.dest != "help":
                assert "default" in action.help, f"{name} {action.option_strings or action.dest}: default not said"


def test_cli_seeds_default_is_what_make_site_uses():
    makefile = (ROOT / "Makefile").read_text()
    [seeds] = re.findall(r"^SEEDS \?= (\d+)$", makefile, flags=re.M)
    assert int(seeds) == cli_module.SITE_SEEDS == cli_module._parser().parse_args(["run"]).seeds


def test_cli_version_prints_the_version_and_source_hash(capsys):
    from generator import __version__
    from generator.run.environment import source_hash

    with pytest.raises(SystemExit) as exited:
        cli_module._parser().parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"ch6-training-techniques {__version__} (source {source_hash()[:12]})\n"


def test_cli_source_hash_covers_every_python_file(tmp_path):
    from generator.run.environment import source_hash

    (tmp_path / "pkg").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "b.py").write_text("y = 2\n")
    (tmp_path / "notes.txt").write_text("not source")
    before = source_hash(tmp_path)
    assert len(before) == 64 and source_hash(tmp_path) == before
    (tmp_path / "notes.txt").write_text("changed")
    assert source_hash(tmp_path) == before
    (tmp_path / "pkg" / "b.py").write_text("y = 3\n")
    assert source_hash(tmp_path) != before


def test_readme_names_the_console_script_and_a_valid_config_example():
    import tomllib

    from generator.experiments import by_id
    from generator.experiments.base import with_overrides

    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["ch6"] == "generator.cli:main"
    readme = (ROOT / "README.md").read_text()
    assert "`ch6`" in readme and ".venv/bin/ch6 list overfitting" in readme
    [example] = re.findall(r"```json\n(.*?)```", readme, flags=re.S)
    for experiment_id, fields in json.loads(example).items():
        experiment = by_id(experiment_id)
        with_overrides(experiment.preset("book"), fields, experiment_id)
    assert "Windows" in readme and r".venv\Scripts\python -m generator run" in readme


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_site_prints_a_line_per_step_or_only_the_summary(tmp_path, monkeypatch, capsys, quiet):
    import generator.site
    from generator.site.render import RenderSummary

    def render_site(results, jobs, report):
        for line in ("pages: 2 rendered", "figures: 1/2 drawn", "figures: 2/2 drawn"):
            report(line)
        return RenderSummary(tmp_path, pages=["a", "b"], figures=["f"], drawn=2)

    def build_site(report):
        report("mkdocs: ko built")
        return True

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(generator.site, "render_site", render_site)
    monkeypatch.setattr(generator.site, "build_site", build_site)
    args = cli_module._parser().parse_args(["site", *(["--quiet"] if quiet else [])])
    assert cli_module.cmd_site(args) == 0
    shown = capsys.readouterr()
    steps = [] if quiet else ["site: pages: 2 rendered", "site: figures: 2/2 drawn", "site: mkdocs: ko built"]
    assert shown.err.splitlines() == steps
    assert shown.out.startswith("site: 2 pages, 1 figures (2 files drawn, 0 reused)") and "mkdocs built" in shown.out
