"""Issue 14: every ETL failure is recorded and visible, and `etl status` exits non-zero after it.

Disk full and read-only directories are injected as the OSError the kernel raises (tests run as
root, which ignores chmod); interrupts and kills are real signals sent to a real refresh.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from catalogues.settings import load_settings
from etl import load, runlog, runner, status, store
from etl.__main__ import main
from etl.indicators import load_catalogue
from etl.pipelines.context import RunContext, SourceResult
from tests.kolada_fake import BASE, FakeKolada
from tests.live_http import file_digest, lock_held_elsewhere, serve_with

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def live_copy(built_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "data" / "trygghet.duckdb"
    db.parent.mkdir()
    shutil.copy(built_db, db)
    return db


def _status(db: Path, capsys: pytest.CaptureFixture[str], *sources: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["status", *sources, "--db", str(db)])
    return code, capsys.readouterr().out


def _refresh(db: Path, snapshot: Path, *args: str) -> int:
    return main(["refresh", *args, "--offline", "--db", str(db), "--snapshot", str(snapshot)])


def _no_partials(db: Path) -> None:
    assert load.partial_files(db) == []
    assert not db.with_name(db.name + ".tmp").exists()


def _kolada_rows(db: Path, kpi_id: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(
            con.execute("SELECT count(*) FROM kolada_value WHERE kpi_id = ?", [kpi_id]).fetchall()[
                0
            ][0]
        )


def _disk_full_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """shutil.copy2 on a full disk: half the file is written, then ENOSPC."""
    data = Path(src).read_bytes()
    Path(dst).write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))


# -- disk full ---------------------------------------------------------------------------------


def test_disk_full_while_copying_removes_the_partial_copy_and_stops(
    live_copy, snapshot_dir, monkeypatch, capsys
):
    digest = file_digest(live_copy)
    monkeypatch.setattr(load.shutil, "copy2", _disk_full_copy)
    code = _refresh(live_copy, snapshot_dir, "kolada", "polisen")
    err = capsys.readouterr().err
    assert code == 4
    assert "No space left on device" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert file_digest(live_copy) == digest
    _no_partials(live_copy)
    entries = runlog.read(live_copy)
    assert "No space left on device" in (entries["kolada"].error or "")
    assert entries["kolada"].ended is not None
    # Disk full is global: polisen was not attempted, and says so.
    assert entries["polisen"].started is None
    assert "not attempted" in (entries["polisen"].error or "")
    code, out = _status(live_copy, capsys)
    assert code == 1
    assert "kolada" in out and "FAILED" in out and "No space left on device" in out


def test_disk_full_when_even_the_error_cannot_be_recorded(
    live_copy, snapshot_dir, monkeypatch, capsys
):
    digest = file_digest(live_copy)
    monkeypatch.setattr(load.shutil, "copy2", _disk_full_copy)
    real_fsync, calls = os.fsync, {"n": 0}

    def fsync_fails_after_the_start_record(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 2:  # the lock holder's record, then the start record
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(runlog.os, "fsync", fsync_fails_after_the_start_record)
    code = _refresh(live_copy, snapshot_dir, "kolada")
    err = capsys.readouterr().err
    assert code == 4
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "could not be recorded" in err
    assert file_digest(live_copy) == digest
    _no_partials(live_copy)
    monkeypatch.undo()
    # The start record made it, the end did not: status reports the run as died.
    code, out = _status(live_copy, capsys, "kolada")
    assert code == 1
    assert "DIED" in out


def test_disk_full_inside_duckdb_is_global(live_copy, snapshot_dir, monkeypatch, capsys):
    digest = file_digest(live_copy)

    def full(*args: object, **kwargs: object) -> None:
        raise duckdb.IOException('Could not write file "x.tmp": No space left on device')

    monkeypatch.setattr(store, "upsert", full)
    assert _refresh(live_copy, snapshot_dir, "kolada", "skolverket") == 4
    assert "No space left on device" in capsys.readouterr().err
    assert file_digest(live_copy) == digest
    _no_partials(live_copy)
    assert "not attempted" in (runlog.read(live_copy)["skolverket"].error or "")
    code, out = _status(live_copy, capsys)
    assert code == 1 and "FAILED" in out


# -- read-only directory -----------------------------------------------------------------------


class _ReadOnlyLock:
    """filelock on a read-only file system: opening the lock file fails with EROFS."""

    def __init__(self, lock_file: str, timeout: float = 0) -> None:
        self.lock_file = lock_file

    def acquire(self) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), self.lock_file)

    def release(self) -> None:  # pragma: no cover - never acquired
        pass


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_probe(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(load, "FileLock", _ReadOnlyLock)
    monkeypatch.setattr(runlog, "FileLock", _ReadOnlyLock)
    monkeypatch.setattr(load.tempfile, "mkstemp", no_probe)


def test_read_only_directory_is_one_line_and_a_failing_status(
    live_copy, snapshot_dir, monkeypatch, capsys
):
    digest = file_digest(live_copy)
    _read_only(monkeypatch)
    code = _refresh(live_copy, snapshot_dir)
    err = capsys.readouterr().err
    assert code == 4
    assert err.strip().splitlines() == [
        f"error: cannot take the lock {live_copy}.lock: [Errno 30] Read-only file system: "
        f"'{live_copy}.lock'; the remaining sources were not attempted"
    ]
    assert file_digest(live_copy) == digest
    # Nothing could be recorded next to the DB, so status finds the directory itself unwritable.
    code, out = _status(live_copy, capsys)
    assert code == 1
    assert f"PROBLEM: {live_copy.parent} is not writable: Read-only file system" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores chmod; the EROFS test covers it")
def test_read_only_directory_by_chmod(live_copy, snapshot_dir, capsys):  # pragma: no cover
    live_copy.parent.chmod(0o555)
    try:
        assert _refresh(live_copy, snapshot_dir, "kolada") == 4
        assert "Permission denied" in capsys.readouterr().err
        assert _status(live_copy, capsys)[0] == 1
    finally:
        live_copy.parent.chmod(0o755)


def test_a_run_log_that_cannot_be_read_is_a_problem(live_copy, capsys):
    runlog.path(live_copy).write_text("{not json", encoding="utf-8")
    code, out = _status(live_copy, capsys)
    assert code == 1
    assert "PROBLEM: the run log" in out and "cannot be read" in out
    runlog.path(live_copy).write_text("[]", encoding="utf-8")
    assert _status(live_copy, capsys)[0] == 1
    # A writer replaces an unreadable log instead of failing every later run.
    runlog.finish(live_copy, "kolada", datetime.now(UTC))
    assert _status(live_copy, capsys)[0] == 0


# -- interrupts and kills ----------------------------------------------------------------------


def _start_refresh(db: Path, snapshot: Path) -> subprocess.Popen[str]:
    """A real `python -m etl refresh kolada --offline`, returned once it is staging its copy."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "etl",
            "refresh",
            "kolada",
            "--offline",
            "--db",
            str(db),
            "--snapshot",
            str(snapshot),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    tmp = db.with_name(db.name + ".tmp")
    while not tmp.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the refresh never started staging"
        time.sleep(0.02)
    time.sleep(0.3)  # well inside the Kolada load (it takes seconds)
    return proc


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupt_is_one_line_leaves_the_db_and_is_recorded(
    live_copy, snapshot_dir, capsys, signum
):
    digest = file_digest(live_copy)
    proc = _start_refresh(live_copy, snapshot_dir)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert err.strip().splitlines() == [
        f"error: interrupted by {name}; {live_copy} is as it was before the interrupted "
        "source, partial files removed"
    ]
    assert file_digest(live_copy) == digest
    _no_partials(live_copy)
    code, out = _status(live_copy, capsys, "kolada")
    assert code == 1
    assert "FAILED: " in out and f"interrupted by {name}" in out


def test_a_keyboard_interrupt_in_process_exits_130(live_copy, snapshot_dir, monkeypatch, capsys):
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "upsert", interrupt)
    assert _refresh(live_copy, snapshot_dir, "kolada", "polisen") == 130
    assert "interrupted by SIGINT" in capsys.readouterr().err
    entries = runlog.read(live_copy)
    assert entries["kolada"].error == "interrupted by SIGINT; nothing was changed"
    assert "not attempted" in (entries["polisen"].error or "")
    assert _status(live_copy, capsys)[0] == 1


def test_a_killed_run_shows_as_died_until_the_next_run(live_copy, snapshot_dir, capsys):
    proc = _start_refresh(live_copy, snapshot_dir)
    proc.kill()
    proc.communicate(timeout=30)
    code, out = _status(live_copy, capsys, "kolada")
    assert code == 1
    assert "DIED: run started" in out and f"(pid {proc.pid}) died: no end recorded" in out
    assert f"PROBLEM: partial file left by a run that died: {live_copy}.tmp" in out
    # The next refresh removes the leftovers and its success ends the alarm.
    assert _refresh(live_copy, snapshot_dir, "kolada") == 0
    _no_partials(live_copy)
    assert _status(live_copy, capsys, "kolada")[0] == 0


def test_a_running_refresh_is_not_an_alarm(live_copy, monkeypatch, capsys):
    runlog.start(live_copy, "kolada", datetime.now(UTC))
    monkeypatch.setattr(load, "lock_held", lambda db: True)
    load.staging_path(live_copy).write_bytes(b"in progress")
    code, out = _status(live_copy, capsys, "kolada")
    assert code == 0
    assert "RUNNING: running since" in out and "PROBLEM" not in out
    # When the lock cannot be probed, the recorded pid (this very process) tells.
    monkeypatch.setattr(load, "lock_held", lambda db: None)
    assert _status(live_copy, capsys, "kolada")[0] == 0


# -- locks -------------------------------------------------------------------------------------


def test_a_refused_refresh_is_recorded(live_copy, snapshot_dir, capsys):
    with lock_held_elsewhere(live_copy):
        digest = file_digest(live_copy)
        assert _refresh(live_copy, snapshot_dir, "polisen") == 3
        assert "another refresh" in capsys.readouterr().err
        assert file_digest(live_copy) == digest
        code, out = _status(live_copy, capsys, "polisen")
        assert code == 1
        assert "FAILED" in out and "another refresh" in out
    # The source's next success clears it.
    assert _refresh(live_copy, snapshot_dir, "polisen") == 0
    assert _status(live_copy, capsys, "polisen")[0] == 0


def test_lock_held_probe(tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    assert load.lock_held(db) is False
    with load.exclusive(db):
        assert load.lock_held(db) is True
    assert load.lock_held(db) is False
    monkeypatch.setattr(load, "FileLock", _ReadOnlyLock)
    assert load.lock_held(db) is None


# -- one source fails, the others still run ----------------------------------------------------


def test_a_source_error_does_not_stop_the_others(live_copy, snapshot_dir, monkeypatch, capsys):
    def payload_error(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
        raise runner.EtlError("https://x/values: field 'values' is missing")

    monkeypatch.setitem(runner.PIPELINES, "kolada", payload_error)
    assert _refresh(live_copy, snapshot_dir, "kolada", "polisen") == 1
    err = capsys.readouterr()
    assert "kolada: FAILED" in err.err and "polisen:" in err.out
    entries = runlog.read(live_copy)
    assert entries["polisen"].error is None and entries["polisen"].ended is not None
    code, out = _status(live_copy, capsys)
    assert code == 1
    assert "field 'values' is missing" in out


# -- shrinkage ---------------------------------------------------------------------------------


KPIS = ["N07403", "U09800", "N15508"]


@pytest.fixture()
def empty_late_block(snapshot_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FakeKolada:
    """Kolada answering 200 with "values": [] for N07403's 2015-2026 year block (issue 14)."""
    fake = FakeKolada(snapshot_dir, page_size=2000)

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        kpis = path.split("/data/kpi/")[1].split("/")[0].split(",") if "/data/kpi/" in path else []
        if "N07403" in kpis and ",2015," in f",{path.rsplit('/', 1)[1]},":
            # KPIs come in batches: the block answers, but with none of N07403's values.
            answer = fake.handle(request).json()
            answer["values"] = [v for v in answer["values"] if v["kpi"] != "N07403"]
            answer["count"] = len(answer["values"])
            return httpx.Response(200, json=answer)
        return fake.handle(request)

    serve_with(monkeypatch, handle)
    catalogue = load_catalogue()
    monkeypatch.setattr(
        "etl.pipelines.kolada.load_catalogue",
        lambda: catalogue[catalogue["kpi_id"].isin(KPIS)].reset_index(drop=True),
    )
    monkeypatch.setenv("KOLADA_BASE_URL", BASE)
    return fake


def test_an_empty_year_block_fails_the_source_and_keeps_the_rows(
    live_copy, empty_late_block, capsys
):
    before = _kolada_rows(live_copy, "N07403")
    digest = file_digest(live_copy)
    assert main(["refresh", "kolada", "--db", str(live_copy)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("kolada: FAILED after ")
    assert (
        "kolada_value of N07403: the load would delete 2130 of 3287 rows (65%, more than the 5% "
        "allowed); an empty or truncated answer?" in err
    )
    assert _kolada_rows(live_copy, "N07403") == before
    assert file_digest(live_copy) == digest
    code, out = _status(live_copy, capsys, "kolada")
    assert code == 1 and "would delete 2130 of 3287 rows" in out
    # The operator confirms: the rows go, and the success clears the alarm.
    assert main(["refresh", "kolada", "--allow-shrink", "--db", str(live_copy)]) == 0
    assert _kolada_rows(live_copy, "N07403") == before - 2130
    assert _status(live_copy, capsys, "kolada")[0] == 0


def test_the_source_wide_guard_catches_many_small_deletes(live_copy, snapshot_dir, monkeypatch):
    """Any pipeline is covered: the runner compares its deletes with the source's rows."""

    def drop_a_tenth(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
        (before,) = store.one(con, "SELECT count(*) FROM skolverket_kommun_result")
        store.run(con, "DELETE FROM skolverket_kommun_result WHERE rowid % 10 = 0")
        (after,) = store.one(con, "SELECT count(*) FROM skolverket_kommun_result")
        stats = store.UpsertStats(deleted=before - after)
        return SourceResult(stats=stats, kind="full", requests=0, origin="test")

    monkeypatch.setitem(runner.PIPELINES, "skolverket", drop_a_tenth)
    settings = load_settings().with_overrides(db_path=live_copy, snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["skolverket"], settings, offline=True, show_progress=False)
    assert outcome.error is not None
    assert re.match(r"skolverket: the load would delete 3595 of \d+ rows \(10%", outcome.error)
    [outcome] = runner.refresh(
        ["skolverket"], settings, offline=True, show_progress=False, allow_shrink=True
    )
    assert outcome.error is None


def test_guard_shrink_threshold():
    store.guard_shrink("t", 5, 100, allow=False)  # exactly 5 % passes
    store.guard_shrink("t", 0, 0, allow=False)
    with pytest.raises(store.ShrinkError, match="t: the load would delete 6 of 100 rows"):
        store.guard_shrink("t", 6, 100, allow=False)
    store.guard_shrink("t", 100, 100, allow=True)


# -- a DB that lacks a source ------------------------------------------------------------------


def _broken_kolada(snapshot_dir: Path, tmp_path: Path) -> Path:
    """The snapshot with Kolada's KPI list unreadable, so the Kolada step fails."""
    root = tmp_path / "broken-snapshot"
    root.mkdir()
    for child in snapshot_dir.iterdir():
        if child.name != "kolada":
            (root / child.name).symlink_to(child)
    (root / "kolada").mkdir()
    for child in (snapshot_dir / "kolada").iterdir():
        (root / "kolada" / child.name).symlink_to(child)
    (root / "kolada" / "kpi.json").unlink()
    (root / "kolada" / "kpi.json").write_text("{", encoding="utf-8")
    return root


def test_if_missing_rebuilds_a_first_build_without_kolada(snapshot_dir, tmp_path, capsys):
    db = tmp_path / "first" / "trygghet.duckdb"
    assert _refresh(db, _broken_kolada(snapshot_dir, tmp_path)) == 1
    assert db.exists()
    assert status.absent_sources(db, ["kolada", "polisen", "skolverket"]) == {
        "kolada": "no successful load recorded"
    }
    code, out = _status(db, capsys)
    assert code == 1 and "kolada" in out and "FAILED" in out
    # The README's first command now loads what is missing, and only that.
    assert _refresh(db, snapshot_dir, "--if-missing") == 0
    out = capsys.readouterr().out
    assert "kolada: absent (no successful load recorded); refreshing it" in out
    assert "polisen:" not in out.replace("polisen: absent", "")
    assert status.absent_sources(db, ["kolada", "polisen", "skolverket"]) == {}
    assert _status(db, capsys)[0] == 0
    assert _refresh(db, snapshot_dir, "--if-missing") == 0
    assert "has every source" in capsys.readouterr().out


def test_an_empty_main_table_counts_as_absent(live_copy, capsys):
    with duckdb.connect(str(live_copy)) as con:
        con.execute("DELETE FROM skolverket_school_stat")
    assert status.absent_sources(live_copy, ["skolverket", "kolada"]) == {
        "skolverket": "skolverket_school_stat is empty"
    }
    code, out = _status(live_copy, capsys, "skolverket")
    assert code == 1 and "ABSENT: skolverket_school_stat is empty" in out
    assert status.absent_sources(live_copy.with_name("none.duckdb"), ["kolada"]) == {
        "kolada": f"{live_copy.with_name('none.duckdb')} does not exist"
    }


def test_a_never_loaded_source_is_absent(tmp_path, snapshot_dir, capsys):
    db = tmp_path / "only-polisen.duckdb"
    assert _refresh(db, snapshot_dir, "polisen") == 0
    code, out = _status(db, capsys)
    assert code == 1 and "ABSENT: never loaded" in out
    assert _status(db, capsys, "polisen")[0] == 0


def test_kolada_without_any_value_fails(tmp_path, snapshot_dir, capsys):
    root = tmp_path / "snap" / "kolada"
    (root / "data").mkdir(parents=True)
    for name in ("kpi.json", "municipality.json", "municipality_groups.json"):
        (root / name).symlink_to(snapshot_dir / "kolada" / name)
    empty = {"count": 0, "values": [], "next_url": None, "previous_url": None}
    for kpi in load_catalogue()["kpi_id"]:
        (root / "data" / f"{kpi}.json").write_text(json.dumps(empty), encoding="utf-8")
    db = tmp_path / "k.duckdb"
    assert _refresh(db, root.parent, "kolada") == 1
    assert "Kolada answered no values for any of" in capsys.readouterr().err
    assert _status(db, capsys, "kolada")[0] == 1
