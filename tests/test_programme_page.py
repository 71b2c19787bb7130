"""The Handlingsprogrammet page through dashboard.py: six commitments, values equal the DB."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from tests.apptest import run_app
from trygghet.core.format import fmt_value, md_esc
from trygghet.programme import catalogue as programme
from trygghet.schools.measures import school_year_label

PAGE = "pages/programme.py"
LATEST_SQL = """SELECT arg_max(v.year, v.year), arg_max(v.value, v.year), any_value(i.unit)
FROM v_kpi_values v JOIN v_indicators i USING (kpi_id)
WHERE v.kpi_id = ? AND v.municipality_id = ? AND v.gender = 'T' AND v.value IS NOT NULL"""


def _open(**params: str) -> AppTest:
    return run_app(PAGE, **params)


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_all_commitments_listed_and_latest_values_equal_the_db(
    app_env, db_con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(kommun="0880")
    text = _markdown(at)
    items = programme.catalogue()
    commitments = [c for c in items if c.kind == "commitment"]
    assert len(commitments) == 6
    for number, c in enumerate(commitments, start=1):
        assert f"#### {number}. {md_esc(c.title)}" in text
    for c in items:
        for ref in c.indicators:
            year, value, unit = db_con.execute(LATEST_SQL, [ref.kpi, "0880"]).fetchall()[0]
            if value is None:
                assert f"Kolada {ref.kpi}" in text  # not loaded: named, with a pointer to Kolada
                continue
            unit = "" if unit == "meritvärde" else unit
            assert md_esc(f"Senaste värde: {fmt_value(value, unit)} ({year}).") in text, ref.kpi
    # Where nothing measures a commitment the card says so and names who holds data.
    assert (
        text.count("Ingen indikator i öppna data mäter detta.") == 3
    )  # cameras, hate crime, honour
    assert md_esc("Integritetsskyddsmyndigheten") in text and "Brå" in text
    captions = " ".join(c.value for c in at.caption)
    assert "Källa: Kolada, KPI U07452, N07624" in captions and "Källa: Skolverket" in captions


def test_school_card_uses_skolverkets_report(app_env, db_con: duckdb.DuckDBPyConnection) -> None:
    at = _open(kommun="0880", bas="2019")
    ((year, value),) = db_con.execute(
        "SELECT arg_max(year_end, year_end), arg_max(value, year_end) "
        "FROM v_skolverket_kommun_results "
        "WHERE municipality_id = '0880' AND owner_type = 'Samtliga' AND measure = 'meritvarde_17' "
        "AND value IS NOT NULL"
    ).fetchall()
    text = _markdown(at)
    assert md_esc(f"Senaste värde: {fmt_value(value, '')} ({school_year_label(year)}).") in text
    assert md_esc(f"Sedan {school_year_label(2019)}:") in text
    assert at.query_params["bas"] == "2019"


def test_bad_baseline_falls_back_with_a_notice(app_env) -> None:
    at = _open(kommun="0880", bas="abc")
    assert any("bas=`abc`" in w.value for w in at.warning)
    assert at.query_params["bas"] == "2015"


def test_kommun_without_survey_data_shows_gaps_not_errors(
    app_env, db_con: duckdb.DuckDBPyConnection
) -> None:
    # A kommun outside Medborgarundersökningen (N00631 covers 239 of 290 kommuner).
    ((kommun,),) = db_con.execute(
        "SELECT municipality_id FROM v_municipalities "
        "WHERE municipality_type = 'K' AND municipality_id NOT IN "
        "(SELECT municipality_id FROM v_kpi_values WHERE kpi_id = 'N00631' AND value IS NOT NULL) "
        "ORDER BY 1 LIMIT 1"
    ).fetchall()
    at = _open(kommun=kommun)
    assert "Inget värde för" in _markdown(at)
