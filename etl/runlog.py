"""Each source's latest run, kept beside the DB so that a failed run never has to touch the DB.

`<db>.runlog.json` holds per source the start of its latest run (written before any work, with
the process id), its end, and the latest error with its time. A start without an end whose
process is gone is a run that died (SIGKILL, the OOM killer, a power cut): `status` says so.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from etl.errors import EtlError, StorageError


def path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".runlog.json")


def tmp_path(db_path: Path) -> Path:
    """Where a new version of the run log is written before it replaces the old one."""
    return db_path.with_name(db_path.name + ".runlog.json.tmp")


@dataclass
class Entry:
    """One source's latest run: its start, its end (None while running or after dying), and
    the latest error (kept until a later run succeeds)."""

    started: datetime | None = None
    pid: int | None = None
    ended: datetime | None = None
    error: str | None = None
    error_at: datetime | None = None


def _entry(raw: dict[str, object]) -> Entry:
    def when(key: str) -> datetime | None:
        value = raw.get(key)
        return datetime.fromisoformat(value) if isinstance(value, str) else None

    pid, error = raw.get("pid"), raw.get("error")
    return Entry(
        started=when("started"),
        pid=pid if isinstance(pid, int) else None,
        ended=when("ended"),
        error=error if isinstance(error, str) else None,
        error_at=when("error_at"),
    )


def read(db_path: Path) -> dict[str, Entry]:
    """{source: Entry}; {} when there is no log yet; EtlError when the file cannot be read."""
    try:
        raw = json.loads(path(db_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise EtlError(f"the run log {path(db_path)} cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise EtlError(f"the run log {path(db_path)} is not a JSON object")
    return {source: _entry(v) for source, v in raw.items() if isinstance(v, dict)}


def _dump(entries: dict[str, Entry]) -> str:
    def plain(e: Entry) -> dict[str, object]:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(e).items()}

    return json.dumps({s: plain(e) for s, e in entries.items()}, ensure_ascii=False, indent=1)


@contextlib.contextmanager
def _guarded(db_path: Path) -> Iterator[None]:
    """Serialise writers: a refresh refused by the DB lock still records that it was refused,
    while the holder may be writing its own records."""
    lock = FileLock(str(path(db_path)) + ".lock", timeout=10)
    try:
        lock.acquire()
    except (OSError, Timeout) as exc:
        raise StorageError(f"cannot lock the run log {path(db_path)}: {exc}") from exc
    try:
        yield
    finally:
        lock.release()


def _update(db_path: Path, change: Callable[[dict[str, Entry]], None]) -> None:
    """Read, change and atomically replace the log; StorageError (the partial file removed)
    when it cannot be written."""
    with _guarded(db_path):
        try:
            entries = read(db_path)
        except EtlError:
            entries = {}  # an unreadable log is replaced rather than blocking every later run
        change(entries)
        tmp = tmp_path(db_path)
        try:
            with tmp.open("w", encoding="utf-8") as f:
                f.write(_dump(entries))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path(db_path))
        except BaseException as exc:  # also an interrupt: no partial file stays behind
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise StorageError(f"cannot write the run log {path(db_path)}: {exc}") from exc
            raise


def start(db_path: Path, source: str, at: datetime) -> None:
    """Record that a source's run begins (before any work, so a run that dies leaves a trace)."""

    def change(entries: dict[str, Entry]) -> None:
        old = entries.get(source, Entry())
        entries[source] = Entry(at, os.getpid(), None, old.error, old.error_at)

    _update(db_path, change)


def finish(db_path: Path, source: str, at: datetime, error: str | None = None) -> None:
    """Record the end of a source's run: a success clears the last error, a failure sets it."""

    def change(entries: dict[str, Entry]) -> None:
        old = entries.get(source, Entry())
        entries[source] = Entry(old.started, old.pid, at, error, at if error else None)

    _update(db_path, change)


def note_error(db_path: Path, sources: list[str], at: datetime, message: str) -> None:
    """Record an error for sources that did not run at all (lock held, an earlier global fault)."""

    def change(entries: dict[str, Entry]) -> None:
        for source in sources:
            old = entries.get(source, Entry())
            entries[source] = Entry(old.started, old.pid, old.ended, message, at)

    _update(db_path, change)
