"""Förväntat in headless Chromium at 1366 and 390 px: the Samband tab and the note on Brott's
Över tid draw without an error box and without sideways scroll."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1366, "phone": 390}
SCROLL_JS = (
    "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
    " document.querySelector('[data-testid=\"stMain\"]').scrollWidth,"
    " document.querySelector('[data-testid=\"stMain\"]').clientWidth]"
)


def _check(page, name: str, width_name: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    scroll = page.evaluate(SCROLL_JS)
    assert scroll[0] <= scroll[1] and scroll[2] <= scroll[3], scroll
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width_name}.png"), full_page=True)


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_forvantat_tab_and_crime_note(browser, dashboard_url: str, width_name: str) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 1600}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(
            f"{dashboard_url}/samband?kommun=0880&flik=forvantat&utfall=N07540",
            wait_until="domcontentloaded",
        )
        settle(page, '[data-testid="stMetric"]', ready_ms=60_000, idle_ms=60_000, pause_ms=800)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Förväntat utifrån struktur" in main and "Korsvaliderat R²" in main
        assert page.locator(".js-plotly-plot").count() >= 1
        _check(page, "forvantat", width_name)

        page.goto(f"{dashboard_url}/crime?kommun=0880&kpi=N07540", wait_until="domcontentloaded")
        settle(page, ".js-plotly-plot", ready_ms=60_000, idle_ms=60_000, pause_ms=800)
        page.get_by_text("Förväntat utifrån struktur, 2022").wait_for(timeout=30_000)
        _check(page, "crime-forvantat", width_name)
    finally:
        context.close()
