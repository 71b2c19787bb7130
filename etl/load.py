"""Storage only: schema, upserts with change counts, the run log and the atomic file swap."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from filelock import FileLock, Timeout

from etl.errors import EtlError, LockedError

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


def lock_for(db_path: Path) -> FileLock:
    """The lock that makes a second refresh of the same file exit at once."""
    return FileLock(str(db_path) + ".lock", timeout=0)


@contextlib.contextmanager
def exclusive(db_path: Path) -> Iterator[None]:
    """Hold the refresh lock, or raise LockedError naming the file."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = lock_for(db_path)
    try:
        lock.acquire()
    except Timeout as exc:
        raise LockedError(
            f"another refresh of {db_path} is running (lock {lock.lock_file}); "
            "this one exits without changes"
        ) from exc
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def staged_copy(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Work on `<db>.tmp`; on success validate it and os.replace it over the live file.

    On any exception the temporary copy is removed and the live file is left untouched.
    """
    tmp = db_path.with_name(db_path.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if db_path.exists():
        shutil.copy2(db_path, tmp)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        run(con, "CHECKPOINT")
        con.close()
        _validate(tmp)
        os.replace(tmp, db_path)
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
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
