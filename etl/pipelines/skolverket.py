"""Skolverket refresh: the county's year-9 schools, their statistics, the kommun report (xlsx)."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

from etl import store
from etl.errors import EtlError
from etl.pipelines.context import RunContext, SourceResult
from etl.sources import skolverket as source
from etl.transforms import skolverket as transform

log = logging.getLogger("etl.skolverket")
ORPHANS = (
    "DELETE FROM skolverket_school_stat WHERE school_unit_code NOT IN "
    "(SELECT school_unit_code FROM skolverket_school)"
)


def _schools_and_stats(
    src: source.SkolverketSource, ctx: RunContext, county_id: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    schools = transform.school_rows(src.compact_school_units(), county_id)
    if schools.empty:
        raise EtlError(
            f"Skolverket listed no compulsory schools in county {county_id} ({src.origin})"
        )
    ctx.set_total(len(schools) + 2)
    ctx.progress(1)
    frames, keep = [], []
    for code in schools["school_unit_code"]:
        stats = transform.statistic_rows(src.statistics(code))
        if transform.has_year9(stats):
            frames.append(stats)
            keep.append(code)
        ctx.progress(1)
    stats = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=transform.STAT_COLUMNS)
    )
    return schools[schools["school_unit_code"].isin(keep)].reset_index(drop=True), stats


def refresh(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
    """Load skolverket_* tables (full refresh each run); returns what changed."""
    county_id = ctx.settings.county_id
    src = _source(ctx)
    # Everything is fetched and parsed before the first write, so a fault changes nothing.
    schools, stats = _schools_and_stats(src, ctx, county_id)
    report_file = source.report_path(ctx.settings.snapshot_dir)
    notes: list[str] = []
    report = _report(ctx, report_file, notes)
    ctx.progress(1)
    changed = _store(con, schools, stats, report)
    store.record_provenance(
        con, "skolverket", source.TITLE, f"{src.origin}; {report_file}", source.LICENCE, ctx.now
    )
    notes.append(f"{len(schools)} schools with year-9 results in county {county_id}")
    if not report.empty:
        notes.append(
            f"report: {report['municipality_id'].nunique()} kommuner, "
            f"{report['school_year'].min()}..{report['school_year'].max()}"
        )
    log.info("; ".join(notes))
    return SourceResult(
        stats=changed,
        kind="full",
        requests=src.requests + (not report.empty),
        origin=src.origin,
        notes=notes,
    )


def _source(ctx: RunContext) -> source.SkolverketSource:
    """The snapshot, or the live API (its v4 media type)."""
    if ctx.offline:
        return source.SkolverketSnapshot(ctx.settings.snapshot_dir)
    client = ctx.make_client(min_interval_s=source.MIN_INTERVAL_S, accept=source.ACCEPT_V4)
    return source.SkolverketLive(client, ctx.settings.skolverket_base_url)


def _report(ctx: RunContext, report_file: Path, notes: list[str]) -> pd.DataFrame:
    """The kommun report's rows, or none (with a note) when a live run has no report file."""
    if ctx.offline or report_file.exists():
        return transform.report_rows(source.read_report(report_file))
    # Skolverket offers the report as a manual download only: a live run on a machine without
    # it keeps the rows already loaded and says so, instead of failing the API part.
    notes.append(f"report not found at {report_file}: kept the report rows already loaded")
    log.warning(notes[-1])
    return pd.DataFrame(columns=transform.REPORT_COLUMNS)


def _store(
    con: duckdb.DuckDBPyConnection,
    schools: pd.DataFrame,
    stats: pd.DataFrame,
    report: pd.DataFrame,
) -> store.UpsertStats:
    """Schools, their statistics and the report in place of what was loaded before."""
    changed = store.UpsertStats()
    changed += store.upsert(con, "skolverket_metric", transform.metric_rows(), ["metric"])
    changed += store.upsert(con, "skolverket_school", schools, ["school_unit_code"])
    changed.deleted += store.delete_absent(
        con, "skolverket_school", schools, ["school_unit_code"], "county_id"
    )
    changed += store.upsert(con, "skolverket_school_stat", stats, transform.STAT_KEY)
    # Periods a school no longer reports go, and so do all rows of schools that left the list.
    changed.deleted += store.delete_absent(
        con, "skolverket_school_stat", stats, transform.STAT_KEY, "school_unit_code"
    )
    (orphans,) = store.one(con, ORPHANS.replace("DELETE", "SELECT count(*)", 1))
    if orphans:
        store.run(con, ORPHANS)
        changed.deleted += int(orphans)
    if not report.empty:
        changed += store.upsert(con, "skolverket_kommun_result", report, transform.REPORT_KEY)
        changed.deleted += store.delete_absent(
            con, "skolverket_kommun_result", report, transform.REPORT_KEY, "owner_type"
        )
    return changed
