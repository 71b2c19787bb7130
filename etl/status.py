"""Per-source freshness and health of the DB file, for people and for monitoring (exit code).

Besides each source's last success it reports what the issue of silent failures was about:
a latest run that failed, one that died without an end record, a directory that cannot be
written, partial files left behind, and sources the DB lacks."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from etl import load, runlog
from etl.errors import EtlError
from etl.lock_holder import alive
from etl.pipelines import MAIN_TABLES

_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """'30m', '36h', '2d', '1w' -> timedelta; ValueError otherwise."""
    match = _AGE.match(text.strip().lower())
    if not match:
        raise ValueError(f"cannot read age {text!r}: use a number and s, m, h, d or w, e.g. 36h")
    return timedelta(**{_UNIT[match.group(2)]: float(match.group(1))})


@dataclass
class SourceStatus:
    """One source's line in `status`; `state` is ok, running, failed, died or absent."""

    source: str
    last_success: datetime | None
    rows_seen: int | None
    state: str = "ok"
    detail: str | None = None
    # The last successful run's warnings (shown, not failing: the data is there).
    warnings: tuple[str, ...] = ()

    def age(self, now: datetime) -> timedelta | None:
        return None if self.last_success is None else now - self.last_success


@dataclass
class Status:
    """Per-source lines and the problems of the DB's directory as a whole."""

    sources: list[SourceStatus]
    problems: list[str] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        """Whether monitoring should alert: a problem or a source that failed, died or is absent."""
        return bool(self.problems) or any(
            s.state in ("failed", "died", "absent") for s in self.sources
        )


def _last_runs(db_path: Path) -> tuple[dict[str, tuple[datetime, int]], dict[str, int]]:
    """Last successful run per source from etl_run, and the rows in each source's main table."""
    last: dict[str, tuple[datetime, int]] = {}
    rows: dict[str, int] = {}
    if not db_path.exists():
        return last, rows
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise EtlError(f"cannot open {db_path}: {exc}; move it away to rebuild it") from exc
    try:
        with contextlib.suppress(duckdb.CatalogException):  # no run log: no successful run
            for source, at, seen in con.execute(
                "SELECT source, last_success, rows_seen FROM v_etl_last_run"
            ).fetchall():
                last[source] = (at.astimezone(UTC), seen)
        for source, table in MAIN_TABLES.items():
            with contextlib.suppress(duckdb.CatalogException):
                rows[source] = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])
    finally:
        con.close()
    return last, rows


def absent_sources(db_path: Path, sources: Sequence[str]) -> dict[str, str]:
    """{source: why} for the sources the DB lacks: no successful load recorded, or an empty
    main table (MAIN_TABLES). `refresh --if-missing` loads exactly these. EtlError when the
    file cannot be opened at all."""
    if not db_path.exists():
        return {s: f"{db_path} does not exist" for s in sources}
    last, rows = _last_runs(db_path)
    absent = {}
    for source in sources:
        if source not in last:
            absent[source] = "no successful load recorded"
        elif not rows.get(source):
            absent[source] = f"{MAIN_TABLES[source]} is empty"
    return absent


def read_status(db_path: Path, sources: Sequence[str]) -> Status:
    """Each source's last success, and whether its latest run failed, died or is running;
    plus what is wrong with the directory (unwritable, partial files, unreadable run log)."""
    problems: list[str] = []
    try:
        last, rows = _last_runs(db_path)
    except EtlError as exc:
        last, rows = {}, {}
        problems.append(str(exc))
    try:
        entries = runlog.read(db_path)
    except EtlError as exc:
        entries = {}
        problems.append(str(exc))
    directory_exists = db_path.parent.is_dir()
    held = load.lock_held(db_path) if directory_exists else False
    if directory_exists and (why := load.check_writable(db_path.parent)):
        problems.append(f"{why}: a refresh can neither update the DB nor record its errors")
    unfinished = [e.pid for e in entries.values() if e.started and e.ended is None]
    running = held or (held is None and any(pid is not None and alive(pid) for pid in unfinished))
    if not running:
        for partial in load.partial_files(db_path):
            problems.append(f"partial file left by a run that died: {partial}")

    out = []
    for source in sources:
        at, seen = last.get(source, (None, None))
        row = SourceStatus(source, at, seen)
        entry = entries.get(source, runlog.Entry())
        # Log records older than the last success are history, not the current state.
        if entry.started and entry.ended is None and (at is None or entry.started > at):
            pid = f" (pid {entry.pid})" if entry.pid else ""
            since = entry.started.strftime("%Y-%m-%d %H:%M:%S")
            if running:
                row.state, row.detail = "running", f"running since {since}{pid}"
            else:
                row.state = "died"
                row.detail = f"run started {since}{pid} died: no end recorded"
        elif entry.error and entry.error_at and not _covered(entry, at):
            row.state = "failed"
            row.detail = f"{entry.error_at.isoformat(timespec='seconds')}: {entry.error}"
        elif at is None:
            row.state, row.detail = "absent", "never loaded"
        elif not rows.get(source) and source in MAIN_TABLES:
            row.state, row.detail = "absent", f"{MAIN_TABLES[source]} is empty"
        row.warnings = entry.warnings
        out.append(row)
    return Status(out, problems)


def _covered(entry: runlog.Entry, success: datetime | None) -> bool:
    """Whether the source's last success makes its latest error history: it came after the
    error, or the error is a refused run and the success came from a run that began at or
    after the refresh that held the lock (that refresh itself, which did the refused work)."""
    if success is None or entry.error_at is None:
        return False
    if success > entry.error_at:
        return True
    return entry.refused_since is not None and success >= entry.refused_since


def format_age(age: timedelta | None) -> str:
    if age is None:
        return "never"
    hours = age.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"
