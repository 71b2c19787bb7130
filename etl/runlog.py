"""Each source's latest run, kept beside the DB so that a failed run never has to touch the DB.

`<db>.runlog.json` holds per source the start of its latest run (written before any work, with
the process id), its end, and the latest error with its time. A start without an end whose
process is gone is a run that died (SIGKILL, the OOM killer, a power cut): `status` says so.

It also holds meta records under keys that start with "_" (etl.lock_holder keeps there who
holds the DB lock since when). A successful run's
warnings (e.g. a KPI Kolada answered empty on a full load) are kept until its next run.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
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
    # A refused run: when the refresh holding the lock began; a success since then covers it.
    refused_since: datetime | None = None
    warnings: tuple[str, ...] = ()


def _entry(raw: dict[str, object]) -> Entry:
    def when(key: str) -> datetime | None:
        value = raw.get(key)
        return datetime.fromisoformat(value) if isinstance(value, str) else None

    pid, error, warnings = raw.get("pid"), raw.get("error"), raw.get("warnings")
    return Entry(
        started=when("started"),
        pid=pid if isinstance(pid, int) else None,
        ended=when("ended"),
        error=error if isinstance(error, str) else None,
        error_at=when("error_at"),
        refused_since=when("refused_since"),
        warnings=tuple(w for w in warnings if isinstance(w, str))
        if isinstance(warnings, list)
        else (),
    )


def raw(db_path: Path) -> dict[str, object]:
    try:
        raw = json.loads(path(db_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise EtlError(f"the run log {path(db_path)} cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise EtlError(f"the run log {path(db_path)} is not a JSON object")
    return raw


def read(db_path: Path) -> dict[str, Entry]:
    """{source: Entry}; {} when there is no log yet; EtlError when the file cannot be read."""
    return {
        source: _entry(v)
        for source, v in raw(db_path).items()
        if isinstance(v, dict) and not source.startswith("_")
    }


def _dump(entries: dict[str, Entry], meta: dict[str, object]) -> str:
    def plain(e: Entry) -> dict[str, object]:
        return {
            k: v.isoformat() if isinstance(v, datetime) else list(v) if isinstance(v, tuple) else v
            for k, v in asdict(e).items()
        }

    body: dict[str, object] = {s: plain(e) for s, e in entries.items()}
    return json.dumps({**meta, **body}, ensure_ascii=False, indent=1)


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


def update(
    db_path: Path,
    change: Callable[[dict[str, Entry]], None],
    meta_change: Callable[[dict[str, object]], None] | None = None,
) -> None:
    """Read, change and atomically replace the log; StorageError (the partial file removed)
    when it cannot be written."""
    with _guarded(db_path):
        try:
            entries = read(db_path)
            meta = {k: v for k, v in raw(db_path).items() if k.startswith("_")}
        except EtlError:
            entries, meta = {}, {}  # an unreadable log is replaced rather than blocking runs
        change(entries)
        if meta_change is not None:
            meta_change(meta)
        tmp = tmp_path(db_path)
        try:
            with tmp.open("w", encoding="utf-8") as f:
                f.write(_dump(entries, meta))
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

    update(db_path, change)


def finish(
    db_path: Path,
    source: str,
    at: datetime,
    error: str | None = None,
    warnings: Sequence[str] = (),
) -> None:
    """Record the end of a source's run: a success clears the last error and sets the run's
    warnings; a failure sets the error (and keeps the warnings of the last success)."""

    def change(entries: dict[str, Entry]) -> None:
        old = entries.get(source, Entry())
        kept = old.warnings if error else tuple(warnings)
        entries[source] = Entry(
            old.started, old.pid, at, error, at if error else None, warnings=kept
        )

    update(db_path, change)


def note_error(
    db_path: Path,
    sources: list[str],
    at: datetime,
    message: str,
    refused_since: datetime | None = None,
) -> None:
    """Record an error for sources that did not run at all (lock held, an earlier global fault).

    `refused_since`: the run was refused because another refresh, begun then, held the lock.
    """

    def change(entries: dict[str, Entry]) -> None:
        for source in sources:
            old = entries.get(source, Entry())
            entries[source] = Entry(
                old.started,
                old.pid,
                old.ended,
                message,
                at,
                refused_since=refused_since,
                warnings=old.warnings,
            )

    update(db_path, change)
