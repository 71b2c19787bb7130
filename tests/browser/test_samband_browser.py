"""Samband in headless Chromium: only the open tab draws, and picking a tab draws its result."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1366, "phone": 390}


def _visible_plots(page) -> int:
    plots = page.locator(".js-plotly-plot")
    return sum(1 for i in range(plots.count()) if plots.nth(i).is_visible())


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_each_tab_draws_its_result_when_picked(
    browser, dashboard_url: str, width_name: str
) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 1600}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/samband?kommun=0880", wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        settle(page, idle_ms=60_000, pause_ms=800)
        assert page.locator('[data-testid="stMetric"]').count() == 0  # Över tid: no statistics
        for tab, key in (("Mellan kommuner", "kommuner"), ("Förändring", "forandring")):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_function(f"() => location.search.includes('flik={key}')", timeout=60_000)
            settle(page, idle_ms=60_000, pause_ms=800)
            # r, ρ and the number of kommuner wait in the closed "Statistiken" expander, under
            # the plain sentence: drawn, not shown until opened.
            page.wait_for_selector('[data-testid="stMetric"]', state="attached", timeout=60_000)
            assert page.locator('[data-testid="stMetric"]').count() == 3
            assert _visible_plots(page) == 1  # the tab's scatter
            assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / f"samband-change-{width_name}.png"), full_page=True)
    finally:
        context.close()
