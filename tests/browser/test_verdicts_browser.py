"""Issue 19 in headless Chromium at desktop and phone width: the 2015 break is marked on Brott
Över tid for N07403, and Jämför for N07540 shows the kommun median and the sentence on Riket."""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_break_marked_and_median_beside_riket(
    browser, dashboard_url: str, artifacts, width_name: str
) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 900}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/crime?kommun=0880&kpi=N07403", wait_until="domcontentloaded")
        settle(page, ".js-plotly-plot")
        chart = page.locator(".js-plotly-plot").first
        chart.get_by_text("Seriebrott 2015").first.wait_for(timeout=15_000)
        # The dashed line itself is drawn in the plot's shape layer.
        assert chart.locator(".shapelayer path").count() >= 1
        chart.screenshot(path=str(artifacts / f"break-N07403-{width_name}.png"))
        assert page.locator('[data-testid="stException"]').count() == 0

        page.goto(
            f"{dashboard_url}/crime?kommun=0880&kpi=N07540&vy=jamfor",
            wait_until="domcontentloaded",
        )
        settle(page, ".js-plotly-plot")
        chart = page.locator(".js-plotly-plot").first
        chart.get_by_text("Kommunernas median").first.wait_for(timeout=15_000)
        sentence = page.get_by_text("brottsplatsen inte är känd").first
        sentence.wait_for(timeout=15_000)
        assert sentence.is_visible()
        page.screenshot(path=str(artifacts / f"jamfor-N07540-{width_name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
