"""The query runner: the text of one trygghet/sql/<name>.sql file, run with bound parameters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent.parent / "sql"
TTL_S = 3600  # the key carries the DB mtime, so the TTL only bounds memory, not freshness
Con = duckdb.DuckDBPyConnection


@cache
def sql(name: str) -> str:
    """The text of trygghet/sql/<name>.sql (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: Con, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """Execute one named query and drain it fully into a DataFrame (DuckDB 2.0 needs that)."""
    return con.execute(sql(name), params or {}).df()
