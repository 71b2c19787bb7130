"""Sessions keep working while the ETL swaps the DB file under a running dashboard (issue 14).

A real `streamlit run` server on loopback, three websocket sessions asking for random pages and
kommuner for 20 s, and the DB file replaced the way the ETL does it (copy to <db>.tmp, then
os.replace) every 2.5 s. Every page run must finish without an exception or an error box.
The long version (10 sessions, 100 s, 6+ swaps) is `python benchmarks/load.py --sessions 10
--duration 110 --swap-every 15`. Deselect with `-m "not load"`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.load import LoadPlan, Swapper, kommun_ids, run_load, start_server
from benchmarks.stclient import REPO, dashboard_pages

pytestmark = pytest.mark.load


@pytest.fixture()
def live_db(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session's DB: this test replaces it repeatedly."""
    db = tmp_path / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    return db


def test_page_runs_survive_db_swaps(live_db: Path, tmp_path: Path) -> None:
    server = start_server(REPO, live_db, log_dir=tmp_path)
    try:
        plan = LoadPlan(dashboard_pages(), kommun_ids(live_db), sessions=3, duration=20, seed=14)
        with Swapper(live_db, every=2.5) as swapper:
            report = run_load(server.url, plan, [server.pid])
    finally:
        server.stop()
    assert swapper.swaps >= 6, swapper.errors
    assert len(report.results) >= 10, report.lines()
    assert report.open_errors == []
    assert [f"{r.page}?{r.query}: {r.error}" for r in report.failed] == []
    # Every session stayed open: a swap must not cost a visitor the connection.
    assert report.sessions_opened == plan.sessions
