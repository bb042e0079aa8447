"""What a run and a site build show while they work, and the summary table at the end of a run.

``RunState`` is the arithmetic: overall progress over every experiment and seed, weighted by each
experiment's declared ``cost`` (rough seconds per seed), so a quick experiment finishing does not
look like a ninth of the work; cached seeds count as done from the start, and the estimate of the
time left uses only computed work, which is the only work that takes time. Three displays draw it,
whatever executor runs the seeds:

- ``LiveDisplay`` on a terminal: one redrawn block (rich), the overall bar with elapsed time and
  time left, and a bar per running experiment;
- ``LineDisplay`` elsewhere (CI, a log file): a header and one short line per finished experiment;
- ``RunDisplay`` itself draws nothing (``--quiet``: only the summary table).

Inside a worker process an experiment's own progress is counted in finished seeds; in this process
the experiment reports ``progress(done, total)`` and the bars move within a seed group.
Timings are shown, never written into results.
"""

import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text


@dataclass(frozen=True)
class Work:
    """One experiment of a run, as the display weighs it."""

    experiment: str
    cost: float
    """Rough seconds per seed (``Experiment.cost``)."""
    seeds: int
    """Seeds in its result file."""
    to_compute: int
    """Of those, the seeds not found in the cache."""


@dataclass
class _Task:
    experiment: str
    seeds: int
    finished: bool = False


class RunState:
    """Progress of a run, fed by the runner's events; every number a display shows comes from here."""

    def __init__(self, work: Sequence[Work], slots: int = 1, clock=time.monotonic):
        self.work = {w.experiment: w for w in work}
        self.slots = max(1, slots)
        self.clock = clock
        self.started = clock()
        self.tasks: list[_Task] = []
        self.finished = {w.experiment: 0 for w in work}
        self.partial = {w.experiment: 0.0 for w in work}
        self.seconds = {w.experiment: 0.0 for w in work}

    def queued(self, experiment: str, seeds: int) -> None:
        self.tasks.append(_Task(experiment, seeds))

    def _open_task(self, experiment: str) -> _Task | None:
        return next((t for t in self.tasks if t.experiment == experiment and not t.finished), None)

    def step(self, experiment: str, done: int, total: int) -> None:
        """The running group of ``experiment`` is ``done`` of ``total`` steps along."""
        task = self._open_task(experiment)
        if task is not None and total > 0:
            self.partial[experiment] = task.seeds * min(done, total) / total

    def finish(self, experiment: str, seeds: int, seconds: float) -> bool:
        """A group of ``seeds`` finished; True when that completes the experiment."""
        task = self._open_task(experiment)
        if task is not None:
            task.finished = True
        self.finished[experiment] += seeds
        self.partial[experiment] = 0.0
        self.seconds[experiment] += seconds
        return self.complete(experiment)

    def complete(self, experiment: str) -> bool:
        return self.finished[experiment] >= self.work[experiment].to_compute

    def running(self) -> list[str]:
        """Experiments with a group in one of the executor's slots, taken in submission order:
        workers take queued tasks first in, first out."""
        open_tasks = [t.experiment for t in self.tasks if not t.finished][: self.slots]
        return list(dict.fromkeys(open_tasks))

    def seeds_done(self, experiment: str) -> float:
        """Computed seeds of ``experiment`` finished, with the running group's share."""
        return min(self.finished[experiment] + self.partial[experiment], self.work[experiment].to_compute)

    def fraction(self, experiment: str) -> float:
        work = self.work[experiment]
        return 1.0 if work.to_compute == 0 else self.seeds_done(experiment) / work.to_compute

    def _weights(self) -> tuple[float, float, float, float]:
        """(done, total) over all seeds and (done, total) over the seeds to compute, in cost units."""
        done = total = computed = to_compute = 0.0
        for w in self.work.values():
            total += w.cost * w.seeds
            to_compute += w.cost * w.to_compute
            computed += w.cost * self.seeds_done(w.experiment)
            done += w.cost * (w.seeds - w.to_compute) + w.cost * self.seeds_done(w.experiment)
        return done, total, computed, to_compute

    def overall(self) -> float:
        done, total, _, _ = self._weights()
        return 1.0 if total <= 0 else min(done / total, 1.0)

    def elapsed(self) -> float:
        return self.clock() - self.started

    def remaining(self) -> float | None:
        """Seconds left at the rate computed work has gone so far; None before anything finished."""
        _, _, computed, to_compute = self._weights()
        if computed >= to_compute:
            return 0.0
        if computed <= 0:
            return None
        return self.elapsed() * (to_compute - computed) / computed

    def experiments_done(self) -> int:
        return sum(self.complete(e) for e in self.work)


def clock_text(seconds: float | None) -> str:
    """``0:07``, ``12:30``, ``1:02:03``; ``?`` when not known yet."""
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def overall_text(state: RunState) -> str:
    """``4/9 experiments, 0:41 elapsed, about 0:38 left``"""
    return (f"{state.experiments_done()}/{len(state.work)} experiments, {clock_text(state.elapsed())} elapsed, "
            f"about {clock_text(state.remaining())} left")


def seeds_text(state: RunState, experiment: str) -> str:
    work = state.work[experiment]
    return f"{state.finished[experiment]}/{work.to_compute} seeds"


def is_terminal(stream) -> bool:
    """A stream a person watches: a tty, and not a terminal that cannot move the cursor."""
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except ValueError:  # closed
        tty = False
    return tty and os.environ.get("TERM", "").lower() not in ("dumb", "unknown")


def _console(stream, terminal: bool) -> Console:
    # Decided here, not by rich's own guess: FORCE_COLOR in a CI environment would otherwise make
    # rich redraw a live block into a log file.
    return Console(file=stream, force_terminal=terminal, force_interactive=terminal, highlight=False)


class RunDisplay:
    """The runner's events, recorded in a RunState; draws nothing itself (``--quiet``).

    Subclasses draw in ``started``, ``changed`` and ``experiment_done``.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.state: RunState | None = None

    def start(self, work: Sequence[Work], slots: int = 1) -> None:
        self.state = RunState(work, slots, self.clock)
        self.started()
        for w in work:
            if w.to_compute == 0:
                self.experiment_done(w.experiment)
        self.changed()

    def queued(self, experiment: str, seeds: int) -> None:
        self.state.queued(experiment, seeds)
        self.changed()

    def step(self, experiment: str, done: int, total: int) -> None:
        self.state.step(experiment, done, total)
        self.changed()

    def stepper(self, experiment: str):
        """The ``progress(done, total)`` callback an experiment running in this process calls."""
        return lambda done, total: self.step(experiment, done, total)

    def finished(self, experiment: str, seeds: int, seconds: float) -> None:
        if self.state.finish(experiment, seeds, seconds):
            self.experiment_done(experiment)
        self.changed()

    def close(self) -> None:
        pass

    def started(self) -> None:
        pass

    def changed(self) -> None:
        pass

    def experiment_done(self, experiment: str) -> None:
        pass


class LineDisplay(RunDisplay):
    """For logs: a header line, then one line per finished experiment; nothing is redrawn."""

    def __init__(self, stream=sys.stderr, clock=time.monotonic):
        super().__init__(clock)
        self.stream = stream

    def _say(self, line: str) -> None:
        self.stream.write(f"run: {line}\n")
        self.stream.flush()

    def started(self) -> None:
        work = self.state.work.values()
        seeds = sum(w.seeds for w in work)
        computing = sum(w.to_compute for w in work)
        self._say(f"{len(work)} experiment(s), {computing} of {seeds} seed runs to compute "
                  f"({seeds - computing} cached), {self.state.slots} at a time")

    def experiment_done(self, experiment: str) -> None:
        state, work = self.state, self.state.work[experiment]
        what = (f"cached ({work.seeds} seeds)" if work.to_compute == 0
                else f"{work.to_compute} seed(s) in {state.seconds[experiment]:.1f} s of compute")
        self._say(f"{experiment} {what}; {100 * state.overall():.0f}% done, {overall_text(state)}")


class LiveDisplay(RunDisplay):
    """For a terminal: the overall bar (weighted by cost, elapsed, time left) and one bar per
    running experiment, redrawn in place by rich."""

    def __init__(self, console, clock=time.monotonic, auto_refresh: bool = True):
        super().__init__(clock)
        self.console = console
        self.auto_refresh = auto_refresh
        self.progress = None
        self.rows: dict[str, int] = {}

    def started(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<26}"),
            BarColumn(bar_width=30),
            TextColumn("{task.percentage:>3.0f}%"),
            _Detail(lambda: self.state),
            console=self.console,
            auto_refresh=self.auto_refresh,
            refresh_per_second=4,
        )
        self.overall = self.progress.add_task("run", total=1.0, experiment=None)
        self.progress.start()

    def changed(self) -> None:
        state = self.state
        self.progress.update(self.overall, completed=state.overall())
        running = state.running()
        rows_before = list(self.rows)
        for experiment in [e for e in self.rows if e not in running]:
            self.progress.remove_task(self.rows.pop(experiment))
        for experiment in running:
            if experiment not in self.rows:
                self.rows[experiment] = self.progress.add_task(f"  {experiment}", total=1.0, experiment=experiment)
            self.progress.update(self.rows[experiment], completed=state.fraction(experiment))
        # The timer redraws a few times a second; a row that comes or goes is drawn at once, so a
        # short experiment is seen running even between two ticks.
        if not self.auto_refresh or list(self.rows) != rows_before:
            self.progress.refresh()

    def close(self) -> None:
        if self.progress is None:
            return
        for task in self.rows.values():
            self.progress.remove_task(task)
        self.rows.clear()
        self.progress.refresh()
        self.progress.stop()


class _Detail(ProgressColumn):
    """The text after a bar: experiments, elapsed and time left overall; seeds for an experiment.

    Read from the RunState at every redraw, so elapsed time ticks between events.
    """

    def __init__(self, state):
        super().__init__()
        self.state = state

    def render(self, task) -> Text:
        state, experiment = self.state(), task.fields.get("experiment")
        return Text(overall_text(state) if experiment is None else seeds_text(state, experiment))


def run_display(stream=sys.stderr, *, quiet: bool = False, terminal: bool | None = None, clock=time.monotonic) -> RunDisplay:
    """The display for ``stream``: nothing when quiet, live on a terminal, lines otherwise."""
    if quiet:
        return RunDisplay(clock)
    terminal = is_terminal(stream) if terminal is None else terminal
    return LiveDisplay(_console(stream, True), clock) if terminal else LineDisplay(stream, clock)


_COUNTER = re.compile(r"\b(\d+)/(\d+)\b")


class StepDisplay:
    """What ``generator site`` shows: ``say(line)`` per step, prefixed with ``site:``.

    On a terminal a counting step (``figures: 12/40 drawn``) is redrawn in place on one live line
    and the other steps are printed above it; elsewhere every step is a line, and a count only its
    last one, like the run display's line per finished experiment. Quiet shows nothing.
    """

    def __init__(self, prefix: str, stream=sys.stderr, *, quiet: bool = False, terminal: bool | None = None):
        self.prefix, self.stream, self.quiet = prefix, stream, quiet
        self.terminal = is_terminal(stream) if terminal is None else terminal
        self.progress = None

    def __call__(self, line: str) -> None:
        if self.quiet:
            return
        counter = _COUNTER.search(line)
        counting = counter is not None and int(counter.group(1)) < int(counter.group(2))
        if self.terminal:
            self._live(line, counting)
        elif not counting:
            self.stream.write(f"{self.prefix}: {line}\n")
            self.stream.flush()

    def _live(self, line: str, counting: bool) -> None:
        if self.progress is None:
            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                     console=_console(self.stream, True), transient=True)
            self.task = self.progress.add_task("")
            self.progress.start()
        if counting:
            self.progress.update(self.task, description=f"{self.prefix}: {line}")
        else:
            self.progress.console.print(f"{self.prefix}: {line}", markup=False)
            self.progress.update(self.task, description=f"{self.prefix}: {line}")

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def print_summary(summaries, claims, stream=sys.stdout, wall_seconds=None):
    """One row per experiment: compute seconds, cached or run, claims held, diverged networks."""
    by_experiment = {}
    for claim in claims:
        by_experiment.setdefault(claim["experiment"], []).append(claim["holds"])
    rows = [("experiment", "seconds", "status", "claims held", "diverged")]
    for s in summaries:
        held = by_experiment.get(s.experiment, [])
        rows.append((s.experiment, f"{s.seconds:.1f}", s.status, f"{sum(held)}/{len(held)}", str(s.diverged)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        stream.write("  ".join(cell.ljust(w) if j in (0, 2) else cell.rjust(w) for j, (cell, w) in enumerate(zip(row, widths))).rstrip() + "\n")
        if i == 0:
            stream.write("  ".join("-" * w for w in widths) + "\n")
    total = sum(s.seconds for s in summaries)
    held = sum(c["holds"] for c in claims)
    wall = "" if wall_seconds is None else f", {wall_seconds:.1f} s wall"
    stream.write(f"compute {total:.1f} s{wall}; {held} of {len(claims)} claims hold\n")
