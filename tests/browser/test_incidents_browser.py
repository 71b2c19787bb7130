"""The Händelser page in headless Chromium, desktop and phone: charts, map, links, no errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_incidents_page_renders(browser, dashboard_url: str, width_name: str) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 2600}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        # A deep link as the first request: the page's URL is its file name, which a cold
        # server knows before st.navigation has run (a custom url_path would show "Page not found").
        page.goto(
            f"{dashboard_url}/incidents?kommun=0880&period=2025&per=manad",
            wait_until="domcontentloaded",
        )
        settle(page, ".js-plotly-plot", ready_ms=60_000, idle_ms=60_000, pause_ms=800)
        page.screenshot(path=str(ARTIFACTS / f"incidents-detail-{width_name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator(".js-plotly-plot").count() == 3  # counts, heat map, kommun map
        # The map: one filled polygon trace per kommun of Kalmar län (12) in the third chart.
        kommun_shapes = (
            page.locator(".js-plotly-plot").nth(2).locator("g.trace.scatter path.js-fill")
        )
        assert kommun_shapes.count() == 12
        links = page.get_by_role("link", name="Läs på polisen.se")
        assert links.count() >= 5
        assert links.first.get_attribute("href").startswith(
            "https://polisen.se/aktuellt/handelser/2025/"
        )
        assert "period=2025" in page.url and "per=manad" in page.url
    finally:
        context.close()
