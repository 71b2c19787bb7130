"""The DB handle and the read-only connections behind it, one per version of the file.

The ETL replaces the file atomically (`os.replace`) while visitors' scripts run. A query in
flight must finish on the file it started on, so no connection is ever closed under a query:
- each version of the file (path + mtime) gets its own in-memory DuckDB instance with the file
  ATTACHed read-only (a plain `duckdb.connect(path)` would hand back the cached instance of the
  old file, since DuckDB keeps one instance per path);
- a query borrows a cursor on its version and returns it; a version that is no longer current
  is closed when its last borrowed cursor comes back.
`Db` itself is a small frozen value (path, version): cached functions take it as an ordinary
argument, so a new file means new cache keys without hand-built key strings.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import duckdb

from catalogues.settings import load_settings

ALIAS = "live"  # the ATTACHed file's catalog name; every cursor starts with USE live


class Db(NamedTuple):
    """One version of the DB file: hashable, so Streamlit's caches key on it directly.

    A NamedTuple, as Choice and Indicator are: every cached call hashes it, and Streamlit
    hashes a tuple item by item but a dataclass through a deep copy (dataclasses.asdict).
    """

    path: str
    version: int  # st_mtime_ns of the file when this handle was made

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on this version of the file, for one query (not thread-safe to share)."""
        with _REGISTRY.borrow(self) as cursor:
            yield cursor


def db_path() -> Path:
    """The DB file the dashboard reads (env TRYGGHET_DB, default data/trygghet.duckdb)."""
    return load_settings().db_path


def current(path: Path) -> Db:
    """The handle of the file as it is now; FileNotFoundError when it is missing."""
    return Db(str(path), path.stat().st_mtime_ns)


class _Version:
    """One open instance of one version of the file and the cursors lent out on it."""

    def __init__(self, db: Db) -> None:
        self.con = duckdb.connect(":memory:")
        try:
            # The path is bound as a string literal: DuckDB's ATTACH takes no parameters.
            quoted = db.path.replace("'", "''")
            self.con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)")
        except duckdb.Error:
            self.con.close()
            raise
        self.borrowed = 0
        self.retired = False


class _Registry:
    """Process-wide: the open versions per path; the newest is current, older ones retire."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: dict[Db, _Version] = {}

    def _open(self, db: Db) -> _Version:
        version = self.versions.get(db)
        newer = [d for d in self.versions if d.path == db.path and d.version > db.version]
        if version is None and newer:
            # A handle stat'ed before a swap that another run has already opened past: use
            # the newest instance rather than open the file again under a stale key (which
            # no later swap would ever retire).
            return self.versions[max(newer, key=lambda d: d.version)]
        if version is None:
            version = _Version(db)
            for other_db, other in list(self.versions.items()):
                if other_db.path == db.path and other_db.version < db.version:
                    other.retired = True
                    self._close_if_idle(other_db, other)
            self.versions[db] = version
        return version

    def _close_if_idle(self, db: Db, version: _Version) -> None:
        if version.retired and version.borrowed == 0:
            version.con.close()
            self.versions.pop(db, None)

    @contextmanager
    def borrow(self, db: Db) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock:
            version = self.versions.get(db)
            if version is None or version.retired:
                # A handle made before a swap whose version is gone: read the file as it is
                # now rather than fail (its cache key still names the old version).
                version = self._open(current(Path(db.path)))
            version.borrowed += 1
            cursor = version.con.cursor()
        try:
            cursor.execute(f"USE {ALIAS}")
            yield cursor
        finally:
            cursor.close()
            with self.lock:
                version.borrowed -= 1
                for key, value in list(self.versions.items()):
                    if value is version:
                        self._close_if_idle(key, version)

    def open(self, db: Db) -> None:
        """Make `db` the current version of its path (opening it if needed)."""
        with self.lock:
            self._open(db)

    def open_versions(self, path: str) -> int:
        """How many versions of `path` are open (for tests)."""
        with self.lock:
            return sum(1 for db in self.versions if db.path == path)


_REGISTRY = _Registry()


def open_db(path: Path) -> Db:
    """The current version of the file at `path`, opened and ready for queries.

    Raises FileNotFoundError when the file is missing and duckdb.Error when it cannot be read.
    """
    db = current(path)
    _REGISTRY.open(db)
    return db


def open_versions(path: Path) -> int:
    """How many versions of the file are still open in this process."""
    return _REGISTRY.open_versions(str(path))
