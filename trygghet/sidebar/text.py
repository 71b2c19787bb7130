"""Pure Swedish text of the shared choice: the browser tab's title (page, kommun, site)."""

from __future__ import annotations

SITE = "Trygghet i kommunen"
PAGE_TITLE_KEY = "_page_title"  # session state: the running page's title, set by dashboard.py
DASH = "\u2013"  # en dash with spaces, as Swedish typography separates the parts


def document_title(page: str | None, kommun_name: str | None = None) -> str:
    """'Brott – Växjö – Trygghet i kommunen'; parts that are not known yet are left out."""
    return f" {DASH} ".join(part for part in (page, kommun_name, SITE) if part)
