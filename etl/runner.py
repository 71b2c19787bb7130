"""Runs sources one by one, each in a staged copy that replaces the live DB only on success."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import duckdb
from tqdm import tqdm

from catalogues.settings import Settings
from etl import load, lock_holder, runlog, store
from etl.errors import EtlError, Interrupted, LockedError, StorageError, received_signal
from etl.http import HttpClient
from etl.pipelines import PIPELINES
from etl.pipelines.context import RunContext, SourceResult

log = logging.getLogger("etl")

# OS errors that mean the DB's file system cannot take writes: no source can succeed after one.
GLOBAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


@dataclass
class Outcome:
    """One source's result in a refresh: a SourceResult or an error message."""

    source: str
    seconds: float
    offline: bool
    result: SourceResult | None = None
    error: str | None = None

    def summary(self) -> str:
        if self.result is None:
            return f"{self.source}: FAILED after {self.seconds:.1f} s: {self.error}"
        s = self.result.stats
        return (
            f"{self.source}: {s.added} added, {s.changed} changed, {s.unchanged} unchanged, "
            f"{s.deleted} deleted ({self.result.kind}, {self.result.requests} "
            f"{'files' if self.offline else 'requests'}, {self.seconds:.1f} s)"
        )


def _client(
    settings: Settings, min_interval_s: float, accept: str = "application/json"
) -> HttpClient:
    return HttpClient(
        user_agent=settings.user_agent,
        accept=accept,
        timeout_s=settings.timeout_s,
        max_retries=settings.max_retries,
        min_interval_s=min_interval_s,
        limits=settings.limits,
    )


# How an OS error reads inside a DuckDB message: DuckDB reports a failed write of a commit or
# a checkpoint as a TransactionException ("TransactionContext Error: Failed to commit: Could
# not write file ...: No space left on device") or a FatalException ("FATAL Error: ...
# database invalidated ... Original error: ..."), not an IOException.
_STORAGE_WORDS = re.compile(
    "|".join(
        re.escape(os.strerror(code))
        for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)
    ),
    re.IGNORECASE,
)


def is_global(exc: BaseException) -> bool:
    """A fault every later source would hit too (the DB's disk or directory), not one source's.

    Besides DuckDB's IOException and the OS's own errors, a transaction or fatal error whose
    message names a full, read-only or failing disk: what a real full disk raises when the
    staged copy fits and the load does not (tests/etl/test_etl_tmpfs.py).
    """
    if isinstance(exc, StorageError | duckdb.IOException):
        return True
    if isinstance(exc, duckdb.TransactionException | duckdb.FatalException):
        return bool(_STORAGE_WORDS.search(str(exc)))
    return isinstance(exc, OSError) and exc.errno in GLOBAL_ERRNOS


def _context(
    settings: Settings, offline: bool, started: datetime, bar: tqdm[Any], allow_shrink: bool
) -> RunContext:
    return RunContext(
        settings=settings,
        offline=offline,
        now=started,
        make_client=partial(_client, settings),
        progress=bar.update,
        set_total=lambda n: setattr(bar, "total", n),
        allow_shrink=allow_shrink,
    )


def _load_staged(source: str, ctx: RunContext, started: datetime) -> SourceResult:
    """Run the source's pipeline in a staged copy of the DB, which replaces the live file only
    when the pipeline, the shrink guard and the run record all succeed."""
    with load.staged_copy(ctx.settings.db_path) as con:
        store.apply_schema(con)
        before = store.source_rows(con, source)
        result = PIPELINES[source](con, ctx)
        store.guard_shrink(source, result.stats.deleted, before, ctx.allow_shrink)
        store.record_run(
            con,
            source=source,
            mode=ctx.mode,
            kind=result.kind,
            started_at=started,
            finished_at=datetime.now(UTC),
            stats=result.stats,
            requests=result.requests,
            origin=result.origin,
        )
    return result


def _failed(source: str, settings: Settings, exc: Exception) -> str:
    """Record a failed run and return its one-line message; raise instead when the failure
    is an interrupt (a signal arrived), a bug, or global (StorageError stops the run)."""
    # DuckDB turns a signal during a query into RuntimeError("Query interrupted") or a
    # duckdb.Error with a traceback text: the signal, not that message, is what happened.
    if (signum := received_signal()) is not None:
        interrupted = Interrupted(signum)
        message = f"interrupted by {interrupted.name}; nothing was changed"
        _finish_or_add(settings, source, message, None)
        raise interrupted from exc
    if not isinstance(exc, EtlError | OSError | ValueError | duckdb.Error):
        # A bug: keep its traceback, but let `status` show it rather than a died run.
        _finish_or_add(settings, source, f"unexpected {type(exc).__name__}: {exc}", exc)
        raise exc
    message = " ".join(str(exc).split()) or type(exc).__name__  # one line for logs
    log.debug("refresh of %s failed", source, exc_info=True)
    if is_global(exc):
        _finish_or_add(settings, source, message, exc)
        raise exc if isinstance(exc, StorageError) else StorageError(message) from exc
    _finish_or_add(settings, source, message, None)
    return message


def refresh_one(
    source: str,
    settings: Settings,
    offline: bool,
    show_progress: bool = True,
    allow_shrink: bool = False,
) -> Outcome:
    """Refresh one source in a staged copy of the DB; the caller holds the lock.

    The run log gets a start record before any work and an end record after it. A source's
    own failure is returned as an Outcome; a global one (StorageError) and an interrupt are
    raised after the end record, so the caller stops.
    """
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    runlog.start(settings.db_path, source, started)
    bar = tqdm(desc=source, unit="step", disable=None if show_progress else True, leave=False)
    try:
        result = _load_staged(
            source, _context(settings, offline, started, bar, allow_shrink), started
        )
    except KeyboardInterrupt as exc:
        name = exc.name if isinstance(exc, Interrupted) else "SIGINT"
        _finish_or_add(settings, source, f"interrupted by {name}; nothing was changed", None)
        raise
    except Exception as exc:
        message = _failed(source, settings, exc)
        return Outcome(source, time.perf_counter() - t0, offline, error=message)
    finally:
        bar.close()
    runlog.finish(settings.db_path, source, datetime.now(UTC), warnings=result.warnings)
    return Outcome(source, time.perf_counter() - t0, offline, result=result)


def _finish_or_add(
    settings: Settings, source: str, message: str, cause: BaseException | None
) -> None:
    """Record a failed run; when even that cannot be written, raise one StorageError naming
    both the failure and why it could not be recorded."""
    try:
        runlog.finish(settings.db_path, source, datetime.now(UTC), message)
    except StorageError as exc:
        raise StorageError(f"{source}: {message}; and it could not be recorded: {exc}") from (
            cause or exc
        )


@contextlib.contextmanager
def _holding(settings: Settings) -> Iterator[None]:
    """Record in the run log when this refresh took the lock, for the runs it refuses."""
    lock_holder.hold(settings.db_path, datetime.now(UTC))
    try:
        yield
    finally:
        with contextlib.suppress(StorageError):  # a stale record is ignored: its pid is gone
            lock_holder.release(settings.db_path)


def refresh(
    sources: Sequence[str],
    settings: Settings,
    offline: bool,
    show_progress: bool = True,
    allow_shrink: bool = False,
) -> list[Outcome]:
    """Refresh the given sources under the DB lock.

    A source's own failure (HTTP, payload, shrink guard) does not stop the others; a global
    one (StorageError) or an interrupt stops the run, and the sources not attempted get an
    error record saying why (when it can be written).
    """
    try:
        with load.exclusive(settings.db_path), _holding(settings):
            outcomes: list[Outcome] = []
            for i, source in enumerate(sources):
                try:
                    outcomes.append(
                        refresh_one(source, settings, offline, show_progress, allow_shrink)
                    )
                except (StorageError, KeyboardInterrupt) as exc:
                    rest = list(sources[i + 1 :])
                    if rest:
                        reason = "interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc)
                        with contextlib.suppress(StorageError):
                            runlog.note_error(
                                settings.db_path,
                                rest,
                                datetime.now(UTC),
                                f"not attempted: an earlier source stopped the run ({reason})",
                            )
                    raise
            return outcomes
    except LockedError as exc:
        # Recorded so that `status` shows the refused run until a run that began at or after
        # the holder's start (the holder itself, or a later one) loads the source.
        with contextlib.suppress(StorageError):  # `status` reports an unwritable directory
            lock_holder.note_refused(settings.db_path, list(sources), datetime.now(UTC), str(exc))
        raise
