"""Brott and Om data as a visitor sees them in Chromium, at desktop and phone width (issue 13).

Brott (Kalmar, Anmälda våldsbrott, 2010–2016) must name the thin years of the comparison mean
and the band under the chart and offer a Citera text with a link back to the same view; Om data
must name where the data came from without a server path and without Kolada's English status
codes. Screenshots go to test-artifacts/legible-<page>-<width>.png.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "phone": 390}
ENGLISH = ("Missing", "Privacy", "Not applicable", "offline")


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    return context, page


def _shoot(page, artifacts, name: str, width: int) -> None:
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stAppViewContainer"], section\')].map(e => e.scrollHeight))'
    )
    page.set_viewport_size({"width": width, "height": min(int(height), 5000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts / name), full_page=True)


def _no_sideways_scroll(page) -> None:
    wide = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMain\"]')]"
        ".some(e => e.scrollWidth > e.clientWidth + 1)"
    )
    assert not wide, "the page scrolls sideways"


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_crime_counts_and_citation(browser, dashboard_url, artifacts, width_name: str) -> None:
    width = WIDTHS[width_name]
    context, page = _open(
        browser, f"{dashboard_url}/crime?kommun=0880&kpi=N07403&fran=2010&till=2016", width
    )
    try:
        settle(page, ".js-plotly-plot")
        main = page.locator('[data-testid="stMain"]')
        notice = main.get_by_text(re.compile("^Ofyllda punkter: medelvärdet för liknande"))
        notice.wait_for(timeout=15_000)
        text = notice.inner_text()
        assert "2010 (4)" in text and "färre än 90" in text
        page.get_by_text("Citera eller bädda in", exact=True).click()
        cite = main.locator('[data-testid="stCode"]').first
        cite.wait_for(timeout=15_000)
        quote = cite.inner_text()
        assert "KPI N07403" in quote and "Kalmar 2010–2016" in quote
        assert re.search(r"http://127\.0\.0\.1:\d+/crime\?kommun=0880&", quote), quote
        assert "kpi=N07403" in quote and "fran=2010" in quote and "till=2016" in quote
        body = main.inner_text()
        assert not any(word in body for word in ENGLISH)
        _no_sideways_scroll(page)
        _shoot(page, artifacts, f"legible-crime-{width_name}.png", width)
    finally:
        context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_about_sources_read_as_a_person(
    browser, dashboard_url, artifacts, built_db, width_name: str
) -> None:
    width = WIDTHS[width_name]
    context, page = _open(browser, f"{dashboard_url}/about?kommun=1080", width)
    try:
        settle(page, '[data-testid="stDataFrame"]')
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("Ursprung: Ur en sparad ögonblicksbild").first.wait_for(timeout=15_000)
        body = main.inner_text()
        assert "/snapshot" not in body and str(built_db.parent) not in body
        assert "python -m etl" not in body and "ETL" not in body
        assert not any(word in body for word in ENGLISH)
        _no_sideways_scroll(page)
        _shoot(page, artifacts, f"legible-about-{width_name}.png", width)
    finally:
        context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_safety_erratum_beside_koladas_text(
    browser, dashboard_url, artifacts, width_name: str
) -> None:
    width = WIDTHS[width_name]
    context, page = _open(browser, f"{dashboard_url}/safety?kommun=0880&kpi=N07609", width)
    try:
        settle(page, ".js-plotly-plot")
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("Otrygga ute sen kväll i bostadsområdet (NTU)").first.wait_for()
        # Open by default when there is an erratum: Kolada's text and the note side by side.
        kolada = main.get_by_text('"Mycket trygg" eller "Ganska trygg" på frågan')
        kolada.wait_for(timeout=15_000)
        note = main.get_by_text(re.compile("Rättelse"))
        note.first.wait_for(timeout=15_000)
        assert "mycket eller ganska otrygga" in main.inner_text()
        _no_sideways_scroll(page)
        _shoot(page, artifacts, f"legible-safety-{width_name}.png", width)
    finally:
        context.close()
