"""Who holds the refresh lock since when, kept in the run log beside the DB.

A refresh that takes the lock records when it took it (HOLDER); a refresh that is refused
records that time with its error, so `status` can tell once the holder (or a later run) has
loaded the source and the refusal no longer means stale data.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from etl.errors import EtlError
from etl.runlog import note_error, raw, update

HOLDER = "_holder"  # not a source: {"since": ..., "pid": ...} of the refresh holding the lock


def holder(db_path: Path) -> tuple[datetime, int] | None:
    """When the refresh holding the lock took it, and its pid (None when not recorded)."""
    try:
        record = raw(db_path).get(HOLDER)
    except EtlError:
        return None
    if not isinstance(record, dict):
        return None
    since, pid = record.get("since"), record.get("pid")
    if not isinstance(since, str) or not isinstance(pid, int):
        return None
    return datetime.fromisoformat(since), pid


def note_refused(db_path: Path, sources: list[str], at: datetime, message: str) -> None:
    """Record a refresh refused by the lock, with when the holder began: a live holder that
    recorded itself (HOLDER), or else this moment (then only a later success covers it)."""
    held = holder(db_path)
    since = at
    if held is not None and held[1] != os.getpid() and alive(held[1]):
        since = min(held[0], at)
    note_error(db_path, sources, at, message, refused_since=since)


def hold(db_path: Path, since: datetime) -> None:
    """Record that this process took the refresh lock at `since` (call it right after)."""

    def change_meta(meta: dict[str, object]) -> None:
        meta[HOLDER] = {"since": since.isoformat(), "pid": os.getpid()}

    update(db_path, lambda entries: None, change_meta)


def release(db_path: Path) -> None:
    """Remove this process's HOLDER record (before it lets go of the lock)."""

    def change_meta(meta: dict[str, object]) -> None:
        record = meta.get(HOLDER)
        if isinstance(record, dict) and record.get("pid") == os.getpid():
            del meta[HOLDER]

    update(db_path, lambda entries: None, change_meta)


def alive(pid: int) -> bool:
    """Whether a process with this id exists (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
