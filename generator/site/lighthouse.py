"""``make lighthouse``: Lighthouse's performance and accessibility scores for every page.

Optional, like ``make screenshots``: it needs Node and Lighthouse (the Makefile installs Lighthouse
from npm into ``build/lighthouse``) and Debian's Chromium (``CHROME_PATH``). It serves the built
``site/`` as GitHub Pages does, gzipped and under the path of ``site_url``, runs Lighthouse's mobile
preset (default throttling) three times per page and language (``--runs``), keeps the report of
the median run under ``build/lighthouse/reports/`` and prints one line a page: the two scores,
largest contentful paint, total blocking time, every run's score and the accessibility audits
that failed. Chromium finds the NanumGothic the figures use, as a reader's phone finds its own
Hangul font.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from generator.errors import UserError
from generator.site.screenshots import CHROMIUM, hangul_fonts, serve_site, site_prefix

LIGHTHOUSE = Path("build/lighthouse/node_modules/.bin/lighthouse")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


def audit(url: str, report: Path, lighthouse: Path, env: dict) -> dict:
    """One Lighthouse run over ``url`` with ``env`` (:func:`hangul_fonts`); its JSON report is
    written to ``report``."""
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [str(lighthouse), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"]
    done = subprocess.run(command, env=dict(env, CHROME_PATH=os.environ.get("CHROME_PATH", str(CHROMIUM))),
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise UserError(f"lighthouse {url}: {done.stderr.strip()[-500:]}")
    return json.loads(report.read_text())


def median_run(url: str, report: Path, lighthouse: Path, env: dict, runs: int) -> dict:
    """``runs`` Lighthouse runs over ``url``: the summary of the run with the median performance
    score, whose report is kept at ``report``, with every run's score. One run's score moves by
    ten points or more with what else the machine is doing, as Lighthouse's own guide warns."""
    results = []
    for run in range(runs):
        path = report.with_name(f"{report.stem}.run{run}.json")
        results.append((summary(audit(url, path, lighthouse, env)), path))
    results.sort(key=lambda pair: pair[0]["performance"])
    row, path = results[len(results) // 2]
    path.replace(report)
    for _, other in results:
        other.unlink(missing_ok=True)
    return dict(row, runs=[r["performance"] for r, _ in results])


def summary(result: dict) -> dict:
    categories, audits = result["categories"], result["audits"]
    failed = sorted(ref["id"] for ref in categories["accessibility"]["auditRefs"]
                    if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1))
    return {
        "performance": round(100 * categories["performance"]["score"]),
        "accessibility": round(100 * categories["accessibility"]["score"]),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failed": failed,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site")
    parser.add_argument("--out", default="build/lighthouse/reports")
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--lighthouse", default=str(LIGHTHOUSE))
    parser.add_argument("--page", action="append", help="one page slug (repeatable; default: every page)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; the run with the median performance score is kept (default 3)")
    args = parser.parse_args(argv)
    from generator.pages import PAGES
    from generator.site.context import LANGUAGES

    lighthouse = Path(args.lighthouse)
    if not lighthouse.exists():
        print(f"error: {lighthouse} is missing; run `make lighthouse`, which installs it", file=sys.stderr)
        return UserError.exit_status
    slugs = args.page or [p.slug for p in PAGES]
    rows = {}
    try:
        # A reader's phone has a Hangul font; a bare server may have none, and a Chromium that
        # searches every font for each Korean letter lays a page out many times slower.
        with serve_site(Path(args.site), site_prefix(args.config), compress=True) as root, hangul_fonts() as env:
            for lang in LANGUAGES:
                for slug in slugs:
                    url = root + lang.root + ("" if slug == "index" else slug + "/")
                    name = f"{lang.code}/{slug}"
                    rows[name] = row = median_run(url, Path(args.out) / f"{lang.code}-{slug}.json", lighthouse, env, args.runs)
                    print(f"{name:24} performance {row['performance']:3}  accessibility {row['accessibility']:3}  "
                          f"LCP {row['lcp_s']:4.1f} s  TBT {row['tbt_ms']:4.0f} ms  runs {row['runs']}  {' '.join(row['failed'])}",
                          flush=True)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return UserError.exit_status
    (Path(args.out) / "summary.json").write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
