"""Cached read-only DuckDB connection that reopens when the ETL swaps the file."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

from etl.config import load_settings

BUILD_COMMAND = "python -m etl refresh --offline"


@dataclass(frozen=True)
class Db:
    """One script run's cursor plus the cache key of the file it reads."""

    con: duckdb.DuckDBPyConnection
    key: str  # path + mtime: part of every cached query's key so a new file means new results
    path: Path


def db_path() -> Path:
    """The DB file the dashboard reads (env TRYGGHET_DB, default data/trygghet.duckdb)."""
    return load_settings().db_path


class _Live:
    """The one open connection to a DB path and the file version (mtime) it was opened on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mtime_ns: int | None = None
        self.con: duckdb.DuckDBPyConnection | None = None

    def get(self, path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
        """Return the connection, reopening it when the ETL has swapped the file."""
        with self.lock:
            if self.con is None or self.mtime_ns != mtime_ns:
                if self.con is not None:
                    # Close first: DuckDB reuses an open database instance for the same path,
                    # so a second connect() while the old one lives would read the old file.
                    self.con.close()
                    self.con = None
                    gc.collect()  # drop finished runs' cursors that still pin the old file
                self.con = duckdb.connect(path, read_only=True)
                self.mtime_ns = mtime_ns
            return self.con


@st.cache_resource(show_spinner=False)
def _live(path: str) -> _Live:
    return _Live()


def _missing_db_page(path: Path, problem: str) -> None:
    st.error(f"Databasen kunde inte öppnas: {problem}")
    st.info(
        "Bygg databasen från den sparade ögonblicksbilden (tar några sekunder) och ladda om sidan:"
    )
    st.code(BUILD_COMMAND, language="bash")
    st.caption(f"Sökväg: {path} (ändras med miljövariabeln TRYGGHET_DB)")
    st.stop()


def connect() -> Db:
    """Return a fresh cursor on the cached connection, or show how to build the DB and stop."""
    path = db_path()
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        _missing_db_page(path, "filen finns inte")
        raise  # unreachable: st.stop() raises
    try:
        con = _live(str(path)).get(str(path), mtime_ns)
        # A cursor per run: the Python connection object is not thread-safe across sessions.
        return Db(con=con.cursor(), key=f"{path}:{mtime_ns}", path=path)
    except duckdb.Error as exc:
        _missing_db_page(path, type(exc).__name__)
        raise
