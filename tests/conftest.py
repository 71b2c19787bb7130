"""Shared fixtures: the real snapshot directory and a DuckDB file built from it once per session."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.pipelines import PIPELINES

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    """The read-only snapshot beside the repo (or TRYGGHET_SNAPSHOT)."""
    path = load_settings().snapshot_dir
    if not path.is_dir():
        pytest.fail(f"snapshot directory {path} is missing: tests read the real snapshot")
    return path


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path) -> Path:
    """A DB built offline from the snapshot with every registered source, shared by the session."""
    db_path = tmp_path_factory.mktemp("db") / "trygghet.duckdb"
    settings = load_settings().with_overrides(db_path=db_path, snapshot_dir=snapshot_dir)
    outcomes = runner.refresh(list(PIPELINES), settings, offline=True, show_progress=False)
    failed = [o.summary() for o in outcomes if o.error]
    assert not failed, failed
    return db_path


@pytest.fixture()
def db_con(built_db: Path):
    """A read-only connection to the session's built DB."""
    con = duckdb.connect(str(built_db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def app_env(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard (via TRYGGHET_DB) at the session's built DB."""
    monkeypatch.setenv("TRYGGHET_DB", str(built_db))
    return built_db
