"""Polisen's storage steps: apply one poll as notice versions and current notices (never
deleting), and re-apply the category mapping to stored notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

from etl import store
from etl.transforms.polisen import COLUMNS
from etl.transforms.polisen_reference import Categories

# The current notice keeps the transform's columns but the raw wire fields, which only the
# versions table stores.
VERSION_ONLY = ("id", "datetime_raw", "gps", "type_raw", "url_raw")
NOTICE_FIELDS = [c for c in COLUMNS if c not in VERSION_ONLY]

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

    def stats(self) -> store.UpsertStats:
        changed = self.changed - self.added
        return store.UpsertStats(
            added=len(self.added),
            changed=len(changed),
            unchanged=len(self.seen - self.added - changed),
        )


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
        store.run(con, _VERSIONS, params)
        take = plan["id"].tolist()
        if take:
            con.register("_take", rows[rows["id"].isin(take)])
            try:
                cols = ", ".join(["id", *NOTICE_FIELDS])
                store.run(
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
        store.run(con, _SEEN, params)
    finally:
        con.unregister("_poll")
    tally.added |= set(plan.loc[plan["is_new"], "id"].tolist())
    tally.changed |= set(plan.loc[plan["content_differs"], "id"].tolist())
    tally.seen |= set(rows["id"].tolist())


def recategorise(con: duckdb.DuckDBPyConnection, categories: Categories) -> int:
    """Re-apply the type -> category mapping to every stored notice (the TOML may have changed)."""
    types = [t for (t,) in con.execute("SELECT DISTINCT type FROM polisen_notice").fetchall()]
    if not types:
        return 0
    mapping = pd.DataFrame({"type": types, "category": [categories.of(t) for t in types]})
    con.register("_cat", mapping)
    try:
        (n,) = store.one(
            con,
            "SELECT count(*) FROM polisen_notice n JOIN _cat c USING (type) "
            "WHERE n.category <> c.category",
        )
        if n:
            store.run(
                con,
                "UPDATE polisen_notice n SET category = c.category FROM _cat c "
                "WHERE n.type = c.type AND n.category <> c.category",
            )
    finally:
        con.unregister("_cat")
    return int(n)
