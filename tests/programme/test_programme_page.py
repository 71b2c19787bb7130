"""The Handlingsprogrammet page through dashboard.py: the scorecard rows equal the DB's values."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import run_app
from trygghet.core.db import current
from trygghet.core.format import MINUS, fmt_num, md_esc
from trygghet.programme import catalogue as programme
from trygghet.programme.bundles import scorecard
from trygghet.sidebar.data import Choice

PAGE = "pages/programme.py"
SERIES_SQL = """SELECT year, value FROM v_kpi_values
WHERE kpi_id = ? AND municipality_id = ? AND gender = 'T' AND value IS NOT NULL ORDER BY year"""
PEERS_SQL = """SELECT p.member_id FROM v_default_peer_group d JOIN v_peer_groups p USING (group_id)
WHERE d.municipality_id = ? AND p.member_id <> ?"""
META_SQL = "SELECT label, unit, direction FROM v_indicators WHERE kpi_id = ?"


def _open(**params: str) -> AppTest:
    return run_app(PAGE, **params)


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _series(con: duckdb.DuckDBPyConnection, kpi: str, kommun: str) -> dict[int, float]:
    return {int(y): float(v) for y, v in con.execute(SERIES_SQL, [kpi, kommun]).fetchall()}


def _place(own: float, others: list[float]) -> str:
    """Written apart from the page: rank from the top, and the phrase for the ends of the group."""
    n = len(others) + 1
    top = 1 + sum(v > own for v in others)
    bottom = 1 + sum(v < own for v in others)
    ties = n - top - bottom + 1
    head = {1: "", 2: "näst ", 3: "tredje ", 4: "fjärde "}
    phrase = f"{head[top]}högst av {n}" if top <= bottom else f"{head[bottom]}lägst av {n}"
    return phrase + (f" (delad med {ties} {'annan' if ties == 1 else 'andra'})" if ties else "")


def _expected(con: duckdb.DuckDBPyConnection, kpi: str, kommun: str, baseline: int) -> dict:
    label, unit, _direction = con.execute(META_SQL, [kpi]).fetchone()
    own = _series(con, kpi, kommun)
    out = {"Indikator": label, "Källa": f"Kolada {kpi}"}
    if not own:
        return out | {"Senaste": "–", "År": "inga värden"}
    year = max(own)
    value = own[year]
    decimals = 0 if "100 000" in unit and abs(value) >= 100 else None
    out |= {"Senaste": fmt_num(value, decimals), "År": str(year)}
    base_years = [y for y in own if baseline <= y < year]
    peers = {
        m: _series(con, kpi, m) for (m,) in con.execute(PEERS_SQL, [kommun, kommun]).fetchall()
    }
    now = [s[year] for s in peers.values() if year in s]
    out["Plats i gruppen"] = _place(value, now) if now else "–"
    if not base_years:
        return out | {"förändring": "–", "bedömning": "–"}
    base_year = min(base_years)
    named = f" sedan {base_year}" if base_year != baseline else ""  # only a later first year
    out["förändring"] = f"{named}"
    return out


@pytest.mark.parametrize("kommun, name", [("0880", "Kalmar"), ("2403", "Bjurholm")])
def test_scorecard_rows_equal_values_computed_from_the_db(
    app_env, db_con: duckdb.DuckDBPyConnection, kommun: str, name: str
) -> None:
    at = _open(kommun=kommun, bas="2015")
    table = at.dataframe[0].value
    assert f"{name} " in _markdown(
        at
    ) and "indikatorer som mäter en punkt i programmet" in _markdown(at)
    items = programme.catalogue()
    kolada = table[table["Källa"].str.startswith("Kolada")].reset_index(drop=True)
    refs = [(c, ref) for c in items for ref in c.indicators]
    assert len(kolada) == len(refs)
    checked = 0
    for (c, ref), (_, row) in zip(refs, kolada.iterrows(), strict=True):
        want = _expected(db_con, ref.kpi, kommun, 2015)
        assert row["Punkt"] == c.short
        assert row["Roll"] == programme.ROLES[ref.role]
        for col in ("Indikator", "Källa", "Senaste", "År", "Plats i gruppen"):
            if col in want:
                assert row[col] == want[col], (ref.kpi, col)
        # The change, its interval and the words: tests/indicators/test_verdicts_pages.py.
        if "förändring" in want:
            named = want["förändring"].split(" sedan ")
            cell = row["Förändring sedan 2015"]
            assert len(named) == 1 or f" sedan {named[1]}" in cell, ref.kpi
            checked += 1
    assert checked >= 5  # most rows have a change for the kommun to show


def test_kalmar_reads_as_the_issue_says(app_env) -> None:
    # Fritidsgårdar per 10 000 unga: fewer since 2015 and the lowest of the group with a value;
    # no verdict, since the catalogue gives the indicator no better direction.
    table = _open(kommun="0880", bas="2015").dataframe[0].value
    row = table[table["Källa"] == "Kolada U09836"].iloc[0]
    assert row["Förändring sedan 2015"].startswith("enligt trendlinjen ↓")
    assert row["Plats i gruppen"].startswith("lägst av")
    assert row["Bedömning"] == "–"
    assert not any("ett högre värde än" in str(v) for v in table.to_numpy().ravel())
    assert MINUS not in "".join(table["Senaste"])  # no negative levels among these indicators


def test_skolverket_rows_appear_once_with_school_years(
    app_env, db_con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(kommun="0880", bas="2019")
    table = at.dataframe[0].value
    school = table[table["Källa"].str.startswith("Skolverket")]
    assert len(school) == 3 and set(school["Punkt"]) == {"6. Skolornas arbetssätt"}
    ((year, value),) = db_con.execute(
        "SELECT arg_max(year_end, year_end), arg_max(value, year_end) "
        "FROM v_skolverket_kommun_results WHERE municipality_id = '0880' "
        "AND owner_type = 'Samtliga' AND measure = 'meritvarde_17' AND value IS NOT NULL"
    ).fetchall()
    merit = school[school["Källa"] == "Skolverket meritvarde_17"].iloc[0]
    assert merit["Senaste"] == fmt_num(value)
    assert merit["År"] == f"{year - 1}/{str(year)[-2:]}"
    assert merit["Förändring sedan 2019"].endswith("sedan 2018/19")
    text = _markdown(at)
    assert text.count("Skolverkets skolresultat i årskurs 9") == 1
    assert at.query_params["bas"] == "2019"


def test_commitments_without_open_data_are_one_line_each_with_sources(app_env) -> None:
    at = _open(kommun="1080")
    text = _markdown(at)
    for c in programme.catalogue():
        if not c.indicators and not c.school:
            assert f"- **{md_esc(c.short)}:** inga öppna data mäter detta." in text
    # The camera statement is current: no permits since the 2025 change of the act.
    assert "prop. 2024/25:93" in text and "prövar inga tillstånd" in text
    assert "prövar tillstånd till kamerabevakning sedan 2018" not in text
    assert "kontrollerad 2026-11-30" in text
    labels = [e.label for e in at.expander]
    assert len(labels) == len(programme.catalogue())


def test_scorecard_downloads_as_csv_with_swedish_columns(
    app_env, db_con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(kommun="0880", bas="2015")
    (button,) = at.get("download_button")
    assert "CSV" in button.proto.label and button.proto.url
    # AppTest does not hand out a download's bytes; the page's own cached bundle makes them.
    members = tuple(m for (m,) in db_con.execute(PEERS_SQL, ["0880", "0880"]).fetchall())
    choice = Choice("0880", "Kalmar", "liknande", members, "liknande kommuner (7)", 2010, 2025)
    card = scorecard(current(app_env), choice, 2015)
    table = card.csv.decode("utf-8-sig").partition("\r\n\r\n")[2]  # after the header block
    frame = pd.read_csv(io.StringIO(table), sep=";", decimal=",")
    assert {"Punkt", "Indikator", "Senaste värde", "Bedömning", "Plats i gruppen"} <= set(
        frame.columns
    )
    row = frame[frame["Kod"] == "U07452"].iloc[0]
    own = _series(db_con, "U07452", "0880")
    assert row["Senaste värde"] == pytest.approx(own[max(own)])
    assert str(row["Senaste år"]) == str(max(own))
    assert row["Källa"].startswith("Kolada")


def test_bad_baseline_falls_back_with_a_notice(app_env, db_con: duckdb.DuckDBPyConnection) -> None:
    at = _open(kommun="0880", bas="abc")
    assert any("bas=`abc`" in w.value for w in at.warning)
    assert at.query_params["bas"] == "2015"
    # The base years are those of the indicators, not of the population used to count events.
    kpis = [*programme.kpis(programme.catalogue()), "N15508", "N15428", "N15507"]
    ((first,),) = db_con.execute(
        "SELECT min(year) FROM v_kpi_values WHERE value IS NOT NULL AND list_contains(?, kpi_id)",
        [kpis],
    ).fetchall()
    assert at.selectbox(key="w_prog_bas").options[0] == str(first)


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
    table = _open(kommun=kommun).dataframe[0].value
    row = table[table["Källa"] == "Kolada N00631"].iloc[0]
    assert (row["Senaste"], row["År"]) == ("–", "inga värden")
    assert isinstance(table, pd.DataFrame)
