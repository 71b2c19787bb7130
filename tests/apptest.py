"""Running the dashboard headless the way a shared link opens it: entrypoint, page, URL params."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def run_app(page: str | None = None, **params: str) -> AppTest:
    """Run dashboard.py, switched to `page`, with the given query parameters; no exception."""
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


TOP_LINE = " · jämfört med "  # the choice in words above every page's title (sidebar.views)


def page_markdown(at: AppTest) -> list[str]:
    """The page's own Markdown texts, without the choice line that opens every page."""
    return [m.value for m in at.markdown if TOP_LINE not in m.value]
