"""The pages cope with a source that is absent: a short Swedish message, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.apptest import run_app

PAGES = [
    "pages/overview.py",
    "pages/crime.py",
    "pages/safety.py",
    "pages/school.py",
    "pages/school_units.py",
    "pages/youth.py",
    "pages/samband.py",
    "pages/programme.py",
    "pages/incidents.py",
    "pages/about.py",
]


@pytest.fixture(scope="module")
def without_kolada(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A first build whose Kolada step failed: the tables are there, empty."""
    db = tmp_path_factory.mktemp("absent") / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    for table in ("kolada_value", "kolada_group_member", "kolada_group", "kolada_municipality"):
        con.execute(f"DELETE FROM {table}")
    con.close()
    return db


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_kolada_is_missing(without_kolada, monkeypatch, page) -> None:
    monkeypatch.setenv("TRYGGHET_DB", str(without_kolada))
    at = run_app(page)  # asserts no exception
    assert [e.value for e in at.error] == [
        "Databasen saknar uppgifter från Kolada, så sidan kan inte visas."
    ]
    assert [c.value for c in at.code] == ["python -m etl refresh kolada --offline"]


@pytest.fixture(scope="module")
def without_polisen_and_skolverket(built_db: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("absent2") / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'polisen_%' "
            "OR table_name LIKE 'skolverket_%'"
        ).fetchall()
    ]
    for table in tables:
        con.execute(f"DELETE FROM {table}")
    con.close()
    return db


@pytest.mark.parametrize("page", PAGES)
def test_every_page_copes_without_polisen_and_skolverket(
    without_polisen_and_skolverket, monkeypatch, page
) -> None:
    monkeypatch.setenv("TRYGGHET_DB", str(without_polisen_and_skolverket))
    at = run_app(page)  # asserts no exception
    assert not at.error, [e.value for e in at.error]
