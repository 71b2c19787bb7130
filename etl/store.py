"""Storage: the schema, upserts with change counts, run records, provenance, the shrink guard.

Every pipeline writes through these functions inside the staged copy that `etl.load` holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.errors import EtlError, ShrinkError

SCHEMA_DIR = Path(__file__).with_name("schema")


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
