"""Honest counts: every comparison mean and band says how many kommuner stand behind each year.

The page test recomputes the counts from v_kpi_values (Kalmar, Anmälda våldsbrott N07403,
2010–2016, where the similar kommuner's mean rests on 4–6 of 7 and the band on about 110 of 290
kommuner) and checks the hover, the table, the notice under the chart and the CSV.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from tests.apptest import run_app
from trygghet.indicators.charts import indicator_figure
from trygghet.indicators.text import count_note, count_of

KPI, KOMMUN, YEARS = "N07403", "0880", range(2010, 2017)


def frame() -> pd.DataFrame:
    """Counts in the shape of trygghet/sql/series.sql (invented for the unit tests)."""
    return pd.DataFrame(
        {
            "year": [2010, 2011, 2012, 2013, 2014],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
            "status": [None] * 5,
            "riket": [1.0] * 5,
            "riket_status": [None] * 5,
            "cmp_mean": [2.0, 2.0, None, 2.0, 2.0],
            "cmp_n": [4, 6, 0, 6, 7],
            "all_min": [0.0] * 5,
            "all_p25": [1.0] * 5,
            "all_p75": [3.0] * 5,
            "all_max": [9.0] * 5,
            "all_n": [103, 103, 290, 261, 260],
            "all_size": [290] * 5,
        }
    )


def test_count_of_names_the_missing_part() -> None:
    assert count_of(4, 7) == "4 av 7"
    assert count_of(7, 7) == "7"


def test_notice_names_thin_years_not_gaps() -> None:
    note = count_note(frame(), "liknande kommuner (7)", 7)
    # 2012 has no mean at all: a gap in the line, not a thin year.
    assert note.startswith(
        "Ofyllda punkter: medelvärdet för liknande kommuner (7) bygger på färre än 7 kommuner "
        "2010 (4), "
    )
    assert "2011 (6), 2013 (6)." in note
    # 261 of 290 is 90 %: not thin; 260 is.
    assert "2010–2011 (103), 2014 (260)." in note
    assert count_note(frame().assign(cmp_n=7, all_n=290), "x", 7) == ""


def test_hover_carries_the_counts() -> None:
    fig = indicator_figure(frame(), kommun_name="K", comparison="C", unit="%", group_size=7)
    mean = next(t for t in fig.data if t.name == "C, medelvärde (ovägt)")
    assert list(mean.customdata) == [
        "2\u00a0% (medel av 4 av 7 kommuner)",
        "2\u00a0% (medel av 6 av 7 kommuner)",
        "inget värde",
        "2\u00a0% (medel av 6 av 7 kommuner)",
        "2\u00a0% (medel av 7 kommuner)",
    ]
    # Hollow where the mean rests on fewer than 7; 2012 has no mean (a gap, not a thin year).
    assert list(mean.marker.symbol) == ["circle-open"] * 2 + ["circle", "circle-open", "circle"]
    band = next(t for t in fig.data if t.name == "Alla kommuner" and t.customdata is not None)
    assert band.customdata[0].endswith("(103 av 290 kommuner)")
    assert band.customdata[2].endswith("(290 kommuner)")
    # The thin years of the band are hatched: 2010–2011 and 2014 (261 of 290 is 90 %).
    hatched = [t for t in fig.data if t.legendgroup and "färre än 90" in t.legendgroup]
    assert [min(t.x) for t in hatched] == [2010.0, 2013.8]
    assert all(t.fillpattern.shape == "/" for t in hatched)


def expected_counts(db_con) -> dict[int, tuple[int, int]]:
    """Per year: kommuner of Kalmar's similar group with a value, all kommuner with a value."""
    peers = [
        r[0]
        for r in db_con.execute(
            "SELECT member_id FROM v_default_peer_group d JOIN v_peer_groups p USING (group_id) "
            "WHERE d.municipality_id = ? AND member_id <> ?",
            [KOMMUN, KOMMUN],
        ).fetchall()
    ]
    out = {}
    for year in YEARS:
        rows = db_con.execute(
            "SELECT municipality_id FROM v_kpi_values WHERE kpi_id = ? AND gender = 'T' "
            "AND year = ? AND municipality_type = 'K' AND value IS NOT NULL",
            [KPI, year],
        ).fetchall()
        have = {r[0] for r in rows}
        out[year] = (len(have & set(peers)), len(have))
    return out


def test_page_shows_counts_for_kalmar_violence(app_env, db_con) -> None:
    at = run_app("pages/crime.py", kommun=KOMMUN, kpi=KPI, fran="2010", till="2016")
    counts = expected_counts(db_con)
    total = db_con.execute(
        "SELECT count(*) FROM v_municipalities WHERE municipality_type = 'K'"
    ).fetchall()[0][0]
    group = 7
    assert any(0 < c < group for c, _ in counts.values()), "the case this test is about"

    # The table: one count column for the mean, one for the band.
    table = at.dataframe[0].value
    for row in table.to_dict("records"):
        cmp_n, all_n = counts[int(row["År"])]
        assert row[f"Liknande kommuner ({group}), antal med värde"] == count_of(cmp_n, group)
        assert row["Alla kommuner, antal med värde"] == count_of(all_n, total)

    # The hover of the mean and of the band.
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    mean = next(t for t in spec["data"] if "ovägt" in (t.get("name") or ""))
    band = next(t for t in spec["data"] if t.get("name") == "Alla kommuner")
    for i, year in enumerate(mean["x"]):
        cmp_n, all_n = counts[year]
        assert mean["customdata"][i].endswith(f"(medel av {count_of(cmp_n, group)} kommuner)")
        assert band["customdata"][i].endswith(f"({count_of(all_n, total)} kommuner)")

    # The notice names exactly the thin years, with their counts.
    notice = next(c.value for c in at.caption if c.value.startswith("Ofyllda punkter: "))
    thin_mean = [y for y, (c, _) in counts.items() if 0 < c < group]
    thin_band = [y for y, (_, a) in counts.items() if 0 < a < 0.9 * total]
    assert thin_mean and thin_band
    mean_part, band_part = notice.split("Streckat: spridningen")
    for year in YEARS:
        named = str(year) in mean_part or any(
            f"{a}–{b}" in mean_part and a <= year <= b for a in YEARS for b in YEARS
        )
        assert named == (year in thin_mean), year
        assert f"({counts[year][0]})" in mean_part or year not in thin_mean
        assert f"({counts[year][1]})" in band_part or year not in thin_band
    assert f"färre än 90\u00a0% av landets {total} kommuner" in band_part


def test_csv_carries_counts_and_header(app_env, db_con, monkeypatch) -> None:
    """The downloaded file: a header block naming what it is, then the numbers with counts."""
    import streamlit as st

    files: list[bytes] = []
    original = st.download_button

    def keep(label, data, *args, **kwargs):  # the script runs in this process: record the file
        files.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", keep)
    run_app("pages/crime.py", kommun=KOMMUN, kpi=KPI, fran="2010", till="2016")
    text = files[-1].decode("utf-8-sig")
    head, body = text.split("\r\n\r\n", 1)
    block = dict(list(csv.reader(io.StringIO(head), delimiter=";"))[1:])
    assert block["Indikator"] == f"Anmälda våldsbrott ({KPI})"
    assert block["Enhet"] == "antal/100 000 inv"
    assert block["År"] == "2010–2016"
    assert block["Kommun"] == f"Kalmar ({KOMMUN})"
    assert (
        block["Jämförelse"].startswith("Liknande kommuner (7): ")
        and "(1080)" in block["Jämförelse"]
    )
    assert "Kolada" in block["Källa"] and KPI in block["Källa"]
    licence = db_con.execute("SELECT licence FROM v_sources WHERE source = 'kolada'").fetchall()
    assert block["Licens"] == licence[0][0]
    assert block["Hämtad"].startswith("ur en sparad ögonblicksbild, inläst 20")
    assert f"kpi={KPI}" in block["Länk"] and f"kommun={KOMMUN}" in block["Länk"]
    table = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    counts = expected_counts(db_con)
    total = db_con.execute(
        "SELECT count(*) FROM v_municipalities WHERE municipality_type = 'K'"
    ).fetchall()[0][0]
    assert [int(r["År"]) for r in table] == list(YEARS)
    for r in table:
        cmp_n, all_n = counts[int(r["År"])]
        assert int(r["Jämförelse, antal kommuner med värde"]) == cmp_n
        assert int(r["Jämförelse, antal kommuner i gruppen"]) == 7
        assert int(r["Alla kommuner, antal med värde"]) == all_n
        assert int(r["Alla kommuner, antal totalt"]) == total
