"""Print and embed: Översikt prints on at most two A4 pages without sidebar or controls, with
source and date at its foot; a chart's embed link shows that chart with its sentence and source.

The PDF is kept in test-artifacts/oversikt-print.pdf for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")  # one per page in Chromium's PDF


def test_overview_prints_on_at_most_two_a4_pages(browser, dashboard_url, artifacts) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/?kommun=0880", wait_until="load")
        settle(page, ".js-plotly-plot", pause_ms=1_500)
        page.emulate_media(media="print")
        page.wait_for_timeout(500)
        hidden = page.evaluate(
            """() => ['[data-testid="stSidebar"]', '[data-testid="stPopover"]',
                      '[data-testid="stExpander"]', '[data-testid="stPageLink"]']
                .map(s => [...document.querySelectorAll(s)]
                    .every(e => getComputedStyle(e).display === 'none'))"""
        )
        assert all(hidden), hidden
        footer = page.locator(".st-key-print_footer")
        assert footer.is_visible()
        text = footer.inner_text()
        assert "Källa: Kolada" in text and re.search(r"Kolada \d{4}-\d{2}-\d{2}", text), text
        pdf = page.pdf(format="A4", print_background=True)
        (artifacts / "oversikt-print.pdf").write_bytes(pdf)
        pages = len(PAGE_OBJECT.findall(pdf))
        assert 1 <= pages <= 2, pages
        # On screen the footer stays hidden: the sidebar shows the same date there.
        page.emulate_media(media="screen")
        assert not footer.is_visible()
    finally:
        context.close()


# (view query, the expander with the snippet, the chart's sentence as the page draws it)
EMBEDS = [
    ("", "Citera eller bädda in", "År 2022 var värdet för Kalmar"),
    ("&vy=jamfor&ar=2022", "Bädda in", "Kalmar och liknande kommuner (7): alla 8 har ett värde"),
    ("&vy=karta&ar=2022", "Bädda in", "Kalmar 2022:"),
]


@pytest.mark.parametrize(("view", "expander", "sentence"), EMBEDS, ids=["tid", "jamfor", "karta"])
def test_embed_link_shows_one_chart_with_sentence_and_source(
    browser, dashboard_url, view: str, expander: str, sentence: str
) -> None:
    context = browser.new_context(viewport={"width": 700, "height": 700}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/crime?kommun=0880&kpi=N07403{view}", wait_until="load")
        settle(page, ".js-plotly-plot")
        page.get_by_text(expander, exact=True).click()
        snippet = page.locator('[data-testid="stCode"]').filter(has_text="<iframe").inner_text()
        src = re.search(r'src="([^"]+)"', snippet)
        assert src, snippet
        url = src.group(1).replace("&amp;", "&")
        query = parse_qs(urlparse(url).query)
        assert query["embed"] == ["true"] and query["diagram"] == ["diagram_N07403"]
        assert query["kommun"] == ["0880"] and query["kpi"] == ["N07403"]

        page.goto(url, wait_until="load")
        settle(page, ".js-plotly-plot", pause_ms=1_000)
        page.wait_for_function("() => document.body.dataset.embed === 'diagram_N07403'")
        main = page.locator('[data-testid="stMain"]')
        assert page.locator(".js-plotly-plot").count() == 1
        visible = main.inner_text()
        assert "Anmälda våldsbrott" in visible  # the chart's title
        assert sentence in visible  # its sentence
        assert "Källa: Kolada, KPI N07403" in visible  # its source
        for gone in ("Byt kommun", "Citera", "Visa tabell", "Att tänka på", "Indikator", "Visa år"):
            assert gone not in visible, gone
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
    finally:
        context.close()
