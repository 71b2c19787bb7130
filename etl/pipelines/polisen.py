"""Polisen refresh: apply each poll (live, or the snapshot's backfill + responses) as an upsert."""

from __future__ import annotations

import tomllib
from pathlib import Path

import duckdb
import pandas as pd

import catalogues
from etl import store
from etl.errors import EtlError
from etl.pipelines.context import RunContext, SourceResult
from etl.pipelines.polisen_store import Tally, apply_poll, recategorise
from etl.sources import polisen as source
from etl.transforms import polisen as transform
from etl.transforms import polisen_reference as reference
from etl.transforms import polisen_times

CONFIG = catalogues.path("polisen_categories")


def load_config(path: Path = CONFIG) -> reference.Categories:
    """The type -> category mapping from catalogues/polisen_categories.toml."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return reference.categories_from(doc, path.name)


def load_places(con: duckdb.DuckDBPyConnection, snapshot_dir: Path) -> reference.Places:
    """Kommun/län names from the snapshot's boundary files (stored), else from the DB."""
    names = source.read_boundary_names(snapshot_dir)
    if names is not None:
        kommuner, counties = names
        store.upsert(
            con,
            "polisen_kommun",
            pd.DataFrame(
                [(c, n, c[:2]) for c, n in kommuner], columns=["kommun_id", "kommun", "county_id"]
            ),
            ["kommun_id"],
        )
        store.upsert(
            con,
            "polisen_county",
            pd.DataFrame(counties, columns=["county_id", "county"]),
            ["county_id"],
        )
    kommuner = con.execute("SELECT kommun_id, kommun FROM polisen_kommun").fetchall()
    counties = con.execute("SELECT county_id, county FROM polisen_county").fetchall()
    if not kommuner or not counties:
        raise EtlError(
            f"no kommun names to match notices: {snapshot_dir / source.KOMMUN_GEOJSON} "
            "is missing and the DB has none from an earlier run"
        )
    return reference.Places.from_rows(kommuner, counties)


def _area(ctx: RunContext, places: reference.Places) -> list[str]:
    """The län codes whose notices this run loads (TRYGGHET_COUNTY: one, several or all)."""
    wanted = ctx.settings.notice_counties
    if wanted is None:
        return sorted(places.county_names)
    unknown = [c for c in wanted if c not in places.county_names]
    if unknown:
        raise EtlError(f"län {', '.join(unknown)} (TRYGGHET_COUNTY) is not among the known län")
    return list(wanted)


def record_coverage(
    con: duckdb.DuckDBPyConnection, poll: source.Poll, rows: pd.DataFrame, area: list[str]
) -> None:
    """Which län this answer covers and from when to when (table polisen_coverage).

    A poll covers every län it was loaded for; a backfill only the län its notices are in
    (an archive of one län says nothing about the others).
    """
    window = polisen_times.published_window(poll.payload, poll=poll.seen_at is not None)
    if window is None:
        return  # an empty answer says nothing about from when
    oldest, newest = window
    counties = area if poll.seen_at is not None else sorted(set(rows["county_id"]) & set(area))
    covered_to = poll.seen_at or newest
    store.upsert(
        con,
        "polisen_coverage",
        pd.DataFrame(
            {
                "county_id": counties,
                "source": poll.where,
                "seen_at": pd.Series([poll.seen_at] * len(counties), dtype="datetime64[us, UTC]"),
                "covered_from": pd.Series([oldest] * len(counties), dtype="datetime64[us, UTC]"),
                "covered_to": pd.Series([covered_to] * len(counties), dtype="datetime64[us, UTC]"),
            }
        ),
        ["county_id", "source", "covered_to"],
    )


def refresh(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
    """Load the configured län's notices into polisen_*; returns what changed."""
    categories = load_config(CONFIG)
    places = load_places(con, ctx.settings.snapshot_dir)
    area = _area(ctx, places)
    src, kind = _source(ctx, places, area)
    tally, unknown, elsewhere, polls = Tally(), set(), 0, 0
    for poll in src.polls():
        rows = transform.notice_rows(poll.payload, poll.where, places, categories, area)
        elsewhere += len(poll.payload) - len(rows)
        unknown |= set(categories.unknown(rows["type"]))
        apply_poll(con, rows, poll.seen_at, tally)
        record_coverage(con, poll, rows, area)
        polls += 1
        ctx.progress(1)
    recategorised = recategorise(con, categories)
    store.record_provenance(con, "polisen", source.TITLE, src.origin, source.LICENCE, ctx.now)

    national = ctx.settings.notice_counties is None
    where = "Sweden" if national else f"län {', '.join(area)}"
    notes = [f"{polls} responses applied; {elsewhere} notices outside {where} skipped"]
    if unknown:
        notes.append(
            f"types not in {CONFIG.name} (shown as övrigt/sammanfattning): {sorted(unknown)}"
        )
    if recategorised:
        notes.append(f"{recategorised} notices moved to another category after a mapping change")
    return SourceResult(
        stats=tally.stats(), kind=kind, requests=src.requests, origin=src.origin, notes=notes
    )


def _source(
    ctx: RunContext, places: reference.Places, area: list[str]
) -> tuple[source.PolisenSource, str]:
    """The snapshot (a full load) or the live API for the area (incremental), with the kind."""
    if ctx.offline:
        return source.PolisenSnapshot(ctx.settings.snapshot_dir), "full"
    client = ctx.make_client(min_interval_s=source.MIN_INTERVAL_S)
    ledger = source.CallLedger(source.ledger_path(ctx.settings.db_path))
    # The whole country is one call without a filter; some län, one call naming each län and
    # its kommuner (the API matches a notice's location, a län or, before 2026, a kommun).
    names = (
        []
        if ctx.settings.notice_counties is None
        else [n for c in area for n in (places.county_names[c], *places.kommuner_in(c))]
    )
    live = source.PolisenLive(client, ctx.settings.polisen_base_url, ledger, names)
    return live, "incremental"
