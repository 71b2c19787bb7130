"""Runs sources one by one, each in a staged copy that replaces the live DB only on success."""

from __future__ import annotations

import contextlib
import errno
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import duckdb
from tqdm import tqdm

from etl import load, runlog, store
from etl.config import Settings
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


def is_global(exc: BaseException) -> bool:
    """A fault every later source would hit too (the DB's disk or directory), not one source's."""
    if isinstance(exc, StorageError | duckdb.IOException):
        return True
    return isinstance(exc, OSError) and exc.errno in GLOBAL_ERRNOS


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
    ctx = RunContext(
        settings=settings,
        offline=offline,
        now=started,
        make_client=partial(_client, settings),
        progress=bar.update,
        set_total=lambda n: setattr(bar, "total", n),
        allow_shrink=allow_shrink,
    )
    try:
        with load.staged_copy(settings.db_path) as con:
            store.apply_schema(con)
            before = store.source_rows(con, source)
            result = PIPELINES[source](con, ctx)
            store.guard_shrink(source, result.stats.deleted, before, allow_shrink)
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
    except KeyboardInterrupt as exc:
        name = exc.name if isinstance(exc, Interrupted) else "SIGINT"
        _finish_or_add(settings, source, f"interrupted by {name}; nothing was changed", None)
        raise
    except Exception as exc:
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
            raise
        message = str(exc) or type(exc).__name__
        log.debug("refresh of %s failed", source, exc_info=True)
        if is_global(exc):
            _finish_or_add(settings, source, message, exc)
            raise exc if isinstance(exc, StorageError) else StorageError(message) from exc
        _finish_or_add(settings, source, message, None)
        return Outcome(source, time.perf_counter() - t0, offline, error=message)
    finally:
        bar.close()
    runlog.finish(settings.db_path, source, datetime.now(UTC))
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
        with load.exclusive(settings.db_path):
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
        # Recorded so that `status` shows the refused run until the source's next success.
        with contextlib.suppress(StorageError):  # `status` reports an unwritable directory
            runlog.note_error(settings.db_path, list(sources), datetime.now(UTC), str(exc))
        raise
