"""Per-source freshness of the DB file, for people and for monitoring (exit code)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from etl import runlog

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
    source: str
    last_success: datetime | None
    rows_seen: int | None
    last_error: str | None
    last_error_at: str | None

    def age(self, now: datetime) -> timedelta | None:
        return None if self.last_success is None else now - self.last_success


def read_status(db_path: Path, sources: Sequence[str]) -> list[SourceStatus]:
    """Last successful run per source from etl_run, last error from the sidecar file."""
    last: dict[str, tuple[datetime, int]] = {}
    if db_path.exists():
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            for source, at, rows in con.execute(
                "SELECT source, last_success, rows_seen FROM v_etl_last_run"
            ).fetchall():
                last[source] = (at.astimezone(UTC), rows)
        except duckdb.CatalogException:
            pass  # a file without the run log has no successful run
        finally:
            con.close()
    errors = runlog.read_errors(db_path)
    out = []
    for source in sources:
        at, rows = last.get(source, (None, None))
        err = errors.get(source, {})
        # An error older than the last success is history, not the current state.
        if at is not None and err and datetime.fromisoformat(err["at"]) <= at:
            err = {}
        out.append(SourceStatus(source, at, rows, err.get("error"), err.get("at")))
    return out


def format_age(age: timedelta | None) -> str:
    if age is None:
        return "never"
    hours = age.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"
