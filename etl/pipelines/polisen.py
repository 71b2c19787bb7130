"""Polisen refresh: apply each poll (live, or the snapshot's backfill + responses) as an upsert."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

import catalogues
from etl import load
from etl.errors import EtlError
from etl.pipelines.context import RunContext, SourceResult
from etl.sources import polisen as source
from etl.transforms import polisen as transform

CONFIG = catalogues.path("polisen_categories")
NOTICE_FIELDS = [
    "content_hash",
    "published_utc",
    "incident_utc",
    "name",
    "type",
    "category",
    "summary",
    "url",
    "location_name",
    "lat",
    "lon",
    "kommun_id",
    "county_id",
]

# One version per (id, content): new ones get the next number; a poll widens the seen range.
_VERSIONS = """
INSERT OR REPLACE INTO polisen_notice_version
SELECT p.id, p.content_hash, coalesce(v.version_no, coalesce(m.max_no, 0) + 1),
       p.datetime_raw, p.published_utc, p.name, p.type_raw, p.summary, p.url_raw,
       p.location_name, p.gps,
       CASE WHEN s.t IS NULL THEN v.first_seen ELSE least(coalesce(v.first_seen, s.t), s.t) END,
       CASE WHEN s.t IS NULL THEN v.last_seen ELSE greatest(coalesce(v.last_seen, s.t), s.t) END
FROM _poll p CROSS JOIN (SELECT CAST($t AS TIMESTAMPTZ) AS t) s
LEFT JOIN polisen_notice_version v ON v.id = p.id AND v.content_hash = p.content_hash
LEFT JOIN (SELECT id, max(version_no) AS max_no FROM polisen_notice_version GROUP BY id) m
       ON m.id = p.id
WHERE v.id IS NULL
   OR (s.t IS NOT NULL AND (v.first_seen IS NULL OR s.t < v.first_seen OR s.t > v.last_seen))
"""

# Which notices this poll adds, and which it moves to a new current version. A poll's
# version becomes current when the poll is at least as recent as the notice's last poll;
# a backfill (t NULL) only adds notices that are not known yet.
_PLAN = """
SELECT p.id, n.id IS NULL AS is_new,
       n.id IS NOT NULL AND p.content_hash <> n.content_hash AS content_differs
FROM _poll p CROSS JOIN (SELECT CAST($t AS TIMESTAMPTZ) AS t) s
LEFT JOIN polisen_notice n ON n.id = p.id
WHERE n.id IS NULL
   OR (s.t IS NOT NULL AND (n.last_seen IS NULL OR s.t >= n.last_seen))
"""

_SEEN = """
UPDATE polisen_notice n
SET first_seen = least(coalesce(n.first_seen, s.t), s.t),
    last_seen = greatest(coalesce(n.last_seen, s.t), s.t)
FROM _poll p, (SELECT CAST($t AS TIMESTAMPTZ) AS t) s
WHERE n.id = p.id AND s.t IS NOT NULL
  AND (n.first_seen IS NULL OR s.t < n.first_seen OR n.last_seen IS NULL OR s.t > n.last_seen)
"""


@dataclass
class Tally:
    """Distinct notice ids a run added, moved to a new version, or saw again unchanged."""

    added: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)

    def stats(self) -> load.UpsertStats:
        changed = self.changed - self.added
        return load.UpsertStats(
            added=len(self.added),
            changed=len(changed),
            unchanged=len(self.seen - self.added - changed),
        )


def load_config(path: Path = CONFIG) -> transform.Categories:
    """The type -> category mapping from catalogues/polisen_categories.toml."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return transform.categories_from(doc, path.name)


def apply_poll(
    con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, seen_at: datetime | None, tally: Tally
) -> None:
    """Upsert one poll's notices (or a backfill when seen_at is None); never deletes."""
    if rows.empty:
        return
    params = {"t": seen_at}
    con.register("_poll", rows)
    try:
        plan = con.execute(_PLAN, params).df()
        load.run(con, _VERSIONS, params)
        take = plan["id"].tolist()
        if take:
            con.register("_take", rows[rows["id"].isin(take)])
            try:
                cols = ", ".join(["id", *NOTICE_FIELDS])
                load.run(
                    con,
                    f"""
                    INSERT OR REPLACE INTO polisen_notice ({cols}, first_seen, last_seen)
                    SELECT {", ".join("p." + c for c in ["id", *NOTICE_FIELDS])},
                           CASE WHEN s.t IS NULL THEN n.first_seen
                                ELSE least(coalesce(n.first_seen, s.t), s.t) END,
                           coalesce(s.t, n.last_seen)
                    FROM _take p CROSS JOIN (SELECT CAST($t AS TIMESTAMPTZ) AS t) s
                    LEFT JOIN polisen_notice n ON n.id = p.id""",
                    params,
                )
            finally:
                con.unregister("_take")
        load.run(con, _SEEN, params)
    finally:
        con.unregister("_poll")
    tally.added |= set(plan.loc[plan["is_new"], "id"].tolist())
    tally.changed |= set(plan.loc[plan["content_differs"], "id"].tolist())
    tally.seen |= set(rows["id"].tolist())


def load_places(con: duckdb.DuckDBPyConnection, snapshot_dir: Path) -> transform.Places:
    """Kommun/län names from the snapshot's boundary files (stored), else from the DB."""
    names = source.read_boundary_names(snapshot_dir)
    if names is not None:
        kommuner, counties = names
        load.upsert(
            con,
            "polisen_kommun",
            pd.DataFrame(
                [(c, n, c[:2]) for c, n in kommuner], columns=["kommun_id", "kommun", "county_id"]
            ),
            ["kommun_id"],
        )
        load.upsert(
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
    return transform.Places.from_rows(kommuner, counties)


def recategorise(con: duckdb.DuckDBPyConnection, categories: transform.Categories) -> int:
    """Re-apply the type -> category mapping to every stored notice (the TOML may have changed)."""
    types = [t for (t,) in con.execute("SELECT DISTINCT type FROM polisen_notice").fetchall()]
    if not types:
        return 0
    mapping = pd.DataFrame({"type": types, "category": [categories.of(t) for t in types]})
    con.register("_cat", mapping)
    try:
        (n,) = load.one(
            con,
            "SELECT count(*) FROM polisen_notice n JOIN _cat c USING (type) "
            "WHERE n.category <> c.category",
        )
        if n:
            load.run(
                con,
                "UPDATE polisen_notice n SET category = c.category FROM _cat c "
                "WHERE n.type = c.type AND n.category <> c.category",
            )
    finally:
        con.unregister("_cat")
    return int(n)


def _area(ctx: RunContext, places: transform.Places) -> list[str]:
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
    window = transform.published_window(poll.payload, poll=poll.seen_at is not None)
    if window is None:
        return  # an empty answer says nothing about from when
    oldest, newest = window
    counties = area if poll.seen_at is not None else sorted(set(rows["county_id"]) & set(area))
    covered_to = poll.seen_at or newest
    load.upsert(
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
    national = ctx.settings.notice_counties is None
    if ctx.offline:
        src: source.PolisenSource = source.PolisenSnapshot(ctx.settings.snapshot_dir)
        kind = "full"
    else:
        client = ctx.make_client(min_interval_s=source.MIN_INTERVAL_S)
        ledger = source.CallLedger(source.ledger_path(ctx.settings.db_path))
        # The whole country is one call without a filter; some län, one call naming each län
        # and its kommuner (the API matches a notice's location, a län or, before 2026, a kommun).
        names = (
            []
            if national
            else [n for c in area for n in (places.county_names[c], *places.kommuner_in(c))]
        )
        src = source.PolisenLive(client, ctx.settings.polisen_base_url, ledger, names)
        kind = "incremental"

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
    load.record_provenance(con, "polisen", source.TITLE, src.origin, source.LICENCE, ctx.now)

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
