"""The Samband page through dashboard.py: shown r, n and points equal trygghet.stats on the DB."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import plotly_array, run_app
from trygghet.core import stats
from trygghet.samband.text import fmt_r

PAGE = "pages/samband.py"

# Independent of the page's code: one KPI/year per side, totals, kommuner only.
PAIRS_SQL = """
WITH x AS (SELECT municipality_id, value
           FROM kolada_value JOIN kolada_municipality m USING (municipality_id)
           WHERE kpi_id = $x AND year = $xy AND gender = 'T' AND m.type = 'K'
             AND value IS NOT NULL),
     y AS (SELECT municipality_id, value
           FROM kolada_value JOIN kolada_municipality m USING (municipality_id)
           WHERE kpi_id = $y AND year = $yy AND gender = 'T' AND m.type = 'K' AND value IS NOT NULL)
SELECT x.municipality_id, x.value AS x, y.value AS y FROM x JOIN y USING (municipality_id)
ORDER BY municipality_id
"""
VALUE_SQL = """SELECT value FROM kolada_value
WHERE kpi_id = $kpi AND municipality_id = $m AND year = $year AND gender = 'T'"""
N_KOMMUNER_SQL = "SELECT count(*) FROM kolada_municipality WHERE type = 'K'"
# The latest year t where at least half of all kommuner have x in t and y in t + lag.
DEFAULT_YEAR_SQL = """
WITH k AS (SELECT municipality_id FROM kolada_municipality WHERE type = 'K'),
x AS (SELECT municipality_id, year FROM kolada_value WHERE kpi_id = $x AND gender = 'T'
      AND value IS NOT NULL AND municipality_id IN (SELECT * FROM k)),
y AS (SELECT municipality_id, year - $lag AS year FROM kolada_value WHERE kpi_id = $y
      AND gender = 'T' AND value IS NOT NULL AND municipality_id IN (SELECT * FROM k))
SELECT max(year) FROM (SELECT year, count(*) AS n FROM x JOIN y USING (municipality_id, year)
                       GROUP BY year) WHERE n >= (SELECT count(*) FROM k) / 2
"""


def _open(**params: str) -> AppTest:
    return run_app(PAGE, **params)


def _array(raw: object) -> np.ndarray:
    """A chart's array as numbers (tests.apptest.plotly_array decodes plotly's typed arrays)."""
    if isinstance(raw, dict):
        return np.asarray(plotly_array(raw))
    return np.asarray(raw, dtype=float)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _trace(fig: dict, meta: str) -> dict:
    found = [t for t in fig["data"] if t.get("meta") == meta]
    assert len(found) == 1, [t.get("meta") for t in fig["data"]]
    return found[0]


def _metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def _default_year(db_con, lag: int) -> int:
    params = {"x": "N15508", "y": "N07403", "lag": lag}
    return int(db_con.execute(DEFAULT_YEAR_SQL, params).fetchall()[0][0])


def _value(db_con, kpi: str, kommun: str, year: int) -> float:
    return float(
        db_con.execute(VALUE_SQL, {"kpi": kpi, "m": kommun, "year": year}).fetchall()[0][0]
    )


def _pairs(db_con, x: str, xy: int, y: str, yy: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    frame = db_con.execute(PAIRS_SQL, {"x": x, "xy": xy, "y": y, "yy": yy}).df()
    return frame["x"].to_numpy(), frame["y"].to_numpy(), list(frame["municipality_id"])


def test_default_cross_view_shows_the_stats_of_the_db_data(app_env, db_con) -> None:
    at = _open(flik="kommuner")
    # Default year: the latest t where most kommuner have year-9 results and violence (lag 0).
    year = _default_year(db_con, 0)
    assert at.query_params["ar"] == str(year)
    x, y, ids = _pairs(db_con, "N15508", year, "N07403", year)
    pr, sr = stats.pearson(x, y), stats.spearman(x, y)
    n_all = db_con.execute(N_KOMMUNER_SQL).fetchall()[0][0]
    metrics = _metrics(at)
    assert metrics[:3] == [
        ("Pearson r", fmt_r(pr.r)),
        ("Spearman ρ", fmt_r(sr.r)),
        ("Kommuner", str(len(x))),
    ]
    text = " ".join(md.value for md in at.markdown)
    assert f"n = {len(x)}, {n_all - len(x)} utan data" in text
    assert f"KI {fmt_r(pr.low)} till {fmt_r(pr.high)}" in text
    assert f"KI {fmt_r(sr.low)} till {fmt_r(sr.high)}" in text
    # The scatter: Kalmar's point is the DB's pair, and every kommun with data is a point.
    fig = _figures(at)[0]  # only the open tab draws its figure
    kalmar = _trace(fig, "kommun")
    assert _array(kalmar["x"]).tolist() == [_value(db_con, "N15508", "0880", year)]
    assert _array(kalmar["y"]).tolist() == [_value(db_con, "N07403", "0880", year)]
    points = sum(len(_array(_trace(fig, m)["x"])) for m in ("kommun", "jämförelse", "övriga"))
    assert points == len(ids)
    line = _trace(fig, "linje")
    fitted = stats.ols_line(x, y)
    np.testing.assert_allclose(
        _array(line["y"]), fitted.intercept + fitted.slope * _array(line["x"])
    )


def test_lag_and_control_from_the_url_give_the_partial_correlation(app_env, db_con) -> None:
    at = _open(x="U09808", lag="2", ar="2018", ktrl="N15816", flik="kommuner")
    assert not at.warning
    frame = db_con.execute(PAIRS_SQL, {"x": "U09808", "xy": 2018, "y": "N07403", "yy": 2020}).df()
    ctrl = db_con.execute(
        "SELECT municipality_id, value AS c FROM kolada_value "
        "WHERE kpi_id = 'N15816' AND year = 2018 "
        "AND gender = 'T' AND value IS NOT NULL"
    ).df()
    joined = frame.merge(ctrl, on="municipality_id")
    pr = stats.partial(joined["x"], joined["y"], joined["c"])
    sr = stats.partial(joined["x"], joined["y"], joined["c"], method="spearman")
    assert _metrics(at)[:3] == [
        ("Partiell Pearson r", fmt_r(pr.r)),
        ("Partiell Spearman ρ", fmt_r(sr.r)),
        ("Kommuner", str(len(joined))),
    ]
    kalmar = _trace(_figures(at)[0], "kommun")
    assert _array(kalmar["x"]).tolist() == [_value(db_con, "U09808", "0880", 2018)]
    assert _array(kalmar["y"]).tolist() == [_value(db_con, "N07403", "0880", 2020)]


def test_change_view_equals_stats_on_db_changes(app_env, db_con) -> None:
    at = _open(fran="2017", till="2022", flik="forandring")
    x0, y0, ids0 = _pairs(db_con, "N15508", 2017, "N07403", 2017)
    x1, y1, ids1 = _pairs(db_con, "N15508", 2022, "N07403", 2022)
    both = sorted(set(ids0) & set(ids1))
    pos0, pos1 = ({m: i for i, m in enumerate(ids)} for ids in (ids0, ids1))
    dx = np.array([x1[pos1[m]] - x0[pos0[m]] for m in both])
    dy = np.array([y1[pos1[m]] - y0[pos0[m]] for m in both])
    pr, sr = stats.pearson(dx, dy), stats.spearman(dx, dy)
    assert _metrics(at)[:3] == [  # only the open tab draws its result
        ("Pearson r", fmt_r(pr.r)),
        ("Spearman ρ", fmt_r(sr.r)),
        ("Kommuner", str(len(both))),
    ]
    kalmar = _trace(_figures(at)[0], "kommun")
    assert _array(kalmar["x"])[0] == pytest.approx(
        _value(db_con, "N15508", "0880", 2022) - _value(db_con, "N15508", "0880", 2017)
    )


def test_indexed_time_view_puts_the_base_year_at_100(app_env, db_con) -> None:
    at = _open(visning="index", bas="2015", ind="N07403")
    fig = _figures(at)[0]
    kalmar = fig["data"][0]
    years, values = _array(kalmar["x"]), _array(kalmar["y"])
    base = _value(db_con, "N07403", "0880", 2015)
    for year in (2015, 2020, 2022):
        i = int(np.flatnonzero(years == year)[0])
        assert values[i] == pytest.approx(_value(db_con, "N07403", "0880", year) / base * 100)


def test_bad_url_values_fall_back_with_a_visible_notice(app_env, db_con) -> None:
    at = _open(x="X99999", lag="9", ar="1900", flik="kommuner")
    shown = " ".join(w.value for w in at.warning)
    assert "X99999" in shown and "lag=9" in shown and "ar=1900" in shown
    year = _default_year(db_con, 0)
    x, _, _ = _pairs(db_con, "N15508", year, "N07403", year)
    assert _metrics(at)[2] == ("Kommuner", str(len(x)))  # back on the defaults
    assert at.query_params["x"] == "N15508" and at.query_params["ar"] == str(year)


def test_changing_lag_moves_the_default_year_and_the_url(app_env, db_con) -> None:
    at = _open(flik="kommuner")
    at.slider(key="sb_lag").set_value(1).run(timeout=30)
    assert not at.exception
    year = _default_year(db_con, 1)
    assert at.query_params["lag"] == "1" and at.query_params["ar"] == str(year)
    x, _, _ = _pairs(db_con, "N15508", year, "N07403", year + 1)
    assert _metrics(at)[2] == ("Kommuner", str(len(x)))


def test_url_parsing_falls_back_per_parameter() -> None:
    from trygghet.samband.params import DEFAULT_INDICATORS, check_year, parse

    ids = {"N15508", "U09808", "N07403", "N15816"}
    good = parse(
        {
            "ind": "N07403,N07403,U09808",
            "x": "U09808",
            "lag": "3",
            "ktrl": "N15816",
            "visning": "index",
            "bas": "2015",
        },
        ids,
    )
    assert (good.indicators, good.x, good.y, good.lag, good.control, good.view, good.base) == (
        ("N07403", "U09808"),
        "U09808",
        "N07403",
        3,
        "N15816",
        "index",
        2015,
    )
    assert not good.warnings
    bad = parse({"ind": "BAD", "x": "N07403", "lag": "x", "ktrl": "N07403", "visning": "3d"}, ids)
    assert bad.indicators == DEFAULT_INDICATORS and (bad.x, bad.y, bad.lag) == (
        "N15508",
        "N07403",
        0,
    )
    assert bad.control == "ingen" and bad.view == "skalor" and len(bad.warnings) == 5
    assert parse(bad.to_query(), ids) == bad  # the canonical query round-trips
    assert check_year(1900, [2021, 2022], 2022, "ar") == (
        2022,
        "Året ar=1900 har inte data för valet; visar 2022 i stället.",
    )
    assert check_year(None, [2021, 2022], 2022, "ar") == (2022, None)


def test_bad_base_year_in_the_url_is_replaced_with_a_notice(app_env) -> None:
    at = _open(visning="index", bas="1800", ind="N07403")
    assert any("bas=1800" in w.value for w in at.warning)
    assert at.query_params["bas"] != "1800"


def test_time_view_shows_the_kommun_values_and_gaps(app_env, db_con) -> None:
    at = _open(ind="N15508,N07403")
    fig = _figures(at)[0]
    kommun_traces = [t for t in fig["data"] if t["name"] == "Kalmar"]
    assert len(kommun_traces) == 2  # one panel per indicator, one shared year axis
    for trace, kpi in zip(kommun_traces, ("N15508", "N07403"), strict=True):
        rows = dict(
            db_con.execute(
                "SELECT year, value FROM kolada_value "
                "WHERE kpi_id = $k AND municipality_id = '0880' "
                "AND gender = 'T' AND year BETWEEN 2010 AND 2025",
                {"k": kpi},
            ).fetchall()
        )
        for year, value in zip(_array(trace["x"]), _array(trace["y"]), strict=True):
            expected = rows.get(int(year))
            if expected is None:
                assert np.isnan(value)  # a gap stays a gap
            else:
                assert value == pytest.approx(expected)
        assert rows, kpi


def test_the_open_tab_is_in_the_url(app_env) -> None:
    """A shared link to Förändring opens Förändring (and keeps saying so in the address)."""
    at = run_app("pages/samband.py", flik="forandring")
    assert at.session_state["sb_tab"] == "Förändring"
    assert at.query_params["flik"] == "forandring"
    plain = run_app("pages/samband.py")
    assert plain.session_state["sb_tab"] == "Över tid"
    assert "flik" not in plain.query_params  # the first tab keeps old links canonical
    # Only the open tab draws: the change scatter for Förändring, the time panels by default.
    assert [len(_figures(a)) for a in (at, plain)] == [1, 1]
    assert _trace(_figures(at)[0], "kommun")["mode"].startswith("markers")
    assert any(tr["name"] == "Kalmar" for tr in _figures(plain)[0]["data"])
    bad = run_app("pages/samband.py", flik="<x>")
    assert any("flik=`<x>`" in w.value for w in bad.warning)
    assert bad.session_state["sb_tab"] == "Över tid"
