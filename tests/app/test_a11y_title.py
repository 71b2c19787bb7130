"""The browser tab's title names page and kommun (WCAG 2.4.2: a history tells them apart)."""

from __future__ import annotations

from trygghet.sidebar.text import SITE, document_title


def test_title_names_page_kommun_and_site() -> None:
    assert document_title("Brott", "Växjö") == "Brott – Växjö – Trygghet i kommunen"
    assert SITE == "Trygghet i kommunen"


def test_title_leaves_out_what_is_not_known() -> None:
    assert document_title("Om data") == "Om data – Trygghet i kommunen"
    assert document_title(None) == SITE
