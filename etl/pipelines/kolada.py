"""Kolada refresh: catalogue, municipalities, groups and values; full first, then incremental."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from etl import store
from etl.errors import EtlError
from etl.indicators import load_catalogue
from etl.pipelines.context import RunContext, SourceResult
from etl.sources import kolada as source
from etl.transforms import kolada as transform


def _incremental_since(
    con: duckdb.DuckDBPyConnection, kpi_ids: list[str]
) -> tuple[list[str], date | None]:
    """KPIs that need a full load, and the date the others were last synced (oldest)."""
    synced = dict(con.execute("SELECT kpi_id, synced_from FROM kolada_sync").fetchall())
    full = [k for k in kpi_ids if k not in synced]
    since = min((synced[k] for k in kpi_ids if k in synced), default=None)
    return full, since


def refresh(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
    """Load the configured KPIs into kolada_* tables; returns what changed."""
    catalogue = load_catalogue()
    kpi_ids = catalogue["kpi_id"].tolist()
    src, full_ids, since = _source(con, ctx, kpi_ids)
    incremental_ids = [k for k in kpi_ids if k not in full_ids]
    ctx.set_total(3 + len(full_ids) + (1 if incremental_ids else 0))
    stats = _load_reference(con, ctx, src, catalogue)
    full, empty = _load_full(con, ctx, src, full_ids)
    stats += full
    if incremental_ids:
        assert since is not None  # incremental ids are those with a recorded sync date
        stats += _load_incremental(con, src, incremental_ids, since)
        ctx.progress(1)
    _finish(con, ctx, src, kpi_ids)
    kind = "full" if not incremental_ids else ("incremental" if not full_ids else "mixed")
    warnings = [
        f"KPI {kpi_id}: Kolada answered no values on a full load (rows loaded before are kept)"
        for kpi_id in empty
    ]
    return SourceResult(
        stats=stats, kind=kind, requests=src.requests, origin=src.origin, warnings=warnings
    )


def _source(
    con: duckdb.DuckDBPyConnection, ctx: RunContext, kpi_ids: list[str]
) -> tuple[source.KoladaSource, list[str], date | None]:
    """The snapshot (always a full load) or the live API (full for new KPIs, else since)."""
    if ctx.offline:
        return source.KoladaSnapshot(ctx.settings.snapshot_dir), kpi_ids, None
    client = ctx.make_client(min_interval_s=0.2)  # at most 5 requests per second
    live = source.KoladaLive(client, ctx.settings.kolada_base_url, this_year=ctx.now.year)
    full_ids, since = _incremental_since(con, kpi_ids)
    return live, full_ids, since


def _load_reference(
    con: duckdb.DuckDBPyConnection,
    ctx: RunContext,
    src: source.KoladaSource,
    catalogue: pd.DataFrame,
) -> store.UpsertStats:
    """The catalogue, Kolada's KPI metadata, the municipalities and the groups."""
    kpi_ids = catalogue["kpi_id"].tolist()
    stats = store.UpsertStats()
    stats += store.upsert(con, "indicator", catalogue, ["kpi_id"])
    stats += store.upsert(
        con, "kolada_kpi", transform.kpi_rows(src.kpis(kpi_ids), set(kpi_ids)), ["kpi_id"]
    )
    ctx.progress(1)
    stats += store.upsert(
        con,
        "kolada_municipality",
        transform.municipality_rows(src.municipalities()),
        ["municipality_id"],
    )
    ctx.progress(1)
    groups, members = transform.group_rows(src.groups())
    stats += store.upsert(con, "kolada_group", groups, ["group_id"])
    stats += store.upsert(con, "kolada_group_member", members, ["group_id", "member_id"])
    stats.deleted += store.delete_absent(
        con, "kolada_group_member", members, ["group_id", "member_id"], "group_id"
    )
    ctx.progress(1)
    return stats


def _load_full(
    con: duckdb.DuckDBPyConnection, ctx: RunContext, src: source.KoladaSource, full_ids: list[str]
) -> tuple[store.UpsertStats, list[str]]:
    """Every value of these KPIs; rows Kolada no longer has are dropped, KPI by KPI. Also
    returns the KPIs Kolada answered with no values at all (a warning, not a failure)."""
    stats, empty = store.UpsertStats(), []
    for ids in source.chunks(full_ids):
        # Up to 25 KPIs a call, so the source asks for them in one path segment (as few
        # requests as the API allows, like koladapy).
        batch, _ = transform.value_rows(src.data(ids))
        for kpi_id in ids:
            values = batch[batch["kpi_id"] == kpi_id]
            if values.empty:
                empty.append(kpi_id)
            stats += _replace_kpi(con, ctx, kpi_id, values)
        ctx.progress(len(ids))
    return stats, empty


def _replace_kpi(
    con: duckdb.DuckDBPyConnection, ctx: RunContext, kpi_id: str, values: pd.DataFrame
) -> store.UpsertStats:
    """One KPI's full answer in place of its rows, guarded against an empty or cut answer."""
    key = transform.VALUE_KEY
    loaded = store.upsert(con, "kolada_value", values, key)
    deleted = store.delete_absent(con, "kolada_value", values, key, "kpi_id")
    # An empty year block (200 with "values": []) must not cut the series: the rows the KPI
    # had are those kept (changed + unchanged) plus those deleted.
    store.guard_shrink(
        f"kolada_value of {kpi_id}",
        deleted,
        loaded.changed + loaded.unchanged + deleted,
        ctx.allow_shrink,
    )
    loaded.deleted += deleted
    return loaded


def _load_incremental(
    con: duckdb.DuckDBPyConnection,
    src: source.KoladaSource,
    kpi_ids: list[str],
    since: date,
) -> store.UpsertStats:
    """What Kolada changed since the last sync (a day earlier, so nothing published during
    the last run is missed), including the rows it deleted."""
    values, gone = transform.value_rows(src.data(kpi_ids, from_date=since - timedelta(days=1)))
    stats = store.upsert(con, "kolada_value", values, transform.VALUE_KEY)
    stats.deleted += store.delete_keys(con, "kolada_value", gone)
    return stats


def _finish(
    con: duckdb.DuckDBPyConnection, ctx: RunContext, src: source.KoladaSource, kpi_ids: list[str]
) -> None:
    """Refuse a run without values, then record the sync dates and the provenance."""
    (n_values,) = store.one(con, "SELECT count(*) FROM kolada_value")
    if not n_values:
        # A "successful" run without values would leave every page without data, and
        # `refresh --if-missing` relies on a recorded success meaning Kolada is there.
        raise EtlError(f"Kolada answered no values for any of {len(kpi_ids)} KPIs ({src.origin})")
    if not ctx.offline:
        for kpi_id in kpi_ids:
            store.run(
                con, "INSERT OR REPLACE INTO kolada_sync VALUES (?, ?)", [kpi_id, ctx.now.date()]
            )
    store.record_provenance(con, "kolada", source.TITLE, src.origin, source.LICENCE, ctx.now)
