"""Figure keys follow the drawing code's imports, found as cache keys find theirs."""

from generator.experiments import EXPERIMENTS
from generator.site.figures import DRAWING_CODE
from generator.sources import SOURCE_ROOT, imported_files, module_file


def test_figure_key_covers_what_draws_and_never_the_training():
    for experiment in EXPERIMENTS:
        files = imported_files(experiment.figures, *DRAWING_CODE)
        names = {p.relative_to(SOURCE_ROOT).as_posix() for p in files}
        package = experiment.figures.rsplit(".", 1)[0]
        assert {module_file(experiment.figures), module_file(package), module_file("generator.plot.style")} <= set(files)
        assert "generator/glossary.py" in names and "generator/results.py" in names
        assert not [n for n in names if n.endswith(("/train.py", "/bench.py")) or n.startswith(("generator/engine/", "generator/site/"))], experiment.id
