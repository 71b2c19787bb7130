"""Offline Kolada load: the DB holds exactly the snapshot's values, statuses and row counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.indicators import load_catalogue


def _snapshot_values(snapshot_dir: Path, kpi: str) -> dict[tuple[str, int, str], tuple]:
    path = snapshot_dir / "kolada" / "data" / f"{kpi}.json"
    if not path.exists():  # catalogued for the live API; the snapshot has no values for it
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        (r["municipality"], r["period"], v["gender"]): (v["value"], v["status"])
        for r in data["values"]
        for v in r["values"]
    }


@pytest.mark.parametrize(
    ("kpi", "year", "gender"),
    [
        ("N07403", 2022, "T"),
        ("U09800", 2023, "K"),
        ("U09800", 2023, "M"),
        ("N15508", 2022, "T"),
        ("N15508", 2022, "K"),
        ("N07540", 2025, "T"),
        ("N01951", 2025, "T"),
        ("U07452", 2023, "T"),
    ],
)
def test_kalmar_value_equals_snapshot(db_con, snapshot_dir, kpi, year, gender):
    expected_value, expected_status = _snapshot_values(snapshot_dir, kpi)[("0880", year, gender)]
    rows = db_con.execute(
        "SELECT value, status FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = '0880' "
        "AND year = ? AND gender = ?",
        [kpi, year, gender],
    ).fetchall()
    assert rows == [(expected_value, expected_status)]
    assert expected_value is not None


def test_flagged_values_stay_null_with_their_status(db_con, snapshot_dir):
    flagged = {}
    for kpi in load_catalogue()["kpi_id"]:
        for key, (_value, status) in _snapshot_values(snapshot_dir, kpi).items():
            if status:
                flagged[(kpi, *key)] = status
    assert {"Privacy", "Missing", "Not applicable"} <= set(flagged.values())
    stored = {
        (k, m, y, g): s
        for k, m, y, g, v, s in db_con.execute(
            "SELECT kpi_id, municipality_id, year, gender, value, status FROM kolada_value "
            "WHERE status IS NOT NULL"
        ).fetchall()
        if v is None
    }
    assert stored == flagged


def test_row_counts_per_kpi_equal_snapshot(db_con, snapshot_dir):
    counts = dict(
        db_con.execute("SELECT kpi_id, count(*) FROM kolada_value GROUP BY kpi_id").fetchall()
    )
    expected = {kpi: len(_snapshot_values(snapshot_dir, kpi)) for kpi in load_catalogue()["kpi_id"]}
    assert {kpi: counts.get(kpi, 0) for kpi in expected} == expected
    assert set(counts) <= set(expected)


def test_metadata_and_contract_views(db_con):
    (kommuner,) = db_con.execute(
        "SELECT count(*) FROM v_municipalities WHERE municipality_type = 'K'"
    ).fetchall()[0]
    assert kommuner == 290
    assert db_con.execute(
        "SELECT municipality, region_id, region FROM v_municipalities "
        "WHERE municipality_id = '0880'"
    ).fetchall() == [("Kalmar", "0008", "Region Kalmar")]
    group = db_con.execute(
        "SELECT group_id, group_title FROM v_default_peer_group WHERE municipality_id = '0880'"
    ).fetchall()
    assert group == [("G37416", "Liknande kommuner, övergripande, Kalmar, 2025")]
    members = [
        m
        for (m,) in db_con.execute(
            "SELECT member FROM v_peer_groups WHERE group_id = 'G37416' ORDER BY member"
        ).fetchall()
    ]
    assert members == ["Gotland", "Karlskrona", "Piteå", "Skövde", "Varberg", "Växjö", "Östersund"]
    (missing_defaults,) = db_con.execute(
        "SELECT count(*) FROM v_municipalities m "
        "ANTI JOIN v_default_peer_group d USING (municipality_id) "
        "WHERE m.municipality_type = 'K'"
    ).fetchall()[0]
    assert missing_defaults == 0
    title, theme = db_con.execute(
        "SELECT kpi_title, theme FROM v_indicators WHERE kpi_id = 'N07403'"
    ).fetchall()[0]
    assert (title, theme) == ("Anmälda våldsbrott, antal/100 000 inv", "brott")
