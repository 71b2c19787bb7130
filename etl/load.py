"""A refresh's safe write: the refresh lock, the staged copy, its validation and the atomic swap.

Pipelines write into the staged copy through `etl.store`; a failure leaves the live file as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from etl import runlog
from etl.errors import EtlError, LockedError, StorageError
from etl.store import one, run

CHECKS_FILE = Path(__file__).with_name("checks.sql")

# How long a refresh waits for the lock: long enough that `status` probing it never makes a
# refresh fail, short enough that a second refresh still gives up at once in human terms.
LOCK_WAIT_S = 2.0


def lock_for(db_path: Path, timeout: float = LOCK_WAIT_S) -> FileLock:
    """The lock that makes a second refresh of the same file exit at once."""
    return FileLock(str(db_path) + ".lock", timeout=timeout)


@contextlib.contextmanager
def exclusive(db_path: Path) -> Iterator[None]:
    """Hold the refresh lock, or raise LockedError naming the file (StorageError when the
    lock file itself cannot be created: a read-only or full directory)."""
    lock = lock_for(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as exc:
        raise LockedError(
            f"another refresh of {db_path} is running (lock {lock.lock_file}); "
            "this one exits without changes"
        ) from exc
    except OSError as exc:
        raise StorageError(f"cannot take the lock {lock.lock_file}: {exc}") from exc
    try:
        yield
    finally:
        lock.release()


def lock_held(db_path: Path) -> bool | None:
    """Whether a live process holds the refresh lock; None when that cannot be told (the lock
    file cannot be opened, e.g. a read-only directory). Probes without waiting."""
    lock = lock_for(db_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return None
    lock.release()
    return False


def staging_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".tmp")


def partial_files(db_path: Path) -> list[Path]:
    """Files a run writes before an atomic rename; any left over mean a run died mid-way."""
    tmp = staging_path(db_path)
    candidates = (tmp, tmp.with_name(tmp.name + ".wal"), runlog.tmp_path(db_path))
    return [p for p in candidates if p.exists()]


def _remove_partials(db_path: Path) -> None:
    tmp = staging_path(db_path)
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)


def check_writable(directory: Path) -> str | None:
    """None when a file can be created, written and synced in `directory`, else why not
    (read-only file system, disk full, no permission): the run log could not be written."""
    try:
        fd, name = tempfile.mkstemp(dir=directory, prefix=".write-probe-")
        try:
            os.write(fd, b"probe")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return f"{directory} is not writable: {exc.strerror or exc}"
    return None


@contextlib.contextmanager
def staged_copy(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Work on `<db>.tmp`; on success validate it and os.replace it over the live file.

    On any exception, including one while copying (disk full), the temporary copy is removed
    and the live file is left untouched. Storage faults become StorageError.
    """
    tmp = staging_path(db_path)
    con: duckdb.DuckDBPyConnection | None = None
    try:
        try:
            _remove_partials(db_path)  # left by a run that was killed
            if db_path.exists():
                shutil.copy2(db_path, tmp)
            con = duckdb.connect(str(tmp))
        except (OSError, duckdb.IOException) as exc:
            raise StorageError(f"cannot stage a copy of {db_path} as {tmp}: {exc}") from exc
        yield con
        try:
            run(con, "CHECKPOINT")
            con.close()
        except duckdb.IOException as exc:
            raise StorageError(f"cannot write {tmp}: {exc}") from exc
        _validate(tmp)
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise StorageError(f"cannot replace {db_path} with {tmp}: {exc}") from exc
    except BaseException:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        # A failure to remove them (read-only directory) is reported by `status`.
        with contextlib.suppress(OSError):
            _remove_partials(db_path)
        raise


def _checks() -> list[tuple[str, str]]:
    """(name, query) pairs from checks.sql, split on its '-- name:' lines."""
    checks = []
    for block in CHECKS_FILE.read_text(encoding="utf-8").split("-- name:")[1:]:
        name, _, query = block.partition("\n")
        checks.append((name.strip(), query.strip().rstrip(";")))
    return checks


def _validate(path: Path) -> None:
    """Open the finished copy read-only: every v_* view answers and every invariant holds."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        views = [
            v
            for (v,) in con.execute(
                "SELECT view_name FROM duckdb_views() "
                "WHERE NOT internal AND starts_with(view_name, 'v_')"
            ).fetchall()
        ]
        for view in views:
            one(con, f'SELECT count(*) FROM "{view}"')
        for name, query in _checks():
            (bad,) = one(con, query)
            if bad:
                raise EtlError(f"validation failed: {bad} rows: {name}")
    finally:
        con.close()
