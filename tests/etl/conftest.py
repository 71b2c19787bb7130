"""Fixtures the ETL tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogues.settings import load_settings
from etl import runner


@pytest.fixture()
def small_db(tmp_path: Path, snapshot_dir: Path) -> Path:
    """A DB with Polisen only (a second to build)."""
    db = tmp_path / "data" / "small.duckdb"
    settings = load_settings().with_overrides(db_path=db, snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
    assert outcome.error is None
    return db
