"""A progress bar per experiment on a terminal, and the summary table at the end of a run."""

import sys


def bar_factory(stream=sys.stderr, width: int = 28):
    """progress_factory for the Runner: a redrawn bar on a terminal, start/finish lines otherwise."""
    tty = stream.isatty()

    def make(experiment_id: str):
        state = {"last": -1}

        def update(done: int, total: int):
            if not tty:
                return
            filled = width * done // max(total, 1)
            if filled != state["last"] or done == total:
                state["last"] = filled
                stream.write(f"\r{experiment_id:24} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                stream.flush()

        def close():
            stream.write("\r" + " " * (width + 40) + "\r" if tty else "")
            stream.flush()

        if not tty:
            stream.write(f"{experiment_id}: running\n")
            stream.flush()
        return update, close

    return make


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
