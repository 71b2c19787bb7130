"""Översikt's cards through the entrypoint: values, places and charts; the pure card pieces.

The cards' words and intervals are checked against the source in
tests/indicators/test_verdicts_pages.py.
"""

from __future__ import annotations

import json

import pandas as pd

from tests.apptest import indicator, page_markdown, run_app
from trygghet.core import judgement as jd
from trygghet.core.format import NBSP, fmt_num
from trygghet.indicators.catalogue import Indicator
from trygghet.overview import text as card_text
from trygghet.overview.charts import mini_chart
from trygghet.overview.data import NO_GROUP, NO_PEER_MEAN, Card, Who, card

KOMMUNER = {"0880": "Kalmar", "2403": "Bjurholm"}
THEMES = {
    "brott": "Brott",
    "trygghet": "Trygghet",
    "skola": "Skola",
    "unga_fritid": "Unga & fritid",
}
YEARS = (2010, 2025)


def headlines(db_con) -> list[tuple[str, str, str, str]]:
    """(theme, kpi, unit, direction) of the four themes' headline indicators, in page order."""
    rows = db_con.execute(
        "SELECT theme, kpi_id, unit, direction FROM v_indicators WHERE headline"
    ).fetchall()
    by_theme = {r[0]: r for r in rows}
    return [by_theme[t] for t in THEMES]


def own_values(db_con, kpi: str, unit_id: str) -> dict[int, float]:
    rows = db_con.execute(
        "SELECT year, value FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = ? "
        "AND gender = 'T' AND value IS NOT NULL AND year BETWEEN ? AND ?",
        [kpi, unit_id, *YEARS],
    ).fetchall()
    return dict(rows)


def test_kalmar_crime_card_reads_as_no_sure_change_and_highest(app_env, db_con) -> None:
    """The issue's example: −1,9 % since 2020 is within the noise, and Kalmar is highest of 8."""
    at = run_app(kommun="0880")
    texts = page_markdown(at)
    own = own_values(db_con, "N07540", "0880")
    assert (
        f"Sedan 2020: ↓{NBSP}{fmt_num((own[2020] - own[2025]) / own[2020] * 100, 1)}"
        in " ".join(texts)
    )
    assert "– **ingen säker förändring**" in " ".join(texts)
    assert "Läge 2025: högst av 8 liknande kommuner" in " ".join(texts)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Kalmar 2025 (antal/100 000 inv)"] == fmt_num(own[2025], 0)
    assert len(at.get("plotly_chart")) == 4 and len(at.get("page_link")) == 4


def test_bjurholm_has_no_safety_chart_and_three_mini_charts(app_env) -> None:
    at = run_app(kommun="2403")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 3
    assert all(c["data"][1]["name"] == "Bjurholm" for c in charts)
    assert {m.label: m.value for m in at.metric}["Bjurholm (%)"] == "–"


# The pure rule, on small frames whose numbers are made up for the arithmetic (not shown).
RATE_UNIT = "antal/100 000 inv"  # the unit of a Kolada rate, as in catalogues/indicators.toml
IND = indicator("N07540", "Anmälda brott totalt", RATE_UNIT, "lower_better", "brott")


def frame(values: dict[int, float | None], means: dict[int, float | None]) -> pd.DataFrame:
    years = sorted(values)
    return pd.DataFrame(
        {
            "year": years,
            "value": [values[y] for y in years],
            "status": [None if values[y] is not None else "Missing" for y in years],
            "cmp_mean": [means.get(y) for y in years],
        }
    )


def make(df: pd.DataFrame, ind: Indicator = IND, pop: dict[int, float] | None = None) -> Card:
    standing = pd.DataFrame({"municipality_id": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]})
    population = pop if pop is not None else {int(y): 100_000.0 for y in df["year"]}
    who = Who("k", "K", ("a", "b"), "liknande kommuner", "liknande kommuner (2)", 2010)
    group = {"a": {2015: 1.0, 2020: 1.1}, "b": {2015: 2.0, 2020: 2.1}}
    return card(ind, df, standing, jd.Evidence(population, {}, {}), who, group)


def test_a_short_history_withholds_the_verdict_and_says_so() -> None:
    df = frame({2015: 300.0, 2020: 600.0}, {2015: 100.0, 2020: 100.0})
    c = make(df, pop={2015: 4000.0, 2020: 4000.0})  # 12 and 24 events, two years only
    assert c.change.endswith("– ingen bedömning (för kort historik)")
    assert c.outcome.verdict == "" and c.outcome.why_not == "för kort historik"
    unknown = make(df, pop={2020: 4000.0})
    assert unknown.outcome.why_not == "folkmängden saknas"


def test_missing_target_year_is_named_and_neutral_gets_a_dash() -> None:
    df = frame({2016: 10.0, 2017: None, 2019: 12.0, 2022: 11.0}, {2016: 5.0, 2022: 5.0})
    neutral = indicator("X", "x", "%", "neutral", "skola")
    c = make(df, neutral)
    assert c.change.startswith("Sedan 2016 (inget värde 2017: saknas; närmaste år")
    assert "– (ingen bättre riktning)" in c.change
    assert c.outcome.verdict == "–" and c.outcome.versus == ""
    assert "Inget värde för K 2017 (saknas) mellan 2016 och 2022." in c.notes


def test_single_value_and_no_value() -> None:
    one = make(frame({2020: None, 2021: 50.0}, {}))
    assert one.change.startswith("Inget tidigare värde") and one.outcome.why_not
    lonely = make(frame({2016: 100.0, 2020: 101.0}, {2020: 5.0}))
    assert lonely.peers == NO_PEER_MEAN  # no member has both 2016 and 2020
    nobody = Who("k", "K", (), "k", "k (0)", 2016)
    alone = card(IND, frame({2017: 1.0, 2020: 1.0}, {}), None, jd.NO_EVIDENCE, nobody)
    assert alone.place == "" and alone.peers == NO_GROUP
    assert alone.change.startswith("Sedan 2017 (2015 ligger före de valda åren")
    empty = card(IND, frame({}, {}), None, jd.NO_EVIDENCE, nobody)
    assert empty.notes == ("Inget värde för K under de valda åren.",)
    none = make(frame({2020: None, 2021: None}, {}))
    assert none.value == "–" and none.notes[0].startswith("Inget värde för K 2020–2021: saknas")


def test_rounding_place_and_summary_words() -> None:
    assert card_text.fmt_rounded(12770.6281, RATE_UNIT) == f"12{NBSP}771"
    assert card_text.fmt_rounded(28.446, "%") == "28,4"
    assert card_text.fmt_rounded(0.5326, "antal/inv") == "0,53"
    assert card_text.place_in_group(5.0, [1.0, 2.0, 3.0], "liknande kommuner") == (
        "högst av 4 liknande kommuner"
    )
    assert card_text.place_in_group(2.0, [1.0, 3.0, 4.0, 5.0], "kommuner", 1) == (
        "näst lägst av 5 kommuner med värde"
    )
    assert card_text.place_in_group(1.0, [], "kommuner") == ""
    assert card_text.place_in_group(0.0, [1.0] * 12, "kommuner") == "lägst av 13 kommuner"
    assert (
        card_text.place_in_group(15.5, [float(v) for v in range(30)], "k") == "15:e högst av 31 k"
    )
    others = [float(v) for v in range(100)]
    assert "högst" in card_text.place_in_all(99.5, others) and "lägst" in card_text.place_in_all(
        -1, others
    )
    assert card_text.place_in_all(50.0, others) == "i mittenhalvan av landets kommuner"
    assert card_text.place_in_all(1.0, []) == ""
    assert jd.base_year([2020], 2020) is None
    none = card_text.Outcome("Brott", "", None, "", "inget värde")
    assert card_text.summary([none], "k").startswith("Ingen av de 1 huvudindikatorerna")
    one = card_text.Outcome("Skola", "bättre", 2019, "bättre", "")
    assert card_text.summary([one, none], "liknande kommuner") == (
        "Sedan 2019 har 1 av 2 huvudindikatorer blivit bättre och ingen sämre; ingen "
        "bedömning för brott (inget värde). Jämfört med liknande kommuner utvecklades 1 bättre."
    )


def test_mini_chart_labels_first_and_last_year_and_keeps_gaps() -> None:
    df = frame({2014: None, 2015: 3.0, 2016: None, 2017: 4.0, 2018: None}, {2015: 2.0})
    fig = mini_chart(df, "Kalmar", "Liknande kommuner (7)", "%")
    assert fig is not None
    assert list(fig.layout.xaxis.tickvals) == [2015, 2017]
    kommun = fig.data[1]
    assert kommun.name == "Kalmar" and list(kommun.y) == [3.0, None, 4.0]
    assert kommun.connectgaps is False and fig.data[0].name == "Medel, liknande kommuner (7)"
    assert list(kommun.text) == ["3,0", "", "4,0"]
    assert mini_chart(frame({2015: None}, {}), "K", "G", "%") is None
