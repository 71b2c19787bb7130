"""Polisen from the snapshot: polls applied in order, reruns change nothing, edits keep history."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from catalogues.settings import load_settings
from etl import runner

TABLES = ["polisen_notice", "polisen_notice_version"]


def _refresh(db: Path, snapshot_dir: Path, county_id: str | None = None) -> runner.Outcome:
    settings = load_settings().with_overrides(
        db_path=db, snapshot_dir=snapshot_dir, county_id=county_id
    )
    [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
    assert outcome.error is None, outcome.error
    return outcome


def _tables(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


@pytest.fixture(scope="module")
def polisen_db(
    tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path
) -> tuple[Path, dict, runner.Outcome]:
    """Polisen-only DB: the snapshot applied twice, with the tables after the first pass."""
    db = tmp_path_factory.mktemp("polisen") / "p.duckdb"
    _refresh(db, snapshot_dir)
    first = _tables(db)
    second = _refresh(db, snapshot_dir)
    return db, first, second


def _kalmar_lan_ids(snapshot_dir: Path) -> set[int]:
    """Independent of the transform: ids whose location or title suffix is in Kalmar län."""
    geo = json.loads(
        (snapshot_dir / "geo" / "kommuner_sweden_2024_wgs84.geojson").read_text(encoding="utf-8")
    )
    names = {
        f["properties"]["kommun"].casefold()
        for f in geo["features"]
        if f["properties"]["lan_kod"] == "08"
    } | {"kalmar län"}
    ids = set()
    for path in (snapshot_dir / "polisen").rglob("*.json"):
        for item in json.loads(path.read_text(encoding="utf-8")):
            suffix = item["name"].rsplit(",", 1)[-1].strip().casefold()
            if item["location"]["name"].casefold() in names or suffix in names:
                ids.add(item["id"])
    return ids


def test_applying_the_snapshot_twice_gives_the_same_tables(polisen_db):
    db, first, second = polisen_db
    assert _tables(db) == first
    stats = second.result.stats
    assert (stats.added, stats.changed, stats.deleted) == (0, 0, 0)
    assert stats.unchanged == len(first["polisen_notice"])


def test_overlapping_windows_give_one_row_per_notice(polisen_db, snapshot_dir):
    db, _, _ = polisen_db
    with duckdb.connect(str(db), read_only=True) as con:
        rows, ids = con.execute("SELECT count(*), count(DISTINCT id) FROM v_incidents").fetchall()[
            0
        ]
        versions = con.execute(
            "SELECT count(*), count(DISTINCT (id, content_hash)) FROM polisen_notice_version"
        ).fetchall()[0]
    assert rows == ids == len(_kalmar_lan_ids(snapshot_dir)) == 1970
    assert versions[0] == versions[1]


def test_seen_times_come_from_the_polls_and_backfill_only_rows_have_none(polisen_db, snapshot_dir):
    db, _, _ = polisen_db
    with duckdb.connect(str(db), read_only=True) as con:
        # 650237 was in the 2026-08-22 response only (published 2026-08-21 17:16).
        first, last, versions = con.execute(
            "SELECT first_seen, last_seen, versions FROM v_incidents WHERE id = 650237"
        ).fetchall()[0]
        (polled,) = con.execute(
            "SELECT count(*) FROM v_incidents WHERE first_seen IS NOT NULL"
        ).fetchall()[0]
        (backfill_only,) = con.execute(
            "SELECT count(*) FROM v_incidents WHERE first_seen IS NULL"
        ).fetchall()[0]
    seen = datetime(2026, 8, 22, 6, 55, tzinfo=UTC)
    assert (first, last, versions) == (seen, seen, 1)
    response_ids = set()
    for path in (snapshot_dir / "polisen" / "responses").glob("*.json"):
        response_ids |= {i["id"] for i in json.loads(path.read_text(encoding="utf-8"))}
    assert polled == len(response_ids & _kalmar_lan_ids(snapshot_dir))
    assert polled + backfill_only == 1970


def test_2026_notices_with_county_location_get_the_kommun_of_the_title(polisen_db, snapshot_dir):
    db, _, _ = polisen_db
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""
            SELECT i.id, i.kommun_id, i.kommun, i.name FROM v_incidents i
            JOIN polisen_notice n USING (id)
            WHERE n.location_name = 'Kalmar län' AND year(i.published_utc) = 2026""").fetchall()
        per_kommun = dict(
            con.execute("""SELECT kommun_id, count(*) FROM v_incidents
            WHERE year(published_utc) = 2026 AND kommun_id IS NOT NULL GROUP BY 1""").fetchall()
        )
    assert len(rows) > 200
    for _, _kommun_id, kommun, name in rows:
        suffix = name.rsplit(",", 1)[-1].strip()
        assert (kommun or "Kalmar län") == suffix, name
    # PROVENANCE.md's table (derived independently from the same archive): 2026 column.
    assert per_kommun["0880"] == 97 and per_kommun["0883"] == 56 and per_kommun["0834"] == 6
    assert dict((r[0], r[1]) for r in rows)[650279] == "0885"  # '22 augusti 09.59, Brand, Borgholm'


def test_an_edited_notice_keeps_its_last_version_and_its_history(tmp_path, snapshot_dir):
    # No Kalmar län notice was edited inside the snapshot's responses; Kronobergs län (07)
    # has one: 649643 got a longer summary between the 2026-08-17 and 2026-08-18 polls.
    db = tmp_path / "kronoberg.duckdb"
    _refresh(db, snapshot_dir, county_id="07")
    with duckdb.connect(str(db), read_only=True) as con:
        current = con.execute(
            "SELECT summary, kommun_id, kommun, versions, first_seen, last_seen "
            "FROM v_incidents WHERE id = 649643"
        ).fetchall()
        history = con.execute(
            "SELECT version_no, summary, first_seen, last_seen, is_current "
            "FROM v_incident_versions WHERE id = 649643 ORDER BY version_no"
        ).fetchall()
    utc = UTC
    assert current == [
        (
            "Det brinner i en villa i Norrhult i Uppvidinge kommun.",
            "0760",
            "Uppvidinge",
            2,
            datetime(2026, 8, 17, 6, 3, tzinfo=utc),
            datetime(2026, 8, 22, 6, 55, tzinfo=utc),
        )
    ]
    assert history == [
        (
            1,
            "Det brinner i en villa i Norrhult.",
            datetime(2026, 8, 17, 6, 3, tzinfo=utc),
            datetime(2026, 8, 17, 6, 3, tzinfo=utc),
            False,
        ),
        (
            2,
            "Det brinner i en villa i Norrhult i Uppvidinge kommun.",
            datetime(2026, 8, 18, 7, 0, tzinfo=utc),
            datetime(2026, 8, 22, 6, 55, tzinfo=utc),
            True,
        ),
    ]
    second = _refresh(db, snapshot_dir, county_id="07")
    assert (second.result.stats.added, second.result.stats.changed) == (0, 0)
