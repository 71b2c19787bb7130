"""Cached numbers and figures for the Samband page, keyed by plain selection values.

Figures are kept with st.cache_resource, not st.cache_data: pickling a plotly Figure
rebuilds and re-validates it, which costs as much as drawing it anew. The page and
st.plotly_chart only read them (plotly_chart serialises a deep copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core.format import safe_csv
from trygghet.core.query import TTL_S, Con
from trygghet.indicators import queries
from trygghet.samband import charts, data
from trygghet.samband.queries import kpi_values
from trygghet.sidebar.queries import kommuner


class Indicator(NamedTuple):
    """A catalogue entry as the views need it (a tuple, so it hashes as a cache key)."""

    kpi_id: str
    label: str
    unit: str


@dataclass(frozen=True)
class Result:
    """One cross-kommun view: who is in, the statistics, the scatter (None when too few)."""

    pairs: data.Pairs
    summary: data.Summary | None
    figure: go.Figure | None
    csv: bytes  # the points for download, spreadsheet-safe (built once, not on every rerun)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def year_options(
    _con: Con, key: str, x: str, y: str, lag: int, lo: int, hi: int
) -> tuple[list[int], int | None]:
    """Years t to offer for x in t and y in t + lag, and the default year."""
    n = len(kommuner(_con, key))
    counts = data.pair_counts(kpi_values(_con, key, x), kpi_values(_con, key, y), lag)
    return data.year_choice(counts, n, lo, hi)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def change_span(_con: Con, key: str, x: str, y: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Start and end years of the change view inside lo..hi."""
    n = len(kommuner(_con, key))
    return data.change_span(kpi_values(_con, key, x), kpi_values(_con, key, y), n, lo, hi)


def _result(
    p: data.Pairs,
    control: str | None,
    kommun: str,
    members: tuple[str, ...],
    comparison: str,
    titles: tuple[str, str],
    units: tuple[str, str],
) -> Result:
    if p.n < 3:
        return Result(p, None, None, b"")
    summary = data.summarise(p, control)
    fig = charts.scatter(
        p.data, kommun, members, titles[0], titles[1], units[0], units[1], summary.line, comparison
    )
    return Result(p, summary, fig, safe_csv(p.data))


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def cross(
    _con: Con,
    key: str,
    x: Indicator,
    y: Indicator,
    year: int,
    lag: int,
    control: Indicator | None,
    kommun: str,
    members: tuple[str, ...],
    comparison: str,
) -> Result:
    """View 2: x in year t against y in t + lag for all kommuner, optionally partial."""
    measures = {
        "x": (kpi_values(_con, key, x.kpi_id), year, x.label),
        "y": (kpi_values(_con, key, y.kpi_id), year + lag, y.label),
    }
    if control is not None:
        measures["c"] = (kpi_values(_con, key, control.kpi_id), year, control.label)
    p = data.pairs(kommuner(_con, key), measures)
    return _result(
        p,
        "c" if control else None,
        kommun,
        members,
        comparison,
        (f"{x.label} {year}", f"{y.label} {year + lag}"),
        (x.unit, y.unit),
    )


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def change(
    _con: Con,
    key: str,
    x: Indicator,
    y: Indicator,
    start: int,
    end: int,
    kommun: str,
    members: tuple[str, ...],
    comparison: str,
) -> Result:
    """View 3: per kommun the change start -> end in x against the change in y."""
    p = data.changes(
        kommuner(_con, key),
        (kpi_values(_con, key, x.kpi_id), x.label),
        (kpi_values(_con, key, y.kpi_id), y.label),
        start,
        end,
    )
    return _result(
        p,
        None,
        kommun,
        members,
        comparison,
        (f"Förändring {x.label} {start}–{end}", f"Förändring {y.label} {start}–{end}"),
        (x.unit, y.unit),
    )


def _series(
    con: Con, key: str, kpi: str, kommun: str, members: tuple[str, ...], lo: int, hi: int
) -> pd.DataFrame:
    return queries.series(con, key, kpi, kommun, members, "T", lo, hi)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def complete_years(
    _con: Con,
    key: str,
    kpis: tuple[str, ...],
    kommun: str,
    members: tuple[str, ...],
    lo: int,
    hi: int,
) -> list[int]:
    """Years in lo..hi where the kommun has a value for every chosen indicator."""
    have = None
    for kpi in kpis:
        s = _series(_con, key, kpi, kommun, members, lo, hi)
        years = set(s.loc[s["value"].notna(), "year"].astype(int))
        have = years if have is None else have & years
    return sorted(have or ())


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def timeline(
    _con: Con,
    key: str,
    kpis: tuple[Indicator, ...],
    kommun: str,
    kommun_name: str,
    members: tuple[str, ...],
    comparison: str,
    lo: int,
    hi: int,
    base: int | None,
) -> go.Figure:
    """View 1: small multiples on one year axis; indexed to base = 100 when base is given."""
    panels = []
    for ind in kpis:
        s = _series(_con, key, ind.kpi_id, kommun, members, lo, hi)
        if base is not None:
            s = data.indexed(s, ["value", "cmp_mean"], base)
        panels.append(charts.Panel(ind.label, ind.unit, s))
    return charts.time_panels(panels, kommun_name, comparison, base is not None, base)
