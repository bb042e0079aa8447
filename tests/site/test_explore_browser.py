"""The explorables in Chromium: each control moved through several states, what is drawn checked
against the data built from the sealed result, the address updated and restored, in both
languages, at desktop and phone width."""

import json
from urllib.parse import quote

import pytest

from generator.results import load_results
from generator.site.explorables import explorables
from generator.site.explore import data_bytes
from tests.site.fixtures import quick_project  # noqa: F401
from tests.site.test_browser import CHROMIUM, PHONE, browser, open_tab, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]

PAGES = {
    "explore-optimizer-paths": "optimizers",
    "explore-optimizer-compare-loss": "optimizers",
    "explore-init-compare-loss": "initialization",
    "explore-activation-histograms": "initialization",
    "explore-batchnorm-scales": "batch-norm",
    "explore-dropout-ratio": "hyperparameters",
    "explore-search-trials": "hyperparameters",
}


@pytest.fixture(scope="module")
def expected(quick_project):
    """Each explorable's data as Python builds it from the sealed results."""
    results = load_results(quick_project / "build" / "results")
    return {e.id: json.loads(data_bytes(e, results[e.experiment])) for e in explorables(results).values()}


def ready(tab, explorable_id):
    tab.wait_for_function(f"document.querySelector('#{explorable_id}.ch6-explore-ready')", timeout=20000)


def drawn(tab, explorable_id):
    """The data of every drawn panel, as uPlot holds it, and the readout and state."""
    return tab.evaluate(f"""() => {{
        const ex = document.querySelector('#{explorable_id}').ch6Explore;
        return {{ data: ex.plots.map(u => u.data), readout: ex.readout.textContent, state: Object.assign({{}}, ex.state),
                  hash: decodeURIComponent(location.hash), cite: ex.citeText.textContent }};
    }}""")


def key(state, names):
    return "|".join(state[n] for n in names)


def expected_readout(data, state, lang):
    readouts = data["readout"] if isinstance(data["readout"], list) else [data["readout"]]
    return " ".join(r["text"][key(state, r["keys"])][lang] for r in readouts)


def check_drawn(data, seen, lang):
    """What uPlot draws equals the built data for the state shown: the lines of a line panel, the
    chosen trial's curves, and the readout sentence."""
    state = seen["state"]
    assert seen["readout"] == expected_readout(data, state, lang)
    visible = [p for p in data["panels"] if all(state[n] == v for n, v in (p.get("when") or {}).items())]
    for panel, plotted in zip(visible, seen["data"]):
        kind = panel.get("kind", "line")
        if kind == "line":
            shown = [s for s in panel["series"] if all(state[n] == v for n, v in (s.get("when") or {}).items())]
            assert plotted[0] == panel["x"]
            assert plotted[1:] == [s["data"][key(state, panel["keys"])] for s in shown]
        elif kind == "trial":
            curve = panel["curves"][key(state, panel["keys"])]
            assert plotted[1:] == [curve["val"], curve["train"]]


def move(tab, explorable_id, control, value_index):
    """Set a control as a reader would: a slider by keyboard, a select by choosing, a toggle by clicking."""
    selector = f"#{explorable_id}-{control['name']}"
    if control["kind"] == "range":
        tab.focus(selector)
        tab.keyboard.press("Home")
        for _ in range(value_index):
            tab.keyboard.press("ArrowRight")
    elif control["kind"] == "select":
        tab.select_option(selector, control["values"][value_index])
    else:
        checked = tab.is_checked(selector)
        if checked != (value_index == 1):
            tab.click(selector)


WALKS = [(e, "ko") for e in sorted(PAGES)] + [("explore-batchnorm-scales", "en"), ("explore-search-trials", "en")]
"""Every explorable walked through on the Korean page; two on the English page as well (the
English labels and sentences of all seven are checked when each is opened from an address)."""


@pytest.mark.parametrize(("explorable_id", "lang"), WALKS)
def test_each_control_redraws_the_sealed_data_and_the_address_follows(browser, server, expected, explorable_id, lang):
    data = expected[explorable_id]
    tab = open_tab(browser, server, 1280)
    try:
        prefix = "" if lang == "ko" else "en/"
        tab.goto(f"{server}{prefix}{PAGES[explorable_id]}/")
        tab.locator(f"#{explorable_id}").scroll_into_view_if_needed()
        ready(tab, explorable_id)
        check_drawn(data, drawn(tab, explorable_id), lang)
        moved = False
        for control in (c for c in data["controls"] if c["kind"] != "fixed"):
            for index in (len(control["values"]) - 1, 0, len(control["values"]) // 2):
                before = drawn(tab, explorable_id)["state"][control["name"]]
                move(tab, explorable_id, control, index)
                seen = drawn(tab, explorable_id)
                assert seen["state"][control["name"]] == control["values"][index]
                check_drawn(data, seen, lang)
                moved = moved or before != control["values"][index]
                if moved:  # the address follows once the reader has changed something
                    query = "&".join(f"{c['name']}={seen['state'][c['name']]}" for c in data["controls"] if c["kind"] != "fixed")
                    assert seen["hash"] == f"#{explorable_id}?{query}"
                    assert f"#{explorable_id}?{query}" in seen["cite"]
        assert tab.problems == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("explorable_id", sorted(PAGES))
def test_an_address_restores_its_state_and_the_language_switch_keeps_it(browser, server, expected, explorable_id):
    width = PHONE  # the walks above run at 1280 px
    data = expected[explorable_id]
    state = {c["name"]: c["values"][-1] for c in data["controls"]}
    query = "&".join(f"{c['name']}={quote(c['values'][-1])}" for c in data["controls"] if c["kind"] != "fixed")
    tab = open_tab(browser, server, width)
    try:
        tab.goto(f"{server}en/{PAGES[explorable_id]}/#{explorable_id}?{query}")
        ready(tab, explorable_id)
        seen = drawn(tab, explorable_id)
        assert seen["state"] == state
        check_drawn(data, seen, "en")
        switch = tab.evaluate("() => [...document.querySelectorAll('a[hreflang=\"ko\"]')].map(a => a.getAttribute('href'))")
        assert any(decoded.endswith(f"#{explorable_id}?{query}") or f"#{explorable_id}?" in decoded
                   for decoded in (href or "" for href in switch)), switch
        if width == PHONE:
            box = tab.locator(f"#{explorable_id} .ch6-explore-chart").bounding_box()
            assert box["width"] <= PHONE
        assert tab.problems == []
    finally:
        tab.context.close()


def test_the_chart_area_is_reserved_before_the_script_draws(browser, server):
    tab = open_tab(browser, server, 1280)
    try:
        tab.route("**/explore/*.json", lambda route: None)  # the data never arrives
        tab.goto(f"{server}batch-norm/")
        height = tab.locator("#explore-batchnorm-scales .ch6-explore-chart").bounding_box()["height"]
        assert height >= 300
    finally:
        tab.context.close()
