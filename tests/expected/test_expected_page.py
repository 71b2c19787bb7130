"""Förväntat on the pages (issue 20): the Samband tab and the theme pages' Över tid show the
view's expected value and interval; the SALSA deviations on Skola equal Kolada's values."""

from __future__ import annotations

import json

import pytest

from tests.apptest import page_markdown, run_app
from trygghet.core.format import fmt_num, fmt_value

KOMMUNER = {"0880": "Kalmar", "2403": "Bjurholm"}


def _row(db_con, outcome: str, kommun: str) -> dict:
    cur = db_con.execute(
        "SELECT e.*, i.unit FROM v_expected e JOIN v_indicators i ON i.kpi_id = e.outcome "
        "WHERE outcome = ? AND municipality_id = ?",
        [outcome, kommun],
    )
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def _places(row: dict) -> int:
    return 1 if row["unit"] == "%" else 0  # rates as whole numbers, shares with one decimal


def _interval(row: dict) -> str:
    p = _places(row)
    return (
        f"{fmt_value(row['expected'], row['unit'], p)} (95 % intervall "
        f"{fmt_num(row['lower'], p)}–{fmt_num(row['upper'], p)})"
    )


@pytest.mark.parametrize("kommun", list(KOMMUNER))
@pytest.mark.parametrize("outcome", ["N07540", "N07403", "U07452", "N07609"])
def test_forvantat_tab_shows_the_views_value_interval_and_verdict(app_env, db_con, kommun, outcome):
    at = run_app("pages/samband.py", kommun=kommun, flik="forvantat", utfall=outcome)
    row = _row(db_con, outcome, kommun)
    assert at.query_params["flik"] == "forvantat" and at.query_params["utfall"] == outcome
    metrics = {m.label: m.value for m in at.metric}
    unit, p = row["unit"], _places(row)
    assert metrics[f"Förväntat utifrån struktur ({unit})"] == fmt_num(row["expected"], p)
    own = metrics[f"{KOMMUNER[kommun]}, {row['year']} ({unit})"]
    texts = " ".join(page_markdown(at))
    assert f"Förväntat för {KOMMUNER[kommun]}: **{_interval(row)}**" in texts
    # The verdict derived here from the observed value and the interval, gated by R².
    shown = [t for t in ("Fler ", "Färre ", "Större ", "Mindre ", "Inom ") if f"**{t}" in texts]
    if row["observed"] is None:  # Bjurholm has no NTU value: a visible gap, no verdict
        assert own == "saknas" and shown == []
        assert f"Kolada har inget värde för {KOMMUNER[kommun]} {row['year']}" in texts
    elif row["cv_r2"] < 0.3:
        assert own == fmt_num(row["observed"], p)
        assert shown == [] and "Inget omdöme" in texts
    else:
        assert own == fmt_num(row["observed"], p)
        above, below = row["observed"] > row["upper"], row["observed"] < row["lower"]
        expected_word = ("Fler " if outcome != "N07609" else "Större ") if above else None
        if below:
            expected_word = "Färre " if outcome != "N07609" else "Mindre "
        assert shown == [expected_word or "Inom "]
    captions = " ".join(c.value for c in at.caption)
    assert f"Korsvaliderat R² {fmt_num(row['cv_r2'], 2)}" in captions
    assert "Källa: Kolada" in captions
    assert not at.warning and not at.error
    assert "samband mellan kommuner, inte orsaker" in texts


def test_forvantat_tab_lists_the_furthest_kommuner_from_the_view(app_env, db_con):
    at = run_app("pages/samband.py", flik="forvantat", utfall="N07540")
    names = [
        r[0]
        for r in db_con.execute(
            "SELECT municipality FROM v_expected WHERE outcome = 'N07540' "
            "AND residual IS NOT NULL ORDER BY residual DESC LIMIT 5"
        ).fetchall()
    ]
    texts = " ".join(page_markdown(at))
    assert f"**Längst över det förväntade:** {', '.join(names)}." in texts
    table = at.dataframe[0].value
    assert len(table) == 5  # the five covariates of the model
    coefs = db_con.execute(
        "SELECT term, coef, se FROM v_expected_coef WHERE outcome = 'N07540' "
        "AND variant = 'model' AND term <> 'intercept' ORDER BY term"
    ).fetchall()
    derived = sorted(
        ("högre" if c > 0 else "lägre") if abs(c) > 1.96 * se else "osäker" for _, c, se in coefs
    )
    assert sorted(table["Förväntat värde"]) == derived


def test_a_bad_outcome_in_the_url_falls_back_with_a_notice(app_env):
    at = run_app("pages/samband.py", flik="forvantat", utfall="<x>")
    assert any("utfall=`<x>`" in w.value for w in at.warning)


@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_crime_over_time_shows_the_expected_value(app_env, db_con, kommun):
    at = run_app("pages/crime.py", kommun=kommun, kpi="N07403")
    row = _row(db_con, "N07403", kommun)
    note = next(m.value for m in at.markdown if m.value.startswith("**Förväntat utifrån struktur"))
    assert f"**Förväntat utifrån struktur, {row['year']}:** {_interval(row)}" in note
    observed = fmt_value(row["observed"], row["unit"], _places(row))
    assert f"{KOMMUNER[kommun]} hade {observed}" in note
    assert not at.warning and not at.error


@pytest.mark.parametrize("kpi", ["U15457", "U15459", "U15461"])
def test_salsa_deviations_on_skola_equal_koladas_values(app_env, snapshot_dir, kpi):
    at = run_app("pages/school.py", kommun="0880", kpi=kpi, fran="2015", till="2022")
    raw = json.loads((snapshot_dir / "kolada" / "data" / f"{kpi}.json").read_text("utf-8"))
    kolada = {
        r["period"]: v["value"]
        for r in raw["values"]
        if r["municipality"] == "0880"
        for v in r["values"]
        if v["gender"] == "T"
    }
    table = at.dataframe[0].value
    shown = {int(r["År"]): r["Kalmar"] for r in table.to_dict("records")}
    assert set(shown) == set(range(2015, 2023))
    for year, value in shown.items():
        assert value == fmt_num(kolada[year]), (year, value, kolada.get(year))


def test_msb_flags_say_when_they_are_absent(app_env):
    at = run_app("pages/crime.py", kommun="0880", kpi="U00489")
    assert any("Databasen har inga värden" in i.value for i in at.info)
