"""Render one page's Markdown in both languages, without figures or mkdocs: a quick look while writing.

    python -m generator.site.preview optimizers [batch-norm ...] [--results build/results] [--out build/preview]

Writes ``<out>/<lang>/<slug>.md`` and prints, for each Korean page, every particle that does not
agree with the word before it (the check ``make test`` runs over every page). Exit status 2 with
one line on a template error, as ``generator site`` does.
"""

import argparse
import sys
from pathlib import Path

from generator.errors import UserError
from generator.fileio import write_text_atomic
from generator.site.korean import particle_problems
from generator.site.provenance import read_site_url
from generator.site.render import load_model, render_pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.preview", description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="+", help="pages to render, by slug (optimizers, batch-norm, ...)")
    parser.add_argument("--results", default="build/results", help="result files (default: %(default)s)")
    parser.add_argument("--templates", default="templates", help="templates (default: %(default)s)")
    parser.add_argument("--out", default="build/preview", help="where the Markdown goes (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        model = load_model(args.results, slugs=args.slugs)
        site_url = read_site_url("mkdocs.yml")
        pages = render_pages(model, args.templates, site_url)
        marked = render_pages(model, args.templates, site_url, mark_insertions=True)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path, text in pages.items():
        write_text_atomic(Path(args.out) / path, text)
        problems = particle_problems(marked[path]) if path.startswith("ko/") else []
        print(f"{Path(args.out) / path}: {len(problems)} particle problem(s)")
        for problem in problems:
            print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
