"""The run log, the staged copy's storage faults and interrupts DuckDB wraps, in process."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from etl import errors, load, runlog, runner, store
from etl.__main__ import main
from etl.errors import StorageError
from etl.pipelines.context import RunContext, SourceResult
from tests.etl.test_etl_failures import _ReadOnlyLock, _status
from tests.live_http import file_digest


def _refresh_polisen(db: Path, snapshot: Path) -> int:
    return main(["refresh", "polisen", "--offline", "--db", str(db), "--snapshot", str(snapshot)])


def test_an_interrupt_duckdb_turned_into_an_error_is_still_an_interrupt(
    small_db, snapshot_dir, monkeypatch, capsys
):
    digest = file_digest(small_db)

    def interrupted_query(*args: object, **kwargs: object) -> None:
        # What DuckDB does when SIGTERM arrives during a query: the handler runs, DuckDB
        # reports RuntimeError("Query interrupted") instead of the handler's exception.
        with contextlib.suppress(errors.Interrupted):
            errors.on_signal(signal.SIGTERM, None)
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr("etl.pipelines.polisen.store.upsert", interrupted_query)
    assert _refresh_polisen(small_db, snapshot_dir) == 143
    err = capsys.readouterr().err
    assert err.startswith("error: interrupted by SIGTERM;") and "Traceback" not in err
    assert file_digest(small_db) == digest
    assert runlog.read(small_db)["polisen"].error == "interrupted by SIGTERM; nothing was changed"
    # main() put the previous handlers back.
    assert signal.getsignal(signal.SIGTERM) is not errors.on_signal
    assert errors.received_signal() is None
    monkeypatch.undo()
    code, out = _status(small_db, capsys, "polisen")
    assert code == 1 and "FAILED" in out


def test_a_bug_keeps_its_traceback_but_is_recorded(small_db, snapshot_dir, monkeypatch, capsys):
    def bug(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setitem(runner.PIPELINES, "polisen", bug)
    with pytest.raises(TypeError):
        _refresh_polisen(small_db, snapshot_dir)
    assert runlog.read(small_db)["polisen"].error == (
        "unexpected TypeError: 'NoneType' object is not subscriptable"
    )
    assert _status(small_db, capsys, "polisen")[0] == 1


def test_an_os_error_of_a_full_disk_is_global(small_db, snapshot_dir, monkeypatch, capsys):
    def full(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setitem(runner.PIPELINES, "polisen", full)
    assert _refresh_polisen(small_db, snapshot_dir) == 4
    assert os.strerror(errno.EDQUOT) in capsys.readouterr().err
    assert _status(small_db, capsys, "polisen")[0] == 1


def test_a_failed_checkpoint_or_swap_is_a_storage_error(small_db, monkeypatch):
    digest = file_digest(small_db)
    real_run = store.run

    def checkpoint_fails(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> None:
        if sql == "CHECKPOINT":
            raise duckdb.IOException("Could not write file: No space left on device")
        real_run(con, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "run", checkpoint_fails)
    with pytest.raises(StorageError, match="No space left on device"), load.staged_copy(small_db):
        pass
    monkeypatch.undo()

    def replace_fails(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(load.os, "replace", replace_fails)
    with pytest.raises(StorageError, match="cannot replace"), load.staged_copy(small_db):
        pass
    assert file_digest(small_db) == digest
    assert load.partial_files(small_db) == []


def test_the_run_log_lock_failing_is_a_storage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(runlog, "FileLock", _ReadOnlyLock)
    with pytest.raises(StorageError, match="cannot lock the run log"):
        runlog.start(tmp_path / "x.duckdb", "kolada", datetime.now(UTC))


def test_a_dead_pid_with_an_unknown_lock_is_a_died_run(small_db, monkeypatch, capsys):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(gone.stdout)
    runlog.start(small_db, "polisen", datetime.now(UTC) + timedelta(seconds=1))
    raw = runlog.path(small_db).read_text(encoding="utf-8")
    runlog.path(small_db).write_text(raw.replace(f'"pid": {os.getpid()}', f'"pid": {pid}'))
    monkeypatch.setattr(load, "lock_held", lambda db: None)
    code, out = _status(small_db, capsys, "polisen")
    assert code == 1 and "DIED: run started" in out and f"(pid {pid})" in out


def test_the_run_log_round_trip(tmp_path):
    db = tmp_path / "x.duckdb"
    assert runlog.read(db) == {}
    t0 = datetime(2026, 11, 30, 3, 15, tzinfo=UTC)
    runlog.start(db, "kolada", t0)
    runlog.finish(db, "kolada", t0 + timedelta(minutes=1), "HTTP 503")
    runlog.note_error(db, ["polisen"], t0, "not attempted")
    entries = runlog.read(db)
    assert entries["kolada"] == runlog.Entry(
        t0, os.getpid(), t0 + timedelta(minutes=1), "HTTP 503", t0 + timedelta(minutes=1)
    )
    assert entries["polisen"] == runlog.Entry(error="not attempted", error_at=t0)
    runlog.start(db, "kolada", t0 + timedelta(hours=1))
    assert runlog.read(db)["kolada"].error == "HTTP 503"  # kept until a run succeeds
    runlog.finish(db, "kolada", t0 + timedelta(hours=2))
    assert runlog.read(db)["kolada"].error is None
    assert not runlog.tmp_path(db).exists()


def test_a_db_file_that_cannot_be_opened(tmp_path, snapshot_dir, capsys):
    db = tmp_path / "broken.duckdb"
    db.write_bytes(b"not a duckdb file" * 100)
    code, out = _status(db, capsys)
    assert code == 1 and f"PROBLEM: cannot open {db}" in out
    assert main(["refresh", "--offline", "--if-missing", "--db", str(db)]) == 1
    assert "move it away to rebuild it" in capsys.readouterr().err


def test_every_source_names_its_main_table():
    from etl.pipelines import MAIN_TABLES, PIPELINES

    assert set(MAIN_TABLES) == set(PIPELINES)
    assert all(table.startswith(f"{source}_") for source, table in MAIN_TABLES.items())


def test_an_interrupt_while_writing_the_run_log_leaves_no_partial_file(tmp_path, monkeypatch):
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runlog.os, "fsync", interrupted)
    db = tmp_path / "x.duckdb"
    with pytest.raises(KeyboardInterrupt):
        runlog.start(db, "kolada", datetime.now(UTC))
    assert load.partial_files(db) == []
