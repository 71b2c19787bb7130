"""Links that try to inject Markdown into the official notices: every URL parameter, two payloads.

A notice repeats the value it did not understand; it must show it as text (an inline code
span), never as a clickable link or an image the visitor's browser would fetch.
"""

from __future__ import annotations

import re

import pytest

from tests.apptest import run_app
from trygghet.core.format import md_literal

LINK = "[Logga in med BankID här](https://evil.example/login)"
IMAGE = "![t](http://evil.example/x.png)"
SIDEBAR = ("kommun", "jmf", "egna", "fran", "till")
PAGES = {
    "pages/crime.py": (*SIDEBAR, "kpi", "kon"),
    "pages/samband.py": ("ind", "x", "y", "ar", "lag", "ktrl", "visning", "bas"),
    "pages/incidents.py": ("period", "per", "kategori"),
    "pages/school_units.py": ("matt", "lasar"),
    "pages/programme.py": ("bas",),
}
CODE_SPAN = re.compile(r"`[^`]*`")


def _texts(at) -> list[str]:
    """Every Markdown text on the page (notices, paragraphs, captions)."""
    kinds = ("warning", "error", "info", "success", "markdown", "caption")
    return [el.value for kind in kinds for el in at.get(kind)]


@pytest.mark.parametrize("payload", [LINK, IMAGE], ids=["link", "image"])
@pytest.mark.parametrize("page", list(PAGES))
def test_payloads_in_every_url_parameter_are_shown_as_text(app_env, page, payload) -> None:
    params = dict.fromkeys(PAGES[page], payload)
    if page != "pages/crime.py":
        params["egna"] = payload  # the sidebar's own parameters ride along on every page
    at = run_app(page, **params)
    texts = _texts(at)
    assert any(md_literal(payload) in w.value for w in at.warning), "the value is named"
    for text in texts:  # the attacker's address never stands outside a code span
        assert "evil.example" not in CODE_SPAN.sub("", text), text


def test_md_literal_keeps_a_value_on_one_line_inside_one_code_span() -> None:
    shown = md_literal("a`b\r\nc" + "x" * 100)
    assert shown.startswith("`") and shown.endswith("`") and shown.count("`") == 2
    assert "\n" not in shown and "\r" not in shown and len(shown) <= 62
