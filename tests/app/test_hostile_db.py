"""A missing or damaged DB: a Swedish message on the page, the path only in the server log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.apptest import run_app


def _page_text(at) -> str:
    kinds = ("error", "info", "caption", "markdown", "warning", "code")
    return " ".join(str(el.value) for kind in kinds for el in at.get(kind))


@pytest.mark.parametrize("state", ["missing", "damaged"])
def test_a_db_that_cannot_be_opened_is_named_without_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, state: str
) -> None:
    db = tmp_path / "hemlig-katalog" / "trygghet.duckdb"
    db.parent.mkdir()
    if state == "damaged":
        db.write_bytes(b"not a duckdb file " * 512)
    monkeypatch.setenv("TRYGGHET_DB", str(db))
    with caplog.at_level(logging.ERROR, logger="trygghet.dashboard"):
        at = run_app("pages/crime.py")
    shown = _page_text(at)
    assert "Databasen kunde inte öppnas" in at.error[0].value
    word = "finns inte" if state == "missing" else "skadad"
    assert word in at.error[0].value
    assert "hemlig-katalog" not in shown and str(tmp_path) not in shown
    assert str(db) in caplog.text  # the operator finds it in the log
