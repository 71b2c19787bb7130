"""Storage only: schema, upserts with change counts, the run log and the atomic file swap."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from filelock import FileLock, Timeout

from etl import runlog
from etl.errors import EtlError, LockedError, ShrinkError, StorageError

SCHEMA_DIR = Path(__file__).with_name("schema")
CHECKS_FILE = Path(__file__).with_name("checks.sql")


@dataclass
class UpsertStats:
    """What one load did to the tables it touched."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __iadd__(self, other: UpsertStats) -> UpsertStats:
        self.added += other.added
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        return self

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.deleted


Params = Sequence[object] | Mapping[str, object] | None


def run(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> None:
    """Execute a statement and drain its result (DuckDB 2 refuses new work while one is pending)."""
    con.execute(sql, params).fetchall()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> tuple[Any, ...]:
    """The single row of a query, fully drained."""
    return con.execute(sql, params).fetchall()[0]


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view (idempotent): the schema/*.sql files in name order."""
    for sql_file in sorted(SCHEMA_DIR.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def upsert(
    con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame, key: Sequence[str]
) -> UpsertStats:
    """Insert new keys, update rows whose values differ, count the rest as unchanged."""
    if rows.empty:
        return UpsertStats()
    if rows.duplicated(subset=list(key)).any():
        raise EtlError(f"{table}: the rows to load repeat a primary key {list(key)}")
    cols = list(rows.columns)
    others = [c for c in cols if c not in key]
    con.register("_incoming", rows)
    try:
        join = " AND ".join(f't."{k}" = i."{k}"' for k in key)
        differs = " OR ".join(f't."{c}" IS DISTINCT FROM i."{c}"' for c in others) or "FALSE"
        added, changed = one(
            con,
            f"""SELECT count(*) FILTER (WHERE t."{key[0]}" IS NULL),
                       count(*) FILTER (WHERE t."{key[0]}" IS NOT NULL AND ({differs}))
                FROM _incoming i LEFT JOIN {table} t ON {join}""",
        )
        if added or changed:
            run(
                con,
                f"""INSERT OR REPLACE INTO {table} ({_quoted(cols)})
                    SELECT {", ".join(f'i."{c}"' for c in cols)} FROM _incoming i
                    LEFT JOIN {table} t ON {join}
                    WHERE t."{key[0]}" IS NULL OR ({differs})""",
            )
    finally:
        con.unregister("_incoming")
    return UpsertStats(added=added, changed=changed, unchanged=len(rows) - added - changed)


def delete_keys(con: duckdb.DuckDBPyConnection, table: str, keys: pd.DataFrame) -> int:
    """Delete the rows whose primary key is in `keys`; returns how many existed."""
    if keys.empty:
        return 0
    cols = list(keys.columns)
    con.register("_gone", keys)
    try:
        join = " AND ".join(f't."{c}" = g."{c}"' for c in cols)
        (n,) = one(con, f"SELECT count(*) FROM {table} t SEMI JOIN _gone g ON {join}")
        run(con, f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM _gone g WHERE {join})")
    finally:
        con.unregister("_gone")
    return int(n)


def delete_absent(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: pd.DataFrame,
    key: Sequence[str],
    scope_column: str,
) -> int:
    """After a full load of some scope values (e.g. KPI ids), drop rows the source no longer has."""
    if rows.empty:
        return 0
    con.register("_present", rows[list(key)])
    try:
        join = " AND ".join(f't."{k}" = p."{k}"' for k in key)
        where = (
            f't."{scope_column}" IN (SELECT DISTINCT "{scope_column}" FROM _present) '
            f"AND NOT EXISTS (SELECT 1 FROM _present p WHERE {join})"
        )
        (n,) = one(con, f"SELECT count(*) FROM {table} t WHERE {where}")
        if n:
            run(con, f"DELETE FROM {table} t WHERE {where}")
    finally:
        con.unregister("_present")
    return int(n)


def record_run(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    mode: str,
    kind: str,
    started_at: datetime,
    finished_at: datetime,
    stats: UpsertStats,
    requests: int,
    origin: str,
) -> None:
    """Append a successful run to etl_run."""
    run(
        con,
        "INSERT INTO etl_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(uuid.uuid4()),
            source,
            mode,
            kind,
            started_at,
            finished_at,
            stats.added,
            stats.changed,
            stats.unchanged,
            stats.deleted,
            requests,
            origin,
        ],
    )


def record_provenance(
    con: duckdb.DuckDBPyConnection,
    source: str,
    title: str,
    origin: str,
    licence: str,
    fetched_at: datetime,
) -> None:
    """Keep where a source's data came from, for the About page."""
    run(
        con,
        "INSERT OR REPLACE INTO source_provenance VALUES (?, ?, ?, ?, ?)",
        [source, title, origin, licence, fetched_at],
    )


# A full load may delete at most this share of the rows it replaces: of one KPI (Kolada) and of
# a whole source. An empty or truncated answer (one year block of N07403 answering
# "values": []) would otherwise delete real rows and still exit 0. Sources do drop rows for
# real (a revised series, an older edition of a report): the operator then passes
# --allow-shrink once.
MAX_SHRINK = 0.05

# How long a refresh waits for the lock: long enough that `status` probing it never makes a
# refresh fail, short enough that a second refresh still gives up at once in human terms.
LOCK_WAIT_S = 2.0


def guard_shrink(what: str, deleting: int, before: int, allow: bool) -> None:
    """Raise ShrinkError when a load deletes more than MAX_SHRINK of the `before` rows of
    `what` (unless the operator allowed it). Any pipeline can call it."""
    if allow or deleting <= MAX_SHRINK * before:
        return
    raise ShrinkError(
        f"{what}: the load would delete {deleting} of {before} rows ({deleting / before:.0%}, "
        f"more than the {MAX_SHRINK:.0%} allowed); an empty or truncated answer? "
        "Nothing was changed; rerun with --allow-shrink if the source really dropped them"
    )


def source_rows(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Rows in the source's own tables (named `<source>_*`), for the source-wide shrink guard."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal "
            "AND starts_with(table_name, ?)",
            [f"{source}_"],
        ).fetchall()
    ]
    return sum(int(one(con, f'SELECT count(*) FROM "{t}"')[0]) for t in tables)


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
