"""Skolverket loaded offline: school values and the kommun report equal the snapshot's files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import openpyxl
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.sources import skolverket as source

KALMAR_SCHOOLS = {"99856371": "Falkenbergsskolan", "74570653": "Tallhagsskolan"}


@pytest.mark.parametrize("code", sorted(KALMAR_SCHOOLS))
def test_school_values_equal_the_snapshot(
    db_con: duckdb.DuckDBPyConnection, snapshot_dir: Path, code: str
) -> None:
    body = json.loads(
        (snapshot_dir / "skolverket" / "statistics" / "gr" / f"{code}.json").read_text(
            encoding="utf-8"
        )
    )["body"]
    expected = {
        (key, e["timePeriod"]): float(e["value"].replace(",", "."))
        for key, entries in body.items()
        if isinstance(entries, list)
        for e in entries
        if e["valueType"] == "EXISTS"
    }
    got = {
        (m, y): v
        for m, y, v in db_con.execute(
            "SELECT metric, school_year, value FROM v_school_results WHERE school_unit_code = ?",
            [code],
        ).fetchall()
    }
    assert got == expected
    assert len(expected) >= 10
    ((name, mun, is_municipal),) = db_con.execute(
        "SELECT school, municipality_id, is_municipal FROM v_school_units "
        "WHERE school_unit_code = ?",
        [code],
    ).fetchall()
    assert (name, mun, is_municipal) == (KALMAR_SCHOOLS[code], "0880", True)


def test_kalmar_has_its_eleven_year9_schools(
    db_con: duckdb.DuckDBPyConnection, snapshot_dir: Path
) -> None:
    units = json.loads(
        (snapshot_dir / "skolverket" / "compact-school-units_gr_kalmar_lan.json").read_text(
            encoding="utf-8"
        )
    )["body"]["_embedded"]["compactSchoolUnits"]
    expected = sorted(
        (u["schoolUnitCode"], u["name"], u["organizerType"])
        for u in units
        if u["municipalityCode"] == "0880"
    )
    rows = db_con.execute(
        "SELECT school_unit_code, school, organizer_type FROM v_school_units "
        "WHERE municipality_id = '0880' ORDER BY 1"
    ).fetchall()
    assert rows == expected
    assert len(rows) == 11
    ((county,),) = db_con.execute(
        "SELECT count(*) FROM v_school_units WHERE county_id = '08'"
    ).fetchall()
    assert county == 39


def _file_rows(path: Path, sheet: str, code: str) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    header = next(r for r in rows if r[0] == "Kommun")
    return {(r[4], header[5 + i]): v for r in rows if r[1] == code for i, v in enumerate(r[5:])}


@pytest.mark.parametrize("sheet", ["Samtliga", "Kommunal", "Enskild"])
def test_report_rows_for_kalmar_equal_the_file(
    db_con: duckdb.DuckDBPyConnection, snapshot_dir: Path, sheet: str
) -> None:
    labels = {
        "Totalt antal elever årskurs 9": "elever_ak9",
        "Genomsnittligt meritvärde (17 ämnen)": "meritvarde_17",
        "Genomsnittligt meritvärde (16 ämnen)": "meritvarde_16",
        "Andel (%) behöriga till yrkesprogram": "behoriga_yrkesprogram",
        "Andel (%) som fått godkänt betyg i alla ämnen": "godkant_alla_amnen",
    }
    in_file = _file_rows(source.report_path(snapshot_dir), sheet, "0880")
    expected = {
        (labels[label], year): value for (label, year), value in in_file.items() if label in labels
    }
    got = {
        (m, y): (v if flag is None else raw)
        for m, y, v, flag, raw in db_con.execute(
            "SELECT measure, school_year, value, value_flag, raw_value "
            "FROM v_skolverket_kommun_results "
            "WHERE municipality_id = '0880' AND owner_type = ?",
            [sheet],
        ).fetchall()
    }
    assert got == expected
    assert len(got) == 50


def test_report_flags_are_never_numbers(db_con: duckdb.DuckDBPyConnection) -> None:
    rows = db_con.execute(
        "SELECT value_flag, raw_value, count(*), count(value) FROM skolverket_kommun_result "
        "WHERE value_flag IS NOT NULL GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert {(f, r) for f, r, _, _ in rows} == {
        ("missing", "."),
        ("rounded", "~100"),
        ("suppressed", ".."),
    }
    assert all(n_value == 0 for *_, n_value in rows)
    ((n,),) = db_con.execute(
        "SELECT count(DISTINCT municipality_id) FROM skolverket_kommun_result "
        "WHERE owner_type = 'Samtliga'"
    ).fetchall()
    assert n == 290


def test_second_offline_load_changes_nothing(tmp_path: Path, snapshot_dir: Path) -> None:
    settings = load_settings().with_overrides(
        db_path=tmp_path / "s.duckdb", snapshot_dir=snapshot_dir
    )
    (first,) = runner.refresh(["skolverket"], settings, offline=True, show_progress=False)
    (second,) = runner.refresh(["skolverket"], settings, offline=True, show_progress=False)
    assert first.error is None and second.error is None
    s = second.result.stats
    assert (s.added, s.changed, s.deleted, s.unchanged) == (0, 0, 0, first.result.stats.added)


def test_missing_report_fails_with_its_path(tmp_path: Path, snapshot_dir: Path) -> None:
    fake_snapshot = tmp_path / "snap"
    (fake_snapshot / "skolverket").mkdir(parents=True)
    for name in ("compact-school-units_gr_kalmar_lan.json", "statistics"):
        (fake_snapshot / "skolverket" / name).symlink_to(snapshot_dir / "skolverket" / name)
    settings = load_settings().with_overrides(
        db_path=tmp_path / "s.duckdb", snapshot_dir=fake_snapshot
    )
    (outcome,) = runner.refresh(["skolverket"], settings, offline=True, show_progress=False)
    assert outcome.error is not None
    assert "report is missing" in outcome.error and "Kommun_Åk9.xlsx" in outcome.error
    assert not settings.db_path.exists()
