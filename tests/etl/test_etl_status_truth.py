"""`etl status` over time: a refused run and the refresh that held the lock; a KPI answered
empty on a full load.

The holder is a real second process that takes the lock, records itself in the run log as a
refresh does, and loads Polisen for real (runner.refresh_one) at the moment the test says.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl import lock_holder, runlog
from tests.etl.test_etl_failures import _refresh, _status

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from etl import load, lock_holder, runlog, runner
from catalogues.settings import load_settings
db, snapshot, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
settings = load_settings().with_overrides(db_path=db, snapshot_dir=snapshot)
with load.exclusive(db):
    lock_holder.hold(db, datetime.now(UTC))
    def load_polisen():
        outcome = runner.refresh_one("polisen", settings, True, show_progress=False)
        assert outcome.error is None, outcome.error
    if when == "before":
        load_polisen()
    print("ready", flush=True)
    sys.stdin.readline()
    if when == "after":
        load_polisen()
    lock_holder.release(db)
print("done", flush=True)
"""


def _holder(db: Path, snapshot: Path, when: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(snapshot), when],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _finish(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "done"
    assert proc.wait(60) == 0


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_refused_run_is_covered_by_the_holders_success(small_db, snapshot_dir, capsys, when):
    """The holder loads Polisen before or after refusing the second run: either way, once the
    holder has succeeded the refusal is no failure; a source the holder never loaded stays
    failed until its own next success."""
    proc = _holder(small_db, snapshot_dir, when)
    try:
        assert _refresh(small_db, snapshot_dir, "polisen", "skolverket") == 3
        entries = runlog.read(small_db)
        assert entries["polisen"].refused_since is not None
        assert entries["polisen"].refused_since <= entries["polisen"].error_at
        code, out = _status(small_db, capsys, "polisen")
        assert (code, "FAILED" in out) == ((0, False) if when == "before" else (1, True)), out
    finally:
        if proc.poll() is None:
            _finish(proc)
    code, out = _status(small_db, capsys, "polisen")
    assert code == 0 and "FAILED" not in out, out
    code, out = _status(small_db, capsys, "skolverket")
    assert code == 1 and "another refresh" in out  # nobody loaded it: the refusal stands


def test_a_stale_holder_record_does_not_cover_a_refusal(small_db, snapshot_dir, capsys):
    """A holder record left by a process that is gone is not the refresh holding the lock."""
    lock_holder.hold(small_db, runlog.read(small_db)["polisen"].started)  # this process: no holder
    lock_holder.note_refused(small_db, ["polisen"], datetime.now(UTC), "another refresh is running")
    code, out = _status(small_db, capsys, "polisen")
    assert code == 1 and "FAILED" in out


@pytest.fixture()
def snapshot_without_one_kpi(tmp_path: Path, snapshot_dir: Path) -> tuple[Path, str]:
    """The real snapshot, linked file by file, without one KPI's data file: Kolada's answer for
    that KPI on a full load is then empty (the snapshot client logs and skips it)."""
    root = tmp_path / "snapshot"
    root.mkdir()
    for entry in snapshot_dir.iterdir():
        if entry.name != "kolada":
            (root / entry.name).symlink_to(entry)
    kolada = root / "kolada"
    (kolada / "data").mkdir(parents=True)
    for entry in (snapshot_dir / "kolada").iterdir():
        if entry.name != "data":
            (kolada / entry.name).symlink_to(entry)
    catalogue = (REPO / "catalogues" / "indicators.toml").read_text(encoding="utf-8")
    files = sorted((snapshot_dir / "kolada" / "data").glob("*.json"))
    missing = next(f.stem for f in files if f'"{f.stem}"' in catalogue)
    for f in files:
        if f.stem != missing:
            (kolada / "data" / f.name).symlink_to(f)
    return root, missing


def test_a_kpi_answered_empty_on_a_full_load_is_a_warning(
    tmp_path, snapshot_without_one_kpi, capsys
) -> None:
    snapshot, missing = snapshot_without_one_kpi
    db = tmp_path / "k" / "trygghet.duckdb"
    assert _refresh(db, snapshot, "kolada") == 0
    assert f"WARNING: KPI {missing}: Kolada answered no values" in capsys.readouterr().out
    # (the snapshot itself lacks a few KPIs' files: those are warned about too, truthfully)
    assert (
        f"KPI {missing}: Kolada answered no values on a full load (rows loaded before are kept)"
        in runlog.read(db)["kolada"].warnings
    )
    code, out = _status(db, capsys, "kolada")
    assert code == 0  # a warning, not a failure: every other KPI is there
    assert f"WARNING: kolada: KPI {missing}: Kolada answered no values" in out
