"""Keyboard only: change the kommun through "Byt kommun" and reach the first chart's table.

No mouse and no clicks: Tab, Enter and typing, as a person without a pointer uses the page.
Focus moves into the popover when it opens and back to its button after the choice
(trygghet/core/page_head.html), and the chart's values are reached in its table.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

# Where the focus is: which of our landmarks holds it.
FOCUS_JS = """() => { const e = document.activeElement;
  if (!e) return {};
  return {
    text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60),
    button: !!e.closest('[data-testid="stPopover"]') && e.tagName === 'BUTTON',
    popover: !!e.closest('[data-testid="stPopoverBody"]'),
    table: !!e.closest('[data-testid="stDataFrame"]'),
    summary: e.tagName === 'SUMMARY',
  }; }"""


def _tab_until(page, wanted, most: int = 60) -> dict:
    for _ in range(most):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if wanted(focus):
            return focus
    pytest.fail(f"Tab did not reach the element after {most} presses")


def test_keyboard_changes_the_kommun_and_reaches_the_charts_table(
    browser, dashboard_url: str, artifacts
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/crime?kommun=0880&kpi=N07403", wait_until="domcontentloaded")
        settle(page, ".js-plotly-plot")
        _tab_until(page, lambda f: f.get("button") and "Byt kommun" in f["text"])
        page.keyboard.press("Enter")
        # The focus moved into the open popover, on its first field (the kommun).
        page.wait_for_function(
            "() => !!document.activeElement.closest('[data-testid=\"stPopoverBody\"]')",
            timeout=10_000,
        )
        page.keyboard.type("Karlskrona")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('kommun=1080')", timeout=30_000)
        settle(page, ".js-plotly-plot")
        page.get_by_text("Karlskrona · jämfört med").first.wait_for(timeout=15_000)
        # After the choice the focus is back on "Byt kommun", not lost at the top of the page.
        page.wait_for_function(
            "() => document.activeElement.closest('[data-testid=\"stPopover\"]')",
            timeout=10_000,
        )
        # On to the first chart's table: its expander opens with Enter, then Tab enters it.
        _tab_until(page, lambda f: f.get("summary") and "Visa tabell" in f["text"])
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        _tab_until(page, lambda f: f.get("table"), most=5)
        table = page.locator('[data-testid="stDataFrame"]').first
        assert table.is_visible()
        page.screenshot(path=str(artifacts / "keyboard-table.png"))
        # The chart is described by its lead sentence, which names the chosen kommun.
        described = page.evaluate(
            """() => { const c = document.querySelector('[data-testid="stPlotlyChart"]');
                const d = document.getElementById(c.getAttribute('aria-describedby'));
                return [c.getAttribute('role'), d ? d.innerText : null]; }"""
        )
        assert described[0] == "figure" and "Karlskrona" in described[1], described
    finally:
        context.close()
