"""Händelser for every kommun: with the whole country's notices loaded, any kommun is shown."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from catalogues.settings import load_settings
from etl import runner
from tests.apptest import run_app


@pytest.fixture(scope="module")
def national_db(built_db: Path, snapshot_dir: Path, tmp_path_factory) -> Path:
    """The session's DB with Polisen reloaded for all län (TRYGGHET_COUNTY=all), offline."""
    db = tmp_path_factory.mktemp("national") / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    settings = replace(  # with_overrides skips None, and None means the whole country
        load_settings().with_overrides(db_path=db, snapshot_dir=snapshot_dir),
        polisen_counties=None,
    )
    [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
    assert outcome.error is None, outcome.summary()
    return db


def test_a_kommun_outside_kalmar_lan_is_shown_when_its_lan_is_loaded(
    national_db, monkeypatch, db_con
) -> None:
    monkeypatch.setenv("TRYGGHET_DB", str(national_db))
    at = run_app("pages/incidents.py", kommun="0180")  # Stockholm
    assert not at.warning, [w.value for w in at.warning]
    assert at.metric[0].label == "Notiser i Stockholm"
    assert any("Stockholm och övriga kommuner i länet" in c.value for c in at.caption)
