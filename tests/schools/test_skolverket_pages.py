"""The Skolor page through dashboard.py: chart, table, map equal the DB; no schools, a gap."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from etl import store
from etl.sources.skolverket import Page
from etl.transforms import skolverket as transform
from tests.apptest import run_app
from trygghet.core.format import fmt_num
from trygghet.core.geo import geojson_path
from trygghet.core.query import sql

PAGE = "pages/school_units.py"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "skolverket"


def _open(**params: str) -> AppTest:
    return run_app(PAGE, **params)


def _array(raw: object) -> list:
    if isinstance(raw, dict) and "bdata" in raw:
        return np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"])).tolist()
    return list(raw)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_kalmar_table_map_and_sources_equal_the_db(
    app_env, db_con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(kommun="0880", matt="meritvarde", lasar="2024/25")
    table = next(d.value for d in at.dataframe if "Skola" in d.value.columns)  # not the sources
    expected = db_con.execute(
        "SELECT school, organizer_type FROM v_school_units WHERE municipality_id = '0880' "
        "ORDER BY school"
    ).fetchall()
    assert list(zip(table["Skola"], table["Huvudman"], strict=True)) == expected
    merit = dict(
        db_con.execute(
            "SELECT school, value FROM v_school_results "
            "WHERE municipality_id = '0880' AND school_year = '2024/25' "
            "AND metric = 'averageGradesMeritRating9thGrade'"
        ).fetchall()
    )
    shown = dict(zip(table["Skola"], table["Meritvärde"], strict=True))
    for school, text in shown.items():
        assert text == (fmt_num(merit[school], 1) if school in merit else "ingen uppgift"), school
    assert shown["Falkenbergsskolan"] == fmt_num(merit["Falkenbergsskolan"], 1)

    series, school_map = _figures(at)
    report = dict(
        db_con.execute(
            "SELECT year_end, value FROM v_skolverket_kommun_results "
            "WHERE municipality_id = '0880' "
            "AND owner_type = 'Samtliga' AND measure = 'meritvarde_17'"
        ).fetchall()
    )
    trace = next(t for t in series["data"] if t["name"].startswith("Skolverket: alla skolor"))
    assert dict(zip(_array(trace["x"]), _array(trace["y"]), strict=True)) == report
    kolada = dict(
        db_con.execute(
            "SELECT year, value FROM v_kpi_values WHERE kpi_id = 'N15507' "
            "AND municipality_id = '0880' AND gender = 'T'"
        ).fetchall()
    )
    trace = next(t for t in series["data"] if t["name"].startswith("Kolada N15507"))
    assert dict(zip(_array(trace["x"]), _array(trace["y"]), strict=True)) == kolada
    assert max(kolada) < max(report)  # Skolverket's report extends past Kolada's last year

    # Schools placed inside the kommun's bounding box (read here from the GeoJSON itself).
    geo = json.loads(geojson_path().read_text(encoding="utf-8"))
    ring = next(f for f in geo["features"] if f["properties"]["kommun_kod"] == "0880")["geometry"]
    coords = [p for poly in ring["coordinates"] for p in poly[0]]
    lon0, lon1 = min(p[0] for p in coords), max(p[0] for p in coords)
    lat0, lat1 = min(p[1] for p in coords), max(p[1] for p in coords)
    rows = db_con.execute(
        "SELECT school, lat, lon FROM v_school_units WHERE municipality_id = '0880'"
    ).fetchall()
    inside = {
        s for s, la, lo in rows if la is not None and lat0 <= la <= lat1 and lon0 <= lo <= lon1
    }
    numbers = dict(zip(table["Nr"].astype(str), table["Skola"], strict=True))
    shown = {
        numbers[n] for t in school_map["data"] if t.get("mode") == "markers+text" for n in t["text"]
    }
    assert shown == inside and len(inside) == 9
    captions = " ".join(c.value for c in at.caption)
    assert "Källa: Skolverket" in captions and "Källa: Kolada, KPI N15507" in captions
    assert "Tallhagsskolan" in captions  # no coordinates: named instead of silently dropped
    assert (
        "Smedbyskolan (59,23 N" in captions
    )  # the register places it near Örebro: named, not drawn


def test_kommun_without_school_data_shows_the_gap(app_env) -> None:
    at = _open(kommun="0180")
    infos = " ".join(i.value for i in at.info)
    assert "ingen skolenhetsdata för Stockholm" in infos and "län 08" in infos
    assert not [d for d in at.dataframe if "Skola" in d.value.columns]  # no school table
    assert len(at.get("plotly_chart")) == 1  # the kommun's report series is still there
    assert "lasar" not in at.query_params


def test_bad_measure_in_the_url_falls_back_with_a_notice(app_env) -> None:
    at = _open(kommun="0880", matt="nonsens")
    assert any("matt=`nonsens`" in w.value for w in at.warning)
    assert at.query_params["matt"] == "meritvarde"


def test_suppressed_school_values_stay_out_of_the_summary(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    store.apply_schema(con)
    units = Page("f", json.loads((FIXTURES / "compact_page0.json").read_text(encoding="utf-8")))
    store.upsert(
        con, "skolverket_school", transform.school_rows([units], "08"), ["school_unit_code"]
    )
    store.upsert(con, "skolverket_metric", transform.metric_rows(), ["metric"])
    for code in ("99856371", "87544967", "21736926"):
        page = Page(
            code, json.loads((FIXTURES / f"statistics_{code}.json").read_text(encoding="utf-8"))
        )
        store.upsert(
            con, "skolverket_school_stat", transform.statistic_rows(page), transform.STAT_KEY
        )
    metric = "ratioOfPupilsIn9thGradeWithAllSubjectsPassed"
    summary = con.execute(sql("schools_summary"), {"kommun": "0880", "metrics": [metric]}).df()
    row = summary[summary["school_year"] == "2024/25"].iloc[0]
    numbers = con.execute(
        "SELECT value FROM skolverket_school_stat WHERE metric = ? AND school_year = '2024/25' "
        "AND value_type = 'EXISTS'",
        [metric],
    ).fetchall()
    assert (
        len(numbers) == 2 and row["n_with_value"] == 2 and row["n_without_value"] == 1
    )  # the '..' school
    assert row["unweighted_mean"] == pd.Series([v for (v,) in numbers]).mean()
    con.close()
