"""CSVs people can cite: a header block naming what the file holds, Swedish column names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.apptest import indicator, run_app
from trygghet.core.db import open_db
from trygghet.core.format import cited_csv, file_slug
from trygghet.samband import bundles
from trygghet.schools.catalogue import MEASURES
from trygghet.sidebar.data import Choice


@pytest.fixture()
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file a page offers for download this test, by file name (AppTest keeps no bytes)."""
    seen: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename and isinstance(path_or_data, bytes):
            seen[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return seen


def parse(blob: bytes) -> tuple[dict[str, str], list[list[str]]]:
    """The header block as a dict and the table as rows (header row first)."""
    text = blob.decode("utf-8-sig")
    head, _, table = text.partition("\r\n\r\n")
    about = {r[0]: r[1] for r in csv.reader(io.StringIO(head), delimiter=";")}
    return about, list(csv.reader(io.StringIO(table), delimiter=";"))


def test_cited_csv_puts_the_facts_first_and_keeps_cells_safe() -> None:
    frame = pd.DataFrame({"Kommun": ["=HYPERLINK()", "Kalmar"], "Värde": [1.5, 2.0]})
    blob = cited_csv(frame, [("Källa", "Kolada"), ("Not", "+1 formel")])
    assert blob.startswith("\ufeff".encode()) and blob.count("\ufeff".encode()) == 1
    about, table = parse(blob)
    assert about == {"Om filen": "", "Källa": "Kolada", "Not": "'+1 formel"}
    assert table[0] == ["Kommun", "Värde"]
    assert table[1] == ["'=HYPERLINK()", "1,5"]


def test_file_slug() -> None:
    assert file_slug("Malung-Sälen") == "malung-salen"
    assert file_slug("Upplands Väsby") == "upplands-vasby"
    assert file_slug("???") == "fil"


def _kolada(db_con, kpi: str, kommun: str, year: int) -> float:
    sql = (
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = ? AND year = ? "
        "AND gender = 'T'"
    )
    return float(db_con.execute(sql, [kpi, kommun, year]).fetchone()[0])


def test_the_samband_csv_names_its_variables_years_lag_and_source(app_env: Path, db_con) -> None:
    db = open_db(app_env)
    choice = Choice("0880", "Kalmar", "liknande", ("0980",), "liknande kommuner (1)", 2010, 2025)
    x = indicator("N15508", "Åk 9 behöriga till gymnasiet", "%")
    y = indicator("N07403", "Anmälda våldsbrott", "per 100 000 inv.")
    result = bundles.cross(db, choice, x, y, 2019, 2, None)
    assert result.filename == "samband_N15508-2019_N07403-2021_kalmar.csv"
    about, table = parse(result.csv)
    assert "N15508" in about["Variabel x"] and "2019" in about["Variabel x"]
    assert "N07403" in about["Variabel y"] and "2021" in about["Variabel y"]
    assert about["Fördröjning"].startswith("2 år")
    assert about["Markerad kommun"] == "Kalmar"
    assert about["Jämförelsegrupp (i diagrammet)"] == "Liknande kommuner (1)"
    assert about["Källa"].startswith("Kolada")
    assert "Kolada" in about["Licens"]
    assert about["Hämtad"][:4].isdigit()
    assert table[0] == [
        "Kommunkod",
        "Kommun",
        "Åk 9 behöriga till gymnasiet 2019 (%)",
        "Anmälda våldsbrott 2021 (per 100 000 inv.)",
    ]
    assert len(table) - 1 == result.pairs.n
    kalmar = next(r for r in table if r[0] == "0880")
    assert float(kalmar[2].replace(",", ".")) == _kolada(db_con, "N15508", "0880", 2019)
    assert float(kalmar[3].replace(",", ".")) == _kolada(db_con, "N07403", "0880", 2021)
    assert "municipality_id" not in result.csv.decode("utf-8-sig")


def test_the_haendelser_csv_names_kommun_period_categories_and_source(
    app_env: Path, downloads: dict[str, bytes], db_con
) -> None:
    run_app("pages/incidents.py", kommun="0880", period="2025", per="manad", kategori="vald,hot")
    blob = downloads["polisen_notiser_kalmar_2025_manad.csv"]
    about, table = parse(blob)
    assert about["Kommun"] == "Kalmar"
    assert "2025" in about["Period"]
    assert about["Kategorier"] == "Våld, Hot"
    assert about["Källa"].startswith("Polisen")
    assert "Öppna data" in about["Licens"] and about["Hämtad"][:4].isdigit()
    assert table[0] == ["Period", "Kategori", "Notiser"]
    shown = sum(int(r[2]) for r in table[1:] if r)
    sql = (
        "SELECT count(*) FROM v_incidents WHERE kommun_id = '0880' AND category IN ('våld', 'hot') "
        "AND year(timezone('Europe/Stockholm', coalesce(incident_time, published_utc))) = 2025"
    )
    assert shown == db_con.execute(sql).fetchone()[0]


def test_the_skolor_csv_names_kommun_years_measures_and_source(
    app_env: Path, downloads: dict[str, bytes], db_con
) -> None:
    run_app("pages/school_units.py", kommun="0880")
    about, table = parse(downloads["skolor_ak9_kalmar.csv"])
    assert about["Kommun"] == "Kalmar (0880)"
    shown = "municipality_id = '0880' AND list_contains(?, metric)"
    metrics = [m.school_metric for m in MEASURES.values()]
    first, last = db_con.execute(
        f"SELECT min(school_year), max(school_year) FROM v_school_results WHERE {shown}", [metrics]
    ).fetchone()
    assert about["Läsår"] == f"{first}–{last}"
    assert about["Källa"].startswith("Skolverket") and "Skolverket" in about["Licens"]
    assert table[0][:5] == ["Skola", "Läsår", "Mått", "Värde", "Enhet"]
    rows = db_con.execute(
        f"SELECT count(*) FROM v_school_results WHERE {shown}", [metrics]
    ).fetchone()[0]
    assert len([r for r in table[1:] if r]) == rows


def test_over_tid_and_karta_name_the_gender_alike(
    app_env: Path, downloads: dict[str, bytes]
) -> None:
    """One label map for ?kon= (indicators.text.GENDERS): the two CSVs of one choice agree."""
    run_app("pages/school.py", kommun="0880", kpi="N15508", kon="K")
    run_app("pages/school.py", kommun="0880", kpi="N15508", kon="K", vy="karta")
    over_time = next(v for k, v in downloads.items() if k.startswith("N15508_0880_K_"))
    on_map = next(v for k, v in downloads.items() if k.startswith("N15508_K_"))
    assert parse(over_time)[0]["Kön"] == parse(on_map)[0]["Kön"] == "Kvinnor"
