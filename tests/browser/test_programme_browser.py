"""Handlingsprogrammet in headless Chromium: the scorecard is above the fold on a desktop."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import settle
from trygghet.core import judgement as jd

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
TABLE = '[data-testid="stDataFrame"]'
CARDS = ".st-key-prog_cards"


def test_phone_shows_the_first_indicator_and_its_verdict_at_once(
    browser, dashboard_url: str, artifacts: Path
) -> None:
    """390 px: the first indicator's name and its verdict are inside the viewport together,
    and the verdict is the one the table (hidden on a phone) gives for that indicator."""
    width, height = SIZES["phone"]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/programme?kommun=0880&bas=2015", wait_until="load")
        settle(page, CARDS, pause_ms=800)
        assert not page.locator(TABLE).first.is_visible()  # the wide table waits for a desktop
        card = page.locator(f"{CARDS} [data-testid='stMarkdownContainer']").first
        card.scroll_into_view_if_needed()
        name = card.locator("strong").nth(0)
        verdict = card.locator("strong").nth(1)
        for part in (name, verdict):
            box = part.bounding_box()
            assert box is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert verdict.inner_text() in {jd.BETTER, jd.WORSE, jd.UNSURE, jd.NONE}  # core.judgement
        page.screenshot(path=str(artifacts / "programme-phone-first-card.png"))
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kommun", ["0880", "2403"])
def test_scorecard_is_drawn_and_above_the_fold(
    browser, dashboard_url: str, artifacts: Path, size: str, kommun: str
) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/programme?kommun={kommun}&bas=2015", wait_until="load")
        shown = TABLE if size == "desktop" else CARDS
        settle(page, shown, pause_ms=800)
        box = page.locator(shown).first.bounding_box()
        assert box is not None and box["height"] > 200
        if size == "desktop":
            # The first screen of a 1366 × 768 desktop shows the top of the scorecard.
            assert box["y"] < height, box
        page.screenshot(path=str(artifacts / f"programme-{kommun}-{size}-fold.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("8 indikatorer som mäter en punkt i programmet").count() == 1
        if size == "desktop":
            # The columns to the right (place, trend) are reached by scrolling the table.
            page.locator(TABLE).first.hover()
            page.mouse.wheel(3000, 0)
            page.wait_for_timeout(500)
            page.screenshot(path=str(artifacts / f"programme-{kommun}-{size}-right.png"))
        # The whole page, with one expander opened, for a person to look at.
        page.get_by_text("5. Kameraövervakning – Kameraövervakning där det behövs").click()
        page.wait_for_timeout(400)
        full = page.evaluate(
            '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
            '[data-testid="stAppViewContainer"], section\')].map(e => e.scrollHeight))'
        )
        page.set_viewport_size({"width": width, "height": min(int(full), 6000)})
        page.wait_for_timeout(400)
        page.screenshot(path=str(artifacts / f"programme-{kommun}-{size}.png"), full_page=True)
    finally:
        context.close()
