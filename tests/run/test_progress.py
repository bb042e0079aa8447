"""The run display: cost-weighted progress, time left, and what a terminal, a pipe and --quiet show."""

import io
import re

import pytest
from rich.console import Console

from generator.experiments import overfitting
from generator.run import progress, runner
from generator.run.progress import LineDisplay, LiveDisplay, RunDisplay, RunState, StepDisplay, Work

EXPERIMENT = overfitting.EXPERIMENT
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def make_state(*work, slots=1):
    clock = Clock()
    return RunState([Work(*w) for w in work], slots=slots, clock=clock), clock


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_overall_is_weighted_by_cost_and_cached_seeds_count_as_done():
    state, _ = make_state(("slow", 10.0, 2, 2), ("fast", 1.0, 2, 1))
    assert state.overall() == pytest.approx(1 / 22)  # fast's cached seed: 1 of 22 cost units
    state.queued("slow", 1), state.queued("slow", 1), state.queued("fast", 1)
    state.finish("fast", 1, 0.5)
    assert state.overall() == pytest.approx(2 / 22) and state.complete("fast")
    state.finish("slow", 1, 5.0)
    assert state.overall() == pytest.approx(12 / 22)
    assert state.experiments_done() == 1 and not state.complete("slow")


def test_progress_time_left_uses_only_computed_work():
    state, clock = make_state(("a", 1.0, 4, 2))
    assert state.remaining() is None  # nothing computed yet: no rate to go by
    state.queued("a", 1), state.queued("a", 1)
    clock.now += 30
    state.finish("a", 1, 30.0)
    assert state.elapsed() == 30 and state.remaining() == pytest.approx(30)
    state.finish("a", 1, 30.0)
    assert state.remaining() == 0


def test_progress_every_seed_cached_is_done_at_the_start():
    state, _ = make_state(("a", 3.0, 5, 0), ("b", 1.0, 5, 0))
    assert state.overall() == 1 and state.remaining() == 0 and state.experiments_done() == 2


def test_progress_step_moves_the_running_group_within_its_seeds():
    state, _ = make_state(("a", 2.0, 4, 4))
    state.queued("a", 4)
    state.step("a", 3, 12)
    assert state.fraction("a") == pytest.approx(0.25) and state.overall() == pytest.approx(0.25)
    state.finish("a", 4, 1.0)
    assert state.fraction("a") == 1


def test_progress_running_experiments_fill_the_slots_in_submission_order():
    state, _ = make_state(("a", 5.0, 2, 2), ("b", 1.0, 2, 2), slots=2)
    for experiment in ("a", "a", "b", "b"):
        state.queued(experiment, 1)
    assert state.running() == ["a"]
    state.finish("a", 1, 1.0)
    assert state.running() == ["a", "b"]
    state.finish("a", 1, 1.0)
    assert state.running() == ["b"]


def test_progress_clock_text():
    assert [progress.clock_text(s) for s in (None, 7, 750, 3723)] == ["?", "0:07", "12:30", "1:02:03"]


def play(display):
    """A run of two experiments, one of them cached, on two worker slots."""
    display.start([Work("overfitting", 12.0, 2, 2), Work("optimizer-paths", 0.1, 2, 0)], slots=2)
    display.queued("overfitting", 1)
    display.queued("overfitting", 1)
    display.finished("overfitting", 1, 1.0)
    display.finished("overfitting", 1, 1.0)
    display.close()


def test_progress_on_a_pipe_prints_a_line_per_finished_experiment():
    stream = io.StringIO()
    play(progress.run_display(stream, clock=Clock()))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and all(line.startswith("run: ") for line in lines)
    assert "2 of 4 seed runs to compute (2 cached), 2 at a time" in lines[0]
    assert "optimizer-paths cached" in lines[1]
    assert "overfitting 2 seed(s) in 2.0 s" in lines[2] and "100% done, 2/2 experiments" in lines[2]
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_progress_on_a_terminal_draws_overall_and_running_bars():
    stream = Tty()
    display = progress.run_display(stream, clock=Clock())
    assert isinstance(display, LiveDisplay)
    display.console = Console(file=stream, force_terminal=True, force_interactive=True, width=120)
    display.auto_refresh = False
    play(display)
    text = ANSI.sub("", stream.getvalue())
    assert "\r" in stream.getvalue()  # redrawn in place
    assert "0/2 seeds" in text and "1/2 seeds" in text  # the running experiment's own bar
    assert re.search(r"run .* 50% .*elapsed, about \S+ left", text)
    final = text.rstrip().splitlines()[-1]
    assert "100%" in final and "2/2 experiments" in final and "overfitting" not in final


def test_progress_terminal_detection(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    assert isinstance(progress.run_display(Tty()), LiveDisplay)
    assert isinstance(progress.run_display(io.StringIO()), LineDisplay)
    monkeypatch.setenv("TERM", "dumb")
    assert isinstance(progress.run_display(Tty()), LineDisplay)


def test_progress_quiet_draws_nothing():
    stream = Tty()
    display = progress.run_display(stream, quiet=True)
    assert type(display) is RunDisplay
    play(display)
    assert stream.getvalue() == ""


def test_progress_site_steps_on_a_pipe_keep_only_the_last_count():
    stream = io.StringIO()
    say = StepDisplay("site", stream, terminal=False)
    for line in ("pages: 2 rendered", "figures: 1/3 drawn", "figures: 2/3 drawn", "figures: 3/3 drawn", "mkdocs: ko built"):
        say(line)
    say.close()
    assert stream.getvalue().splitlines() == ["site: pages: 2 rendered", "site: figures: 3/3 drawn", "site: mkdocs: ko built"]


def test_progress_site_steps_on_a_terminal_redraw_counts_in_place():
    stream = Tty()
    say = StepDisplay("site", stream, terminal=True)
    for line in ("pages: 2 rendered", "figures: 1/3 drawn", "figures: 3/3 drawn"):
        say(line)
    say.close()
    text = ANSI.sub("", stream.getvalue())
    assert "site: pages: 2 rendered" in text and "site: figures: 3/3 drawn" in text
    assert StepDisplay("site", Tty(), quiet=True, terminal=True)("pages: 2 rendered") is None


class Recorder(RunDisplay):
    def __init__(self):
        super().__init__()
        self.events = []

    def started(self):
        self.events.append(("start", tuple(self.state.work.values())))

    def changed(self):
        self.events.append(("overall", self.state.overall()))

    def experiment_done(self, experiment):
        self.events.append(("done", experiment))


def test_progress_runner_reports_each_group_and_changes_no_byte(tmp_path):
    config = EXPERIMENT.preset("quick")
    shown = Recorder()
    runner.Runner(results_dir=tmp_path / "a" / "results", cache_dir=tmp_path / "a" / "cache", display=shown,
                  warn=lambda m: None).run([(EXPERIMENT, "quick", config)], seeds=[0, 1])
    runner.Runner(results_dir=tmp_path / "b" / "results", cache_dir=tmp_path / "b" / "cache",
                  warn=lambda m: None).run([(EXPERIMENT, "quick", config)], seeds=[0, 1])
    assert shown.events[0] == ("start", (Work("overfitting", EXPERIMENT.cost, 2, 2),))
    overall = [value for kind, value in shown.events if kind == "overall"]
    assert 0 < min(v for v in overall if v > 0) < 1 and overall == sorted(overall) and overall[-1] == 1
    assert ("done", "overfitting") in shown.events
    name = "overfitting.json"
    assert (tmp_path / "a" / "results" / name).read_bytes() == (tmp_path / "b" / "results" / name).read_bytes()

    cached = Recorder()
    runner.Runner(results_dir=tmp_path / "a" / "results", cache_dir=tmp_path / "a" / "cache", display=cached,
                  warn=lambda m: None).run([(EXPERIMENT, "quick", config)], seeds=[0, 1])
    assert cached.events[:2] == [("start", (Work("overfitting", EXPERIMENT.cost, 2, 0),)), ("done", "overfitting")]
