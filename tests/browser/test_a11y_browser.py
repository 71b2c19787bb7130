"""WCAG 2.1 A/AA by axe-core on every page at desktop and phone width.

axe-core (bundled by axe-playwright-python) runs in the page after it has settled; the test
fails on any serious or critical violation unless the rule and the node are in ALLOWED, which
names the upstream Streamlit issue that keeps it. Every run's counts are written to
test-artifacts/axe-<page>-<width>.json so a change can be compared before and after.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import settle
from tests.browser.test_pages_browser import PAGES, WIDTHS

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Also counted (never failing by themselves unless serious): heading order and landmarks.
EXTRA_RULES = ["heading-order", "page-has-heading-one", "region", "landmark-one-main"]
SEVERE = {"serious", "critical"}
# (rule id, a CSS fragment of the offending node's selector) -> why it stays. Only Streamlit's
# own markup belongs here, each with the upstream issue that tracks it.
ALLOWED: dict[tuple[str, str], str] = {}


def _allowed(rule: str, targets: list[str]) -> bool:
    return any(
        rule == allowed_rule and fragment in " ".join(targets) for allowed_rule, fragment in ALLOWED
    )


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    results = axe.run(
        page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    extra = axe.run(
        page,
        options={"runOnly": {"type": "rule", "values": EXTRA_RULES}, "resultTypes": ["violations"]},
    )
    return list(results.response["violations"]) + list(extra.response["violations"])


# Views that the page list does not open: own comparison kommuner (chips in a multiselect),
# Karta and Jämför, Samband's second tab.
VARIANTS = [
    ("crime", "kommun=0880&kpi=N07403&jmf=egna&egna=0881,0882", ".js-plotly-plot"),
    ("crime", "kommun=0880&kpi=N07403&vy=karta", ".js-plotly-plot"),
    ("crime", "kommun=0880&kpi=N07403&vy=jamfor", ".js-plotly-plot"),
    ("samband", "kommun=0880&flik=kommuner", ".js-plotly-plot"),
]
CASES = [*PAGES, *VARIANTS]
IDS = [p[0] or "overview" for p in PAGES] + ["egna", "karta", "jamfor", "samband-kommuner"]


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize(("path", "query", "ready"), CASES, ids=IDS)
def test_axe_wcag21aa(
    request,
    browser,
    dashboard_url: str,
    artifacts,
    path: str,
    query: str,
    ready: str,
    width_name: str,
) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 900}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/{path}?{query}", wait_until="domcontentloaded")
        settle(page, ready, pause_ms=1_000)
        # The app scrolls inside its main container and axe skips what lies outside the
        # viewport, so grow the viewport to the whole page first.
        height = page.evaluate(
            '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
            '[data-testid="stAppViewContainer"], section\')].map(e => e.scrollHeight))'
        )
        page.set_viewport_size({"width": WIDTHS[width_name], "height": min(int(height), 8000)})
        page.wait_for_timeout(800)
        violations = axe_violations(page)
        summary = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "nodes": len(v["nodes"]),
                "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5],
            }
            for v in violations
        ]
        name = f"axe-{request.node.callspec.id}.json"
        (artifacts / name).write_text(json.dumps(summary, ensure_ascii=False, indent=1))
        severe = [
            (v["id"], n["target"][-1][-60:], n.get("failureSummary", "")[30:200])
            for v in violations
            if v["impact"] in SEVERE
            for n in v["nodes"]
            if not _allowed(v["id"], [str(t) for t in n["target"]])
        ]
        assert not severe, severe
    finally:
        context.close()
