"""Runs sources one by one, each in a staged copy that replaces the live DB only on success."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import duckdb
from tqdm import tqdm

from etl import load, runlog
from etl.config import Settings
from etl.errors import EtlError
from etl.http import HttpClient
from etl.pipelines import PIPELINES
from etl.pipelines.context import RunContext, SourceResult

log = logging.getLogger("etl")


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
    )


def refresh_one(
    source: str, settings: Settings, offline: bool, show_progress: bool = True
) -> Outcome:
    """Refresh one source in a staged copy of the DB; the caller holds the lock."""
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    bar = tqdm(desc=source, unit="step", disable=None if show_progress else True, leave=False)
    ctx = RunContext(
        settings=settings,
        offline=offline,
        now=started,
        make_client=partial(_client, settings),
        progress=bar.update,
        set_total=lambda n: setattr(bar, "total", n),
    )
    try:
        with load.staged_copy(settings.db_path) as con:
            load.apply_schema(con)
            result = PIPELINES[source](con, ctx)
            load.record_run(
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
        return Outcome(source, time.perf_counter() - t0, offline, result=result)
    except (EtlError, OSError, ValueError, duckdb.Error) as exc:
        message = str(exc) or type(exc).__name__
        log.debug("refresh of %s failed", source, exc_info=True)
        runlog.write_error(settings.db_path, source, started, message)
        return Outcome(source, time.perf_counter() - t0, offline, error=message)
    except KeyboardInterrupt:
        runlog.write_error(settings.db_path, source, started, "interrupted")
        raise
    finally:
        bar.close()


def refresh(
    sources: Sequence[str], settings: Settings, offline: bool, show_progress: bool = True
) -> list[Outcome]:
    """Refresh the given sources under the DB lock; a failed source does not stop the others."""
    with load.exclusive(settings.db_path):
        return [refresh_one(s, settings, offline, show_progress) for s in sources]
