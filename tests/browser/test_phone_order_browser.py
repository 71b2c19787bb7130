"""Phones: the person's question first, targets big enough to tap, no toolbar over a control.

At 390 px: Händelser offers its latest notices from the first screen; Samband puts its caveats
before the controls and its plain sentence before r and ρ; every button in the main area is at
least 24 x 24 px (WCAG 2.5.8); on Skolor the table's toolbar does not cover the Läsår select.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_TARGETS_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] button, [data-testid="stMain"] [role="button"]')]
  .map(e => [e.getAttribute('aria-label') || e.innerText.trim().slice(0, 30),
             e.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
  .map(([name, r]) => [name, Math.round(r.width), Math.round(r.height)])"""


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    yield context.new_page()
    context.close()


def _y(page, locator) -> float:
    box = locator.first.bounding_box()
    assert box is not None
    return box["y"]


def test_incidents_link_to_the_latest_notices_from_the_first_screen(phone, dashboard_url):
    phone.goto(f"{dashboard_url}/incidents?kommun=0880&period=2025", wait_until="load")
    settle(phone, ".js-plotly-plot")
    link = phone.get_by_role("link", name="Senaste notiserna")
    assert _y(phone, link) < PHONE["height"]
    link.click()
    heading = phone.get_by_role("heading", name="Senaste notiserna i Kalmar")
    phone.wait_for_timeout(800)
    y = _y(phone, heading)
    assert 0 <= y < PHONE["height"], y


def test_samband_caveats_first_and_plain_sentence_before_statistics(phone, dashboard_url):
    phone.goto(f"{dashboard_url}/samband?kommun=0880&flik=kommuner", wait_until="load")
    settle(phone, ".js-plotly-plot")
    caveats = phone.get_by_role("heading", name="Vad diagrammen inte visar")
    tabs = phone.locator('[data-testid="stTabs"]')
    assert _y(phone, caveats) < _y(phone, tabs)
    statistics = phone.get_by_text("Statistiken: Pearson r")
    reading = phone.locator('[data-testid="stTabs"] [data-testid="stMarkdownContainer"]').filter(
        has_text="kommuner"
    )
    assert _y(phone, reading) < _y(phone, statistics)
    # r and ρ wait in the closed expander.
    metrics = phone.locator('[data-testid="stTabs"] [data-testid="stMetric"]')
    assert metrics.count() and not any(m.is_visible() for m in metrics.all())


@pytest.mark.parametrize(
    "path",
    [
        "incidents?kommun=0880&period=2025",
        "crime?kommun=0880&kpi=N07403&jmf=egna&egna=0881,0882",
        "samband?kommun=0880&flik=kommuner",
        "school_units?kommun=0880",
    ],
)
def test_tap_targets_are_at_least_24_px(phone, dashboard_url, path):
    phone.goto(f"{dashboard_url}/{path}", wait_until="load")
    settle(phone, ".js-plotly-plot", pause_ms=1_000)
    assert phone.evaluate(SMALL_TARGETS_JS) == []


def test_school_table_toolbar_leaves_the_year_select_free(phone, dashboard_url, artifacts):
    phone.goto(f"{dashboard_url}/school_units?kommun=0880", wait_until="load")
    settle(phone, '[data-testid="stDataFrame"]:visible')
    select = phone.locator('[data-testid="stSelectbox"]').filter(has_text="Läsår")
    table = phone.locator('[data-testid="stDataFrame"]:visible').first  # the school table
    table.scroll_into_view_if_needed()
    table.hover()
    phone.wait_for_timeout(400)
    toolbar = phone.locator('[data-testid="stElementToolbar"]').first
    if toolbar.count() and toolbar.is_visible():
        a, b = toolbar.bounding_box(), select.first.bounding_box()
        assert a is not None and b is not None
        apart = a["y"] >= b["y"] + b["height"] or b["y"] >= a["y"] + a["height"]
        assert apart, (a, b)
    phone.screenshot(path=str(artifacts / "skolor-toolbar-phone.png"))
