"""The query runner: the text of one trygghet/sql/<name>.sql file, run with bound parameters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from trygghet.core.db import Db

SQL_DIR = Path(__file__).parent.parent / "sql"
TTL_S = 3600  # the key carries the DB version, so the TTL only bounds memory, not freshness


@cache
def sql(name: str) -> str:
    """The text of trygghet/sql/<name>.sql (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(db: Db, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """Execute one named query on `db` and drain it fully into a DataFrame.

    Draining inside the borrowed cursor is what lets the file's version close safely after.
    """
    with db.cursor() as con:
        return con.execute(sql(name), params or {}).df()
