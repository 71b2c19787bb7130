"""Charts that got a table for keyboard and screen-reader users: the table holds the chart's data.

Samband's scatter: one row per kommun drawn, as many as the "Kommuner" figure says. Händelser's
heat map: its cells add up to the notices the caption counts. Jämför: a row per kommun of the
group and one for Riket.
"""

from __future__ import annotations

import re

from tests.apptest import run_app


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
