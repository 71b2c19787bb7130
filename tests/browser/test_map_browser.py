"""Karta and Jämför on a theme page in headless Chromium, desktop and phone: drawn, no errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1366, "phone": 390}
VIEWS = {
    # name: (url path and query, plotly charts expected)
    "map": ("crime?kommun=0880&kpi=N07403&vy=karta&ar=2022", 1),
    "map-gaps": ("safety?kommun=2403&kpi=N07609&vy=karta&ar=2022", 1),
    "ranking": ("crime?kommun=0880&kpi=N07403&vy=jamfor&ar=2022", 1),
    "ranking-all": ("crime?kommun=0880&jmf=riket&kpi=N07403&vy=jamfor&ar=2022", 1),
}
BARS = {"ranking": 8, "ranking-all": 290}  # Kalmar and its 7 similar kommuner; all kommuner


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_compare_view_renders(browser, dashboard_url: str, width_name: str, view: str) -> None:
    path, charts = VIEWS[view]
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 2600}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/{path}", wait_until="domcontentloaded")
        settle(page, ".js-plotly-plot", ready_ms=60_000, idle_ms=60_000, pause_ms=800)
        page.screenshot(path=str(ARTIFACTS / f"{view}-{width_name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == charts
        assert plots.first.is_visible()
        box = plots.first.bounding_box()
        assert box is not None and box["width"] > 250 and box["height"] > 250
        if view.startswith("map"):
            # One filled trace per class plus the grey "no value" class: at most six fills.
            fills = plots.first.locator("g.trace.scatter path.js-fill")
            assert 1 <= fills.count() <= 6
            assert plots.first.locator("g.legend").is_visible()
            if width_name == "desktop":
                # Anywhere over a kommun the hover names its class or the kommun and value.
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.45)
                page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
                page.screenshot(path=str(ARTIFACTS / f"{view}-hover-{width_name}.png"))
        else:
            assert plots.first.locator("g.barlayer path").count() == BARS[view]
        assert "vy=" in page.url and "ar=2022" in page.url
    finally:
        context.close()
