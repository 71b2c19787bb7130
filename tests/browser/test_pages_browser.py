"""Every dashboard page renders in headless Chromium at desktop and phone width, no errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# (url path, query string, selector that proves the page's main content is drawn)
PAGES = [
    ("", "kommun=0880", ".js-plotly-plot"),
    ("crime", "kommun=0880&kpi=N07403", ".js-plotly-plot"),
    ("safety", "kommun=0880&kpi=N07609", ".js-plotly-plot"),
    ("school", "kommun=1080&kpi=N15508&kon=K", ".js-plotly-plot"),
    ("youth", "kommun=0880", ".js-plotly-plot"),
    ("about", "kommun=1080", '[data-testid="stDataFrame"]'),
    ("samband", "kommun=0880", ".js-plotly-plot"),
    ("school_units", "kommun=0880", ".js-plotly-plot"),
    ("programme", "kommun=0880&bas=2019", '[data-testid="stMarkdown"]'),
    ("incidents", "kommun=0880&period=2025", ".js-plotly-plot"),
]
WIDTHS = {"desktop": 1366, "phone": 390}


def test_selection_survives_page_switch_and_reload(browser, dashboard_url: str) -> None:
    """A deep link as the server's first request; click to another page; reload.

    Runs first in this module on purpose: Streamlit treats a pages/ app as a legacy
    multipage app until st.navigation has run once, which trygghet.setup works around.
    """
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(
            f"{dashboard_url}/crime?kommun=1080&jmf=lan&fran=2012&till=2020",
            wait_until="domcontentloaded",
        )
        page.wait_for_selector(".js-plotly-plot", timeout=45_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.filter(has_text="Översikt").wait_for(timeout=15_000)  # our navigation, not v1's
        assert "dashboard" not in nav.inner_text()
        nav.locator('a[href$="/school"]').click()
        page.wait_for_url("**/school**", timeout=30_000)
        page.wait_for_selector(".js-plotly-plot", timeout=45_000)
        page.wait_for_function("() => location.search.includes('kommun=1080')", timeout=15_000)
        assert "jmf=lan" in page.url and "fran=2012" in page.url and "till=2020" in page.url
        # The page's own caption names the selection the server used for this run.
        shown = page.get_by_text("Karlskrona jämfört med övriga kommuner i Region Blekinge")
        shown.wait_for(timeout=15_000)
        page.reload(wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot", timeout=45_000)
        shown.wait_for(timeout=15_000)
        assert "kommun=1080" in page.url and "jmf=lan" in page.url
        # An overview card's link carries the selection and the card's indicator.
        nav.locator('a[href$="/overview"], a[href$="/"]').first.click()
        page.get_by_text("Mer om brott").click()
        page.wait_for_url("**/crime?**", timeout=30_000)
        page.wait_for_selector(".js-plotly-plot", timeout=45_000)
        assert "kommun=1080" in page.url and "kpi=N07540" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize(("path", "query", "ready"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_page_renders(
    browser, dashboard_url: str, artifacts, path: str, query: str, ready: str, width_name: str
) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS[width_name], "height": 900}, locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/{path}?{query}", wait_until="domcontentloaded")
        page.wait_for_selector(ready, timeout=45_000)
        # Let the script run finish (the status widget shows while it runs).
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
        )
        page.wait_for_timeout(500)
        # The app scrolls inside its main container, so grow the viewport to show it all.
        height = page.evaluate(
            '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
            '[data-testid="stAppViewContainer"], section\')].map(e => e.scrollHeight))'
        )
        page.set_viewport_size({"width": WIDTHS[width_name], "height": min(int(height), 5000)})
        page.wait_for_timeout(400)
        name = f"{path or 'overview'}-{width_name}.png"
        page.screenshot(path=str(artifacts / name), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        if ready == ".js-plotly-plot":
            assert page.locator(".js-plotly-plot").count() >= 1
        # The selection survives in the address bar.
        assert "kommun=" in page.url
    finally:
        context.close()
