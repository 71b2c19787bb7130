"""No page makes the visitor's browser talk to another host: every request a page makes is
recorded (documents, scripts, fonts, the page icon, images, websockets) and must go to the
app's own address. A Swedish public body's dashboard should not tell a third party who
looks at it (the page icon used to come from Google's font servers).

Also the hostile case: a URL value that would be an image or a link if rendered as Markdown
fetches nothing (it is shown as text).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import settle
from tests.browser.test_pages_browser import PAGES

pytestmark = pytest.mark.browser

HOSTILE = "vald,![x](https://evil.example/x.png) https://evil.example/a www.evil.example"


def _visit(browser, url: str, ready: str, width: int) -> tuple[list[str], object]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    page.goto(url)
    settle(page, ready, pause_ms=1500)
    return seen, (context, page)


def _foreign(seen: list[str], own: str) -> list[str]:
    return [u for u in seen if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).netloc != own]  # fmt: skip


@pytest.mark.parametrize(("path", "query", "ready"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_every_request_of_a_page_goes_to_the_app(browser, dashboard_url, path, query, ready):
    own = urlsplit(dashboard_url).netloc
    seen, (context, page) = _visit(browser, f"{dashboard_url}/{path}?{query}", ready, 1366)
    try:
        assert any("/_stcore/stream" in u for u in seen)  # the recording saw the websocket
        icon = page.eval_on_selector("link[rel~='icon']", "e => e.href")
        assert urlsplit(icon).netloc in ("", own) or icon.startswith("data:"), icon
        assert _foreign(seen, own) == []
    finally:
        context.close()


def test_a_hostile_link_fetches_nothing_and_links_nowhere(browser, dashboard_url):
    own = urlsplit(dashboard_url).netloc
    url = f"{dashboard_url}/incidents?kommun=0880&kategori={quote(HOSTILE)}"
    seen, (context, page) = _visit(browser, url, '[data-testid="stAlert"]', 390)
    try:
        assert _foreign(seen, own) == []
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert not [h for h in hrefs if "evil" in h]
        assert page.query_selector_all("img[src*='evil']") == []
        assert "evil.example" in page.inner_text("body")  # shown, as text
    finally:
        context.close()
