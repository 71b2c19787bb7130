"""The DB handle: a query in flight finishes on the file it started on, across ETL swaps."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from trygghet.core.db import Db, open_db, open_versions


def _write(path: Path, value: int) -> None:
    """Build a tiny DB beside `path` and swap it in the way the ETL does (copy, then replace)."""
    staged = path.with_suffix(".tmp")
    con = duckdb.connect(str(staged))
    con.execute("CREATE TABLE t AS SELECT ?::INTEGER AS v", [value])
    con.close()
    old = path.stat().st_mtime_ns if path.exists() else 0
    os.utime(staged, ns=(old + 10**9,) * 2)  # a new mtime even on a coarse clock
    os.replace(staged, path)


def _value(db: Db) -> int:
    with db.cursor() as con:
        row = con.execute("SELECT v FROM t").fetchone()
    assert row is not None
    return int(row[0])


def test_a_borrowed_cursor_keeps_reading_its_version_after_a_swap(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    _write(live, 1)
    first = open_db(live)
    with first.cursor() as con:  # a query in flight while the ETL swaps the file
        _write(live, 2)
        second = open_db(live)
        assert second != first
        assert con.execute("SELECT v FROM t").fetchone() == (1,)
        assert open_versions(live) == 2  # the old version stays open while it is borrowed
    assert open_versions(live) == 1  # and closes when its last cursor comes back
    assert _value(second) == 2


def test_a_handle_from_before_a_swap_reads_the_new_file_instead_of_failing(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.duckdb"
    _write(live, 1)
    stale = open_db(live)
    _write(live, 2)
    open_db(live)
    assert _value(stale) == 2


def test_queries_from_many_threads_never_fail_while_the_file_is_swapped(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    _write(live, 0)
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                db = open_db(live)
                seen.add(_value(db))
            except BaseException as exc:  # anything at all is a failed page run
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for value in range(1, 16):
        _write(live, value)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert open_versions(live) == 1
    assert len(seen) > 1
