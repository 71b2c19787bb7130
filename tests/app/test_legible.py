"""Legible for everyone: the choice at the top of every page, Händelser outside the loaded län."""

from __future__ import annotations

import itertools
import json
import math

import plotly.graph_objects as go
import pytest

from tests.apptest import plotly_array, run_app
from trygghet.sidebar.views import W_TOP_JMF, W_TOP_KOMMUN, W_TOP_OPEN


def _top_line(at) -> str:
    return next(m.value for m in at.markdown if "jämfört med" in m.value)


def test_the_top_line_names_kommun_comparison_and_years(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", fran="2012", till="2020")
    line = _top_line(at)
    assert line.startswith("**Kalmar** · jämfört med liknande kommuner (")
    assert line.endswith("2012\u2060–\u20602020")


def test_choosing_at_the_top_changes_the_kommun_and_the_url(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", jmf="liknande", fran="2012", till="2020")
    at.selectbox(key=W_TOP_KOMMUN).set_value("1080").run()
    assert not at.exception
    assert at.session_state[W_TOP_OPEN] is False  # the popover closes after a choice
    assert at.query_params["kommun"] == "1080"
    assert at.query_params["fran"] == "2012"  # the years stay
    assert _top_line(at).startswith("**Karlskrona** · jämfört med")
    assert at.selectbox(key="w_kommun").value == "1080"  # the sidebar agrees
    at.radio(key=W_TOP_JMF).set_value("lan").run()
    assert at.query_params["jmf"] == "lan"
    assert "övriga kommuner i Region Blekinge" in _top_line(at)


def test_haendelser_outside_the_loaded_laen_names_it_and_how_to_load_another(app_env) -> None:
    at = run_app("pages/incidents.py", kommun="0180")
    notice = next(w.value for w in at.warning if "Stockholm" in w.value)
    assert "Kalmar län (08)" in notice  # the län that is loaded
    assert "Stockholms län" in notice  # where the chosen kommun is
    assert "TRYGGHET_COUNTY" in notice and "`all`" in notice
    assert "visar Kalmar" in notice


def _skolor(**params: str):
    at = run_app("pages/school_units.py", kommun="0880", **params)
    figures = [go.Figure(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]
    return at, figures


def test_skolor_reads_on_a_phone(app_env) -> None:
    at, (series, school_map) = _skolor(matt="behorighet")
    # The table: number, school and the chosen measure first, the owner last.
    table = next(d.value for d in at.dataframe if "Skola" in d.value.columns)  # not the sources
    assert list(table.columns[:3]) == ["Nr", "Skola", "Behöriga %"]
    assert table.columns[-1] == "Huvudman"
    # The year axis: level labels, none rotated, at most five, the newest shown, room at the ends.
    axis = series.layout.xaxis
    assert axis.tickangle == 0 and len(axis.ticktext) <= 5
    assert axis.tickvals[-1] == max(axis.tickvals)
    assert axis.range[0] < min(axis.tickvals) and axis.range[1] > max(axis.tickvals)
    # The map: every school inside the kommun has its number once, and no two numbers collide.
    labels = [
        (x, y, text)
        for t in school_map.data
        if t.mode == "markers+text"
        for x, y, text in zip(plotly_array(t.x), plotly_array(t.y), t.text, strict=True)
    ]
    texts = [text for _, _, text in labels]
    assert len(texts) == len(set(texts)) == 9
    lat0 = math.radians(sum(y for _, y, _ in labels) / len(labels))
    xs = [
        x for t in school_map.data if t.fill == "toself" for x in plotly_array(t.x) if x is not None
    ]
    width = (max(xs) - min(xs)) * math.cos(lat0)
    for (x1, y1, _), (x2, y2, _) in itertools.combinations(labels, 2):
        gap = math.dist((x1 * math.cos(lat0), y1), (x2 * math.cos(lat0), y2))
        assert gap > 0.04 * width


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/school_units.py", {"kommun": "0880"}),
        ("pages/incidents.py", {"kommun": "0880", "period": "2025"}),
        ("pages/samband.py", {"kommun": "0880"}),
        ("pages/crime.py", {"kommun": "0880", "kpi": "N07403"}),
    ],
)
def test_tooltips_put_no_space_before_a_colon(app_env, page: str, params: dict[str, str]) -> None:
    """Swedish puts no space before a colon; plotly's unified hover writes 'name : text'
    unless the template ends in <extra></extra>."""
    at = run_app(page, **params)
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        unified = "unified" in str(spec.get("layout", {}).get("hovermode", ""))
        for trace in spec["data"]:
            texts = _strings(trace.get("hovertemplate")) + _strings(trace.get("customdata"))
            assert not [t for t in texts if " :" in t], trace.get("name")
            if unified and trace.get("hoverinfo") != "skip":
                assert str(trace.get("hovertemplate", "")).endswith("<extra></extra>"), trace
