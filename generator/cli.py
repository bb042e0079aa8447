"""``python -m generator`` (or ``ch6``): run experiments, render the site, serve it, benchmark.

User errors (a bad flag, config value, file or dataset) print one line and exit with status 2;
an interrupted run keeps every finished cache entry and exits with 130.
"""

import argparse
import json
import os
import signal
import sys
import textwrap
import time
from pathlib import Path

from generator import __version__
from generator.errors import UserError

BUILD = Path("build")
SITE_SEEDS = 5
"""Seeds per experiment of the published site; the Makefile's SEEDS and --seeds default to it, so
``generator run`` and ``make site`` fill the same cache entries."""
DESCRIPTION = "Re-run the experiments of chapter 6 of 'Deep Learning from Scratch' and publish them as a bilingual site."
EPILOG = "Run 'COMMAND --help' for a command's options, and 'list ID' for an experiment's config fields."


class _Formatter(argparse.HelpFormatter):
    """Help text wrapped at spaces only, so an id such as ``batchnorm-overfitting`` stays whole."""

    def _split_lines(self, text, width):
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class _Parser(argparse.ArgumentParser):
    """argparse with the house's one-line errors: ``error: ...`` and status 2, without the usage block."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Formatter, **kwargs)

    def error(self, message):
        self.exit(UserError.exit_status, f"error: {message} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """``--version``: the release and the hash of the source that is running, computed only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit(0)


def version_line() -> str:
    from generator.run.environment import source_hash

    return f"ch6-training-techniques {__version__} (source {source_hash()[:12]})"


def _prog() -> str:
    return "ch6" if Path(sys.argv[0]).stem == "ch6" else "python -m generator"


def _parser() -> argparse.ArgumentParser:
    from generator.data import DATASETS
    from generator.experiments import EXPERIMENTS
    from generator.run.environment import available_cores

    ids = ", ".join(e.id for e in EXPERIMENTS)
    presets = ", ".join(dict.fromkeys(name for e in EXPERIMENTS for name in e.presets))
    scheduler = os.environ.get("CH6_DASK_SCHEDULER")
    scheduler_default = f"$CH6_DASK_SCHEDULER, now {scheduler}" if scheduler else "none: run on this machine"
    cores = available_cores()

    parser = _Parser(prog=_prog(), description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action=_Version, help="print the version and the hash of the source files, then exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run experiments (cached) and write build/results",
                              description="Run experiments through the cache and write their result files and the claims.")
    run.add_argument("--preset", default="book", metavar="NAME",
                     help=f"settings of every experiment, one of: {presets}; book is the book's parameters, "
                          "quick takes seconds (default: %(default)s)")
    run.add_argument("--only", nargs="+", metavar="ID", help=f"run only these experiments, from: {ids} (default: all)")
    run.add_argument("--seeds", type=int, default=SITE_SEEDS, metavar="N",
                     help="independent seeds per experiment (default: %(default)s, as make site runs; "
                          "seeds are cached one by one, so more seeds compute only the new ones)")
    run.add_argument("--dataset", default="mnist-10k", metavar="NAME",
                     help=f"one of: {', '.join(DATASETS)}; mnist-10k is embedded, mnist-full (70,000 images) is "
                          "downloaded once into the user cache folder, synthetic needs no images (default: %(default)s)")
    run.add_argument("--no-cache", action="store_true", help="recompute even what the cache holds (default: reuse it)")
    run.add_argument("--config", type=Path, metavar="FILE",
                     help='JSON file of overrides, {"experiment-id": {"field": value}}; "list ID" shows the fields (default: none)')
    run.add_argument("--set", action="append", default=[], metavar="ID.FIELD=VALUE",
                     help="override one config field after --config; VALUE is JSON; repeatable (default: none)")
    run.add_argument("--results", type=Path, default=BUILD / "results", metavar="DIR", help="where result files go (default: %(default)s)")
    run.add_argument("--cache", type=Path, default=BUILD / "cache", metavar="DIR", help="the per-seed result cache (default: %(default)s)")
    run.add_argument("--scheduler", default=scheduler, metavar="ADDRESS",
                     help="run on Dask: tcp://HOST:8786, or local for a local cluster; needs the distributed extra, "
                          f"pip install -e '.[distributed]' (default: {scheduler_default})")
    run.add_argument("--group-size", type=int, default=None, metavar="N", help="seeds per Dask task (default: one group per worker)")
    run.add_argument("--jobs", type=int, default=None, metavar="N",
                     help=f"worker processes on this machine; 1 runs in this process (default: one per core, {cores} here)")
    run.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                     help="how long to wait while another build in this tree holds build/.lock, then exit with status 2 (default: as long as it takes)")
    run.add_argument("--quiet", action="store_true", help="print only the summary table, no progress (default: show progress)")

    site = commands.add_parser("site", help="draw figures, render pages and build site/ from build/results",
                               description="Draw the figures, render the pages and build site/ with mkdocs from the result files.")
    site.add_argument("--results", type=Path, default=BUILD / "results", metavar="DIR", help="the result files to read (default: %(default)s)")
    site.add_argument("--no-build", action="store_true", help="render site_src/ only and skip the mkdocs build (default: build)")
    site.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                      help="how long to wait while another build in this tree holds build/.lock (default: as long as it takes)")
    site.add_argument("--quiet", action="store_true", help="print only the summary line (default: a line per step)")

    serve = commands.add_parser("serve", help="preview the built site", description="Serve site/ on this machine only.")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT", help="port on 127.0.0.1 (default: %(default)s)")

    listing = commands.add_parser("list", help="list experiments; with an id, its config fields, presets and claims",
                                  description="List the experiments, or one experiment's config fields, presets and claims.")
    listing.add_argument("experiment", nargs="?", metavar="ID", help=f"an experiment, from: {ids} (default: list them all)")

    bench = commands.add_parser("bench", help="time the book workloads; writes build/bench.json",
                                description="Time each experiment's book workload against a book-style reference.")
    bench.add_argument("--only", nargs="+", metavar="ID", help=f"benchmark only these experiments, from: {ids} (default: all)")
    bench.add_argument("--seeds", type=int, default=5, metavar="N", help="seeds for the default-run measurement (default: %(default)s)")
    return parser


def _parse_value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _overrides(args) -> dict:
    """Config overrides by experiment id, from --config and then --set."""
    overrides: dict = {}
    if args.config:
        try:
            loaded = json.loads(args.config.read_text(encoding="utf-8"))
        except OSError as error:
            raise UserError(f"{args.config}: cannot read ({error.strerror})") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise UserError(f"{args.config}: not valid JSON ({error})") from None
        if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
            raise UserError(f"{args.config}: expected an object of objects, {{\"experiment-id\": {{\"field\": value}}}}")
        for experiment_id, fields in loaded.items():
            overrides.setdefault(experiment_id, {}).update(fields)
    for item in args.set:
        name, sep, value = item.partition("=")
        experiment_id, dot, field = name.partition(".")
        if not (sep and dot and field):
            raise UserError(f"--set: expected ID.FIELD=VALUE, got {item!r}")
        overrides.setdefault(experiment_id, {})[field] = _parse_value(value)
    return overrides


def _experiment(experiment_id: str):
    """``by_id`` with a suggestion for a near miss."""
    from generator.experiments import EXPERIMENTS, by_id
    from generator.experiments.base import did_you_mean

    try:
        return by_id(experiment_id)
    except UserError as error:
        raise UserError(f"{error};{did_you_mean(experiment_id, [e.id for e in EXPERIMENTS])}".rstrip(";")) from None


def _jobs(args):
    from generator.experiments import EXPERIMENTS
    from generator.experiments.base import did_you_mean, validate, with_overrides

    selected = [_experiment(i) for i in args.only] if args.only else list(EXPERIMENTS)
    overrides = _overrides(args)
    for experiment_id in overrides:
        _experiment(experiment_id)
    jobs = []
    for experiment in selected:
        try:
            config = experiment.preset(args.preset)
        except UserError as error:
            raise UserError(f"{error};{did_you_mean(args.preset, experiment.presets)}".rstrip(";")) from None
        if experiment.id in overrides:
            config = with_overrides(config, overrides[experiment.id], experiment.id)
            preset = f"{args.preset}+overrides"
        else:
            config = validate(config, experiment.id)
            preset = args.preset
        jobs.append((experiment, preset, config))
    return jobs


def _executor(args, jobs_count: int):
    if args.scheduler:
        from generator.run.distributed import DaskExecutor

        return DaskExecutor(args.scheduler, group_size=args.group_size)
    from generator.run.executors import InlineExecutor, ProcessExecutor

    return ProcessExecutor(jobs_count) if jobs_count > 1 else InlineExecutor()


def cmd_run(args) -> int:
    from generator.data import load_dataset
    from generator.results import write_environment
    from generator.run import progress
    from generator.run.environment import available_cores, environment
    from generator.run.lock import build_lock
    from generator.run.runner import Runner

    started = time.perf_counter()
    if args.seeds < 1:
        raise UserError(f"--seeds: must be >= 1, got {args.seeds}")
    jobs = _jobs(args)
    load_dataset(args.dataset)  # fail early on a bad name, a damaged file or no network
    jobs_count = available_cores() if args.jobs is None else args.jobs
    if jobs_count < 1:
        raise UserError(f"--jobs: must be >= 1, got {args.jobs}")
    executor = _executor(args, jobs_count)
    with build_lock(BUILD, timeout=args.lock_timeout):
        runner = Runner(
            results_dir=args.results,
            cache_dir=args.cache,
            dataset=args.dataset,
            use_cache=not args.no_cache,
            executor=executor,
            display=progress.run_display(sys.stderr, quiet=args.quiet),
        )
        try:
            summaries = runner.run(jobs, seeds=list(range(args.seeds)))
        finally:
            executor.close()
        write_environment(args.results, environment())
    wall = time.perf_counter() - started
    progress.print_summary(summaries, runner.claims, sys.stdout, wall_seconds=wall)
    return 0


def cmd_site(args) -> int:
    from generator.run.environment import available_cores
    from generator.run.lock import build_lock
    from generator.run.progress import StepDisplay
    from generator.site import build_site, render_site

    started = time.perf_counter()
    say = StepDisplay("site", sys.stderr, quiet=args.quiet)
    try:
        with build_lock(BUILD, timeout=args.lock_timeout):
            summary = render_site(args.results, jobs=available_cores(), report=say)
            built = None if args.no_build else build_site(report=say)
    finally:
        say.close()
    mkdocs = {None: "mkdocs skipped", True: "mkdocs built", False: "site/ up to date"}[built]
    print(
        f"site: {len(summary.pages)} pages, {len(summary.figures)} figures ({summary.drawn} files drawn, "
        f"{summary.reused} reused), {len(summary.written)} files written, {len(summary.removed)} removed; "
        f"{mkdocs}; {time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_serve(args) -> int:
    import functools
    import http.server

    root = Path("site")
    if not (root / "index.html").exists():
        raise UserError("site/: not built yet; run `make site` (or `python -m generator site`) first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving site/ at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
        server.serve_forever()
    return 0


def _value(value) -> str:
    """A config value as a user writes it in --set or a config file: JSON (a tuple as a list)."""
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def _threshold(claim) -> str:
    scaled = {"%": (100, "%"), "pp": (100, " pp"), "decades": (1, " decades")}.get(claim.unit, (1, ""))
    return f"{claim.comparison} {claim.threshold * scaled[0]:g}{scaled[1]}"


def _table(rows) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def describe_experiment(experiment) -> str:
    """What ``list ID`` prints: the config fields, the presets as changes from the defaults, the claims."""
    from generator.experiments.base import config_dict, describe_fields

    fields = describe_fields(experiment.config)
    lines = [
        f"{experiment.id}: page {experiment.page}; about {experiment.cost:g} s per seed of the book preset on one core",
        "",
        f"config fields (--set {experiment.id}.FIELD=VALUE, or {{\"{experiment.id}\": {{\"FIELD\": VALUE}}}} in a --config file):",
    ]
    book = config_dict(experiment.presets["book"]) if "book" in experiment.presets else {}
    rows = [("field", "type", "default", "allowed", "book preset")]
    rows += [(f.name, f.type, _value(f.default), f.allowed, _value(book[f.name]) if f.name in book else "-") for f in fields]
    table = _table(rows)
    lines.append("  " + table[0])
    for f, row in zip(fields, table[1:]):
        lines += ["  " + row, f"      {f.doc}"]
    lines += ["", "presets (fields that differ from the defaults):"]
    defaults = {f.name: _value(f.default) for f in fields}
    for name, preset in experiment.presets.items():
        changed = [f"{k}={_value(v)}" for k, v in config_dict(preset).items() if _value(v) != defaults[k]]
        lines.append(f"  {name:8} {', '.join(changed) or 'the defaults'}")
    lines += ["", "claims (each holds when its statistic, the mean over seeds, meets the threshold):"]
    for claim in experiment.claims:
        lines += [f"  {claim.id}  [{claim.source}]  holds when {_threshold(claim)}", f"      {claim.statement_en}"]
    return "\n".join(lines) + "\n"


def cmd_list(args) -> int:
    from generator.experiments import EXPERIMENTS

    if args.experiment:
        sys.stdout.write(describe_experiment(_experiment(args.experiment)))
        return 0
    for experiment in EXPERIMENTS:
        print(f"{experiment.id:24} {experiment.page:16} presets: {', '.join(experiment.presets)}; claims: {len(experiment.claims)}")
    return 0


def cmd_bench(args) -> int:
    from generator.bench import main as bench_main

    return bench_main(only=args.only, seeds=args.seeds)


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # clean up like Ctrl-C: temp files removed, lock released
    handler = {"run": cmd_run, "site": cmd_site, "serve": cmd_serve, "list": cmd_list, "bench": cmd_bench}[args.command]
    try:
        return handler(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return UserError.exit_status
    except KeyboardInterrupt:
        print("interrupted: finished results stay in the cache; run again to resume", file=sys.stderr)
        return 130
