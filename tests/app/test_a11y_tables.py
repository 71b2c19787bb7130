"""Charts that got a table for keyboard and screen-reader users: the table holds the chart's data.

Samband's scatter: one row per kommun drawn, as many as the "Kommuner" figure says. Händelser's
heat map: its cells add up to the notices the caption counts. Jämför: a row per kommun of the
group and one for Riket.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from tests.apptest import plotly_array, run_app


def test_samband_table_has_a_row_per_kommun_in_the_scatter(app_env) -> None:
    at = run_app("pages/samband.py", kommun="0880", flik="kommuner")
    n = int(next(m for m in at.metric if m.label == "Kommuner").value)
    table = next(d.value for d in at.dataframe if "Kommunkod" in d.value.columns)
    assert len(table) == n
    assert table["Kommunkod"].str.fullmatch(r"\d{4}").all()


def test_heat_table_adds_up_to_the_notices_in_its_caption(app_env) -> None:
    at = run_app("pages/incidents.py", kommun="0880", period="2025")
    caption = next(c.value for c in at.caption if "notiser med tid i rubriken" in c.value)
    found = re.search(r"\(([\d\u00a0 ]+) notiser med tid i rubriken\)", caption)
    assert found, caption
    total = int(re.sub(r"\D", "", found.group(1)))
    table = next(d.value for d in at.dataframe if "Veckodag" in d.value.columns)
    assert int(table["Notiser"].sum()) == total


def test_jamfor_table_has_the_group_and_riket(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", kpi="N07403", vy="jamfor", ar="2022")
    table = next(d.value for d in at.dataframe if "Plats" in d.value.columns)
    lead = next(m.value for m in at.markdown if "har ett värde för 2022" in m.value)
    group = re.search(r"alla (\d+) har ett värde", lead)
    assert group, lead
    assert len(table) == int(group.group(1)) + 1  # the group, then Riket
    assert table["Kommun"].iloc[-1] == "Riket"
    assert "Kalmar" in set(table["Kommun"])


def _array(value: object) -> list:
    """A trace's array with a gap as None (a typed float array carries it as NaN)."""
    return [
        None if isinstance(v, float) and math.isnan(v) else v
        for v in (plotly_array(value) if value is not None else [])
    ]


def _traces(at, key: str) -> list[dict]:
    """The chart's traces with name, x, y and customdata as plain lists."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id)
    traces = json.loads(chart.proto.spec)["data"]
    return [
        {"name": t.get("name"), **{k: _array(t.get(k)) for k in ("x", "y", "customdata")}}
        for t in traces
    ]


def _number(cell: str) -> float | None:
    """A table cell in Swedish format ('1 234,5', '−2,0'), None for the missing-value dash."""
    text = cell.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return None if text in ("–", "") else float(text)


def test_samband_over_time_table_holds_each_line_of_the_chart(app_env) -> None:
    at = run_app("pages/samband.py", kommun="0880", flik="tid", ind="N07540,N15508")
    table = next(d.value for d in at.dataframe if "Indikator" in d.value.columns)
    kommun = [t for t in _traces(at, "fig_tid") if t["name"] == "Kalmar"]
    assert len(kommun) == 2  # one panel per indicator
    for trace, (_label, part) in zip(kommun, table.groupby("Indikator", sort=False), strict=True):
        drawn = {int(x): y for x, y in zip(trace["x"], trace["y"], strict=True)}
        shown = {int(y): _number(v) for y, v in zip(part["År"], part["Kalmar"], strict=True)}
        assert set(drawn) == set(shown)
        for year, value in drawn.items():
            if value is None:
                assert shown[year] is None
            else:  # the table rounds as the page does (core.format.fmt_num)
                assert shown[year] == pytest.approx(value, abs=0.06)


def test_skolor_sources_table_has_a_row_per_point_of_each_series(app_env) -> None:
    at = run_app("pages/school_units.py", kommun="0880")
    table = next(d.value for d in at.dataframe if "Serie" in d.value.columns)
    traces = [t for t in _traces(at, "src_") if t["x"]]
    drawn = {t["name"]: len(t["x"]) for t in traces}
    shown = table.groupby("Serie").size().to_dict()
    assert drawn == shown
    for trace in traces:
        hovers = trace["customdata"]
        values = table.loc[table["Serie"] == trace["name"], "Värde"].tolist()
        # The table says what each point's hover says after its school year.
        assert [h.split(": ", 1)[1] for h in hovers] == values
