"""Templates place and format; they never compute. Walks every template with Jinja's own parser."""

from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from generator.site.context import HELPERS
from generator.site.render import FILTERS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TESTS = {"none", "defined", "undefined"}
ARITHMETIC = (nodes.BinExpr, nodes.Neg, nodes.Pos)


def template_names():
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2"))


def computation(source: str) -> list[str]:
    """What in a template computes instead of placing: one line per finding."""
    tree = jinja2.Environment().parse(source)
    macros = {m.name for m in tree.find_all(nodes.Macro)}
    imported = {i.target for i in tree.find_all(nodes.Import)}
    found = []

    def where(node):
        return f"line {node.lineno}"

    for node in tree.find_all(nodes.Node):
        if isinstance(node, ARITHMETIC):
            found.append(f"{where(node)}: arithmetic ({type(node).__name__})")
        elif isinstance(node, nodes.Compare):
            found.append(f"{where(node)}: a comparison; put the choice in the page's facts or a claim")
        elif isinstance(node, (nodes.Dict, nodes.List)):
            found.append(f"{where(node)}: a {type(node).__name__.lower()} literal (an index map?)")
        elif isinstance(node, nodes.Getitem):
            found.append(f"{where(node)}: indexing; give the facts a named field")
        elif isinstance(node, nodes.Filter) and node.name not in FILTERS:
            found.append(f"{where(node)}: filter {node.name!r} computes; allowed: {', '.join(FILTERS)}")
        elif isinstance(node, nodes.Test) and node.name not in TESTS:
            found.append(f"{where(node)}: test {node.name!r}")
        elif isinstance(node, nodes.Call):
            target = node.node
            if isinstance(target, nodes.Name) and (target.name in HELPERS or target.name in macros or target.name == "caller"):
                continue
            if isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name) and target.node.name in imported:
                continue
            found.append(f"{where(node)}: call of {getattr(target, 'name', None) or getattr(target, 'attr', type(target).__name__)!r}; only the page helpers and macros may be called")
    return found


@pytest.mark.parametrize("name", template_names())
def test_template_places_and_formats_only(name):
    assert computation((TEMPLATES / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "{{ a - b }}",
        "{{ 100 * x }}",
        "{% if x > 0 %}y{% endif %}",
        '{% set V = {"baseline": 0} %}',
        "{{ results.overfitting.metrics.train_acc.mean(axis=0) }}",
        "{{ values | min }}",
        "{{ items | length }}",
        '{{ claims["x"] }}',
        "{% set ns = namespace(full=none) %}",
        "{{ -x }}",
    ],
)
def test_template_lint_finds_computation(source):
    assert computation(source)


def test_template_lint_allows_placing_and_formatting():
    source = (
        '{% import "macros.md.j2" as m with context %}{% macro k(x) %}{{ x }}{% endmacro %}'
        '{{ pct(facts.train) }} {{ fig("fig-a") | josa("은/는") }} {% for r in facts.runs %}{{ r.label.ko }}{% endfor %}'
        '{% if claim("a").holds %}y{% endif %}{% if facts.epoch is not none %}{{ k(1) }}{% endif %}{{ m.claims_of_page() }}'
    )
    assert computation(source) == []
