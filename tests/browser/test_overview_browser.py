"""Översikt's answering cards in headless Chromium at desktop and phone width, no error box."""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "phone": 390}
# kommun -> mini charts drawn (Bjurholm has no Trygghet value, so no chart on that card)
KOMMUNER = {"0880": 4, "2403": 3}


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_overview_cards_render(
    browser, dashboard_url: str, artifacts, kommun: str, width_name: str
) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 900}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/?kommun={kommun}", wait_until="domcontentloaded")
        settle(page, ".js-plotly-plot")
        # The summary is the first thing under the title, on the first screen at both widths.
        summary = page.get_by_text("huvudindikatorer blivit bättre").first
        summary.wait_for(timeout=15_000)
        box = summary.bounding_box()
        assert box is not None and box["y"] + box["height"] < 900
        first_screen = f"{kommun}-overview-{width_name}-first-screen.png"
        page.screenshot(path=str(artifacts / first_screen))
        height = page.evaluate(
            '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
            '[data-testid="stAppViewContainer"], section\')].map(e => e.scrollHeight))'
        )
        page.set_viewport_size({"width": WIDTHS[width_name], "height": min(int(height), 6000)})
        page.wait_for_timeout(400)
        page.screenshot(path=str(artifacts / f"{kommun}-overview-{width_name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator(".js-plotly-plot").count() == KOMMUNER[kommun]
        # Verdicts are words beside arrows, never colour alone.
        assert page.get_by_text("Sedan ").count() >= 3
    finally:
        context.close()
