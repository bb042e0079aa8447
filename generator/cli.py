"""``python -m generator``: run experiments, render the site, serve it, benchmark.

User errors (a bad flag, config value, file or dataset) print one line and exit with status 2;
an interrupted run keeps every finished cache entry and exits with 130.
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from generator.errors import UserError
from generator.fileio import write_text_atomic

BUILD = Path("build")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run experiments (cached) and write build/results")
    run.add_argument("--preset", default="book", help="book (the book's parameters) or quick (seconds)")
    run.add_argument("--only", nargs="+", metavar="ID", help="run only these experiments")
    run.add_argument("--seeds", type=int, default=1, help="independent seeds per experiment (default 1)")
    run.add_argument("--dataset", default="mnist-10k", help="mnist-10k (embedded), mnist-full (downloaded once) or synthetic")
    run.add_argument("--no-cache", action="store_true", help="recompute even what the cache holds")
    run.add_argument("--config", type=Path, help="JSON file of overrides: {\"experiment-id\": {\"field\": value}}")
    run.add_argument("--set", action="append", default=[], metavar="ID.FIELD=VALUE", help="override one config field")
    run.add_argument("--results", type=Path, default=BUILD / "results")
    run.add_argument("--cache", type=Path, default=BUILD / "cache")
    run.add_argument("--scheduler", default=os.environ.get("CH6_DASK_SCHEDULER"),
                     help="Dask scheduler address (or 'local' for a local cluster); default: run here")
    run.add_argument("--group-size", type=int, default=None, help="seeds per Dask task (default: one group per worker)")
    run.add_argument("--jobs", type=int, default=None, help="worker processes on this machine (default: one per core; 1 runs here)")
    run.add_argument("--lock-timeout", type=float, default=None, help="seconds to wait for another build in this tree (default: wait)")

    site = commands.add_parser("site", help="draw figures, render pages and build site/ from build/results")
    site.add_argument("--results", type=Path, default=BUILD / "results")
    site.add_argument("--no-build", action="store_true", help="render site_src/ only; skip mkdocs build")
    site.add_argument("--lock-timeout", type=float, default=None)
    site.add_argument("--quiet", action="store_true", help="print only the summary line")

    serve = commands.add_parser("serve", help="preview the built site")
    serve.add_argument("--port", type=int, default=8000)

    commands.add_parser("list", help="list experiments, their presets and claims")

    bench = commands.add_parser("bench", help="time the book workloads; writes build/bench.json")
    bench.add_argument("--only", nargs="+", metavar="ID")
    bench.add_argument("--seeds", type=int, default=5, help="seeds for the default-run measurement")
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


def _jobs(args):
    from generator.experiments import EXPERIMENTS, by_id
    from generator.experiments.base import validate, with_overrides

    selected = [by_id(i) for i in args.only] if args.only else list(EXPERIMENTS)
    overrides = _overrides(args)
    for experiment_id in overrides:
        by_id(experiment_id)
    jobs = []
    for experiment in selected:
        config = experiment.preset(args.preset)
        if experiment.id in overrides:
            config = with_overrides(config, overrides[experiment.id], experiment.id)
            preset = f"{args.preset}+overrides"
        else:
            config = validate(config, experiment.id)
            preset = args.preset
        jobs.append((experiment, preset, config))
    return jobs


def cmd_run(args) -> int:
    from generator.data import load_dataset
    from generator.experiments import EXPERIMENTS
    from generator.results import write_claims, write_environment
    from generator.run import progress
    from generator.run.environment import environment
    from generator.run.lock import build_lock
    from generator.run.runner import Runner

    started = time.perf_counter()
    if args.seeds < 1:
        raise UserError(f"--seeds: must be >= 1, got {args.seeds}")
    jobs = _jobs(args)
    load_dataset(args.dataset)  # fail early on a bad name, a damaged file or no network
    from generator.run.environment import available_cores
    from generator.run.executors import InlineExecutor, ProcessExecutor

    jobs_count = available_cores() if args.jobs is None else args.jobs
    if jobs_count < 1:
        raise UserError(f"--jobs: must be >= 1, got {args.jobs}")
    if args.scheduler:
        from generator.run.distributed import DaskExecutor

        executor = DaskExecutor(args.scheduler, group_size=args.group_size)
    elif jobs_count > 1:
        executor = ProcessExecutor(jobs_count, announce=lambda line: print(line, file=sys.stderr, flush=True))
    else:
        executor = InlineExecutor(progress.bar_factory(sys.stderr))
    with build_lock(BUILD, timeout=args.lock_timeout):
        runner = Runner(
            results_dir=args.results,
            cache_dir=args.cache,
            dataset=args.dataset,
            use_cache=not args.no_cache,
            executor=executor,
        )
        try:
            summaries = runner.run(jobs, seeds=list(range(args.seeds)))
        finally:
            executor.close()
        claims = write_claims(args.results, [e.id for e in EXPERIMENTS])
        write_environment(args.results, environment())
    wall = time.perf_counter() - started
    # run times vary from run to run, so they live beside the results, never inside them
    timings = {"wall_seconds": wall, "seeds": args.seeds, "jobs": jobs_count, "experiments": {
        s.experiment: {"seconds": s.seconds, "status": s.status} for s in summaries}}
    write_text_atomic(BUILD / "timings.json", json.dumps(timings, indent=1) + "\n")
    progress.print_summary(summaries, claims, sys.stdout, wall_seconds=wall)
    return 0


def cmd_site(args) -> int:
    from generator.run.environment import available_cores
    from generator.run.lock import build_lock
    from generator.site import build_site, render_site

    started = time.perf_counter()

    def say(line: str) -> None:
        if not args.quiet:
            print(f"site: {line}", file=sys.stderr, flush=True)

    with build_lock(BUILD, timeout=args.lock_timeout):
        summary = render_site(args.results, jobs=available_cores(), report=say)
        built = None if args.no_build else build_site(report=say)
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


def cmd_list(args) -> int:
    from generator.experiments import EXPERIMENTS

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
