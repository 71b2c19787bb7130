"""Kolada refresh: catalogue, municipalities, groups and values; full first, then incremental."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from etl import load
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
    if ctx.offline:
        src: source.KoladaSource = source.KoladaSnapshot(ctx.settings.snapshot_dir)
        full_ids, since = kpi_ids, None
    else:
        client = ctx.make_client(min_interval_s=0.2)  # at most 5 requests per second
        src = source.KoladaLive(client, ctx.settings.kolada_base_url, this_year=ctx.now.year)
        full_ids, since = _incremental_since(con, kpi_ids)
    incremental_ids = [k for k in kpi_ids if k not in full_ids]
    ctx.set_total(3 + len(full_ids) + (1 if incremental_ids else 0))

    stats = load.UpsertStats()
    stats += load.upsert(con, "indicator", catalogue, ["kpi_id"])
    stats += load.upsert(
        con, "kolada_kpi", transform.kpi_rows(src.kpis(kpi_ids), set(kpi_ids)), ["kpi_id"]
    )
    ctx.progress(1)
    stats += load.upsert(
        con,
        "kolada_municipality",
        transform.municipality_rows(src.municipalities()),
        ["municipality_id"],
    )
    ctx.progress(1)
    groups, members = transform.group_rows(src.groups())
    stats += load.upsert(con, "kolada_group", groups, ["group_id"])
    stats += load.upsert(con, "kolada_group_member", members, ["group_id", "member_id"])
    stats.deleted += load.delete_absent(
        con, "kolada_group_member", members, ["group_id", "member_id"], "group_id"
    )
    ctx.progress(1)

    empty: list[str] = []
    for ids in source.chunks(full_ids):
        # Up to 25 KPIs a call, so the source asks for them in one path segment (as few
        # requests as the API allows, like koladapy); a full load also drops rows Kolada no
        # longer has, KPI by KPI.
        batch, _ = transform.value_rows(src.data(ids))
        for kpi_id in ids:
            values = batch[batch["kpi_id"] == kpi_id]
            if values.empty:
                empty.append(kpi_id)
            loaded = load.upsert(con, "kolada_value", values, transform.VALUE_KEY)
            deleted = load.delete_absent(con, "kolada_value", values, transform.VALUE_KEY, "kpi_id")
            # An empty year block (200 with "values": []) must not cut the series: the rows
            # the KPI had are those kept (changed + unchanged) plus those deleted.
            load.guard_shrink(
                f"kolada_value of {kpi_id}",
                deleted,
                loaded.changed + loaded.unchanged + deleted,
                ctx.allow_shrink,
            )
            stats += loaded
            stats.deleted += deleted
        ctx.progress(len(ids))
    if incremental_ids:
        assert since is not None  # incremental ids are those with a recorded sync date
        # Ask a day earlier than the last run began, so nothing published during it is missed.
        values, gone = transform.value_rows(
            src.data(incremental_ids, from_date=since - timedelta(days=1))
        )
        stats += load.upsert(con, "kolada_value", values, transform.VALUE_KEY)
        stats.deleted += load.delete_keys(con, "kolada_value", gone)
        ctx.progress(1)

    (n_values,) = load.one(con, "SELECT count(*) FROM kolada_value")
    if not n_values:
        # A "successful" run without values would leave every page without data, and
        # `refresh --if-missing` relies on a recorded success meaning Kolada is there.
        raise EtlError(f"Kolada answered no values for any of {len(kpi_ids)} KPIs ({src.origin})")
    if not ctx.offline:
        for kpi_id in kpi_ids:
            load.run(
                con, "INSERT OR REPLACE INTO kolada_sync VALUES (?, ?)", [kpi_id, ctx.now.date()]
            )
    load.record_provenance(con, "kolada", source.TITLE, src.origin, source.LICENCE, ctx.now)
    kind = "full" if not incremental_ids else ("incremental" if not full_ids else "mixed")
    warnings = [
        f"KPI {kpi_id}: Kolada answered no values on a full load (rows loaded before are kept)"
        for kpi_id in empty
    ]
    return SourceResult(
        stats=stats, kind=kind, requests=src.requests, origin=src.origin, warnings=warnings
    )
