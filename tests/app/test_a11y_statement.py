"""Tillgänglighet: the accessibility statement the law asks for, reachable through dashboard.py."""

from __future__ import annotations

from datetime import date

from tests.apptest import run_app


def test_statement_says_what_meets_what_does_not_how_to_report_and_when(app_env) -> None:
    at = run_app("pages/accessibility.py", kommun="0880")
    assert at.title[0].value == "Tillgänglighet"
    headers = [h.value for h in at.header]
    for needed in ("Det här fungerar", "Det här fungerar inte ännu", "Rapportera en brist"):
        assert needed in headers, headers
    text = "\n".join(m.value for m in at.markdown)
    assert "WCAG 2.1" in text and "digg.se" in text
    reviewed = next(c.value for c in at.caption if c.value.startswith("Senast granskad: "))
    day = date.fromisoformat(reviewed.removeprefix("Senast granskad: ").rstrip("."))
    assert day <= date.today()
