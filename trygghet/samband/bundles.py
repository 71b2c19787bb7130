"""Cached numbers and figures for the Samband page, keyed by plain selection values.

Figures are kept with st.cache_resource, not st.cache_data: pickling a plotly Figure
rebuilds and re-validates it, which costs as much as drawing it anew. The page and
st.plotly_chart only read them (plotly_chart serialises a deep copy).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.format import file_slug, fmt_num
from trygghet.core.query import TTL_S
from trygghet.indicators import queries
from trygghet.indicators.catalogue import Indicator
from trygghet.samband import charts, data
from trygghet.samband.queries import kpi_values
from trygghet.sidebar.data import Choice, source_facts
from trygghet.sidebar.queries import kommuner, provenance


@dataclass(frozen=True)
class Result:
    """One cross-kommun view: who is in, the statistics, the scatter (None when too few)."""

    pairs: data.Pairs
    summary: data.Summary | None
    figure: go.Figure | None
    csv: bytes  # the points for download, spreadsheet-safe (built once, not on every rerun)
    filename: str = "samband.csv"


def _export(
    db: Db,
    p: data.Pairs,
    choice: Choice,
    heads: dict[str, str],
    facts: list[tuple[str, str]],
    name: str,
) -> tuple[bytes, str]:
    """The points as a CSV people can cite: Swedish headers naming each variable and year,
    and a header block with the variables, years, lag, kommun, comparison and source."""
    table = p.data.rename(
        columns={"municipality_id": "Kommunkod", "municipality": "Kommun", **heads}
    )
    about = [
        ("Innehåll", "Samband mellan kommuner; varje rad är en kommun"),
        *facts,
        ("Markerad kommun", choice.kommun_name),
        ("Jämförelsegrupp (i diagrammet)", choice.comparison_title),
        *source_facts(provenance(db), "kolada"),
        ("Bearbetning", "Egen bearbetning av data från Kolada (samband beräknade)"),
    ]
    return export_csv(table, about), f"{name}_{file_slug(choice.kommun_name)}.csv"


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def year_options(
    db: Db, x: str, y: str, lag: int, lo: int, hi: int
) -> tuple[list[int], int | None]:
    """Years t to offer for x in t and y in t + lag, and the default year."""
    n = len(kommuner(db))
    counts = data.pair_counts(kpi_values(db, x), kpi_values(db, y), lag)
    return data.year_choice(counts, n, lo, hi)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def change_span(db: Db, x: str, y: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Start and end years of the change view inside lo..hi."""
    n = len(kommuner(db))
    return data.change_span(kpi_values(db, x), kpi_values(db, y), n, lo, hi)


def _result(
    p: data.Pairs,
    control: str | None,
    choice: Choice,
    titles: tuple[str, str],
    units: tuple[str, str],
    export: tuple[bytes, str],
) -> Result:
    if p.n < 3:
        return Result(p, None, None, b"")
    summary = data.summarise(p, control)
    fig = charts.scatter(
        p.data,
        choice.kommun_id,
        choice.members,
        titles[0],
        titles[1],
        units[0],
        units[1],
        summary.line,
        choice.comparison_label,
    )
    return Result(p, summary, fig, *export)


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def cross(
    db: Db,
    choice: Choice,
    x: Indicator,
    y: Indicator,
    year: int,
    lag: int,
    control: Indicator | None,
) -> Result:
    """View 2: x in year t against y in t + lag for all kommuner, optionally partial."""
    measures = {
        "x": (kpi_values(db, x.kpi_id), year, x.label),
        "y": (kpi_values(db, y.kpi_id), year + lag, y.label),
    }
    if control is not None:
        measures["c"] = (kpi_values(db, control.kpi_id), year, control.label)
    p = data.pairs(kommuner(db), measures)
    heads = {"x": f"{x.label} {year} ({x.unit})", "y": f"{y.label} {year + lag} ({y.unit})"}
    facts = [
        ("Variabel x", f"{x.label} ({x.unit}), Kolada {x.kpi_id}, år {year}"),
        ("Variabel y", f"{y.label} ({y.unit}), Kolada {y.kpi_id}, år {year + lag}"),
        ("Fördröjning", f"{lag} år (y mäts {lag} år efter x)"),
    ]
    if control is not None:
        heads["c"] = f"{control.label} {year} ({control.unit})"
        facts.append(
            (
                "Kontrollvariabel",
                f"{control.label} ({control.unit}), Kolada {control.kpi_id}, år {year}",
            )
        )
    name = f"samband_{x.kpi_id}-{year}_{y.kpi_id}-{year + lag}"
    return _result(
        p,
        "c" if control else None,
        choice,
        (f"{x.label} {year}", f"{y.label} {year + lag}"),
        (x.unit, y.unit),
        _export(db, p, choice, heads, facts, name),
    )


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def change(db: Db, choice: Choice, x: Indicator, y: Indicator, start: int, end: int) -> Result:
    """View 3: per kommun the change start -> end in x against the change in y."""
    p = data.changes(
        kommuner(db),
        (kpi_values(db, x.kpi_id), x.label),
        (kpi_values(db, y.kpi_id), y.label),
        start,
        end,
    )
    heads = {
        "x": f"Förändring {x.label} {start}–{end} ({x.unit})",
        "y": f"Förändring {y.label} {start}–{end} ({y.unit})",
    }
    facts = [
        ("Variabel x", f"Förändring i {x.label} ({x.unit}), Kolada {x.kpi_id}, {start}–{end}"),
        ("Variabel y", f"Förändring i {y.label} ({y.unit}), Kolada {y.kpi_id}, {start}–{end}"),
        ("Förändring", f"värde {end} minus värde {start}; ingen fördröjning"),
    ]
    name = f"forandring_{x.kpi_id}_{y.kpi_id}_{start}-{end}"
    return _result(
        p,
        None,
        choice,
        (f"Förändring {x.label} {start}–{end}", f"Förändring {y.label} {start}–{end}"),
        (x.unit, y.unit),
        _export(db, p, choice, heads, facts, name),
    )


def _series(db: Db, choice: Choice, kpi: str, lo: int, hi: int) -> pd.DataFrame:
    return queries.series(db, kpi, choice.kommun_id, choice.members, "T", lo, hi)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def complete_years(db: Db, choice: Choice, kpis: tuple[str, ...]) -> list[int]:
    """Years of the choice where the kommun has a value for every chosen indicator."""
    have = None
    for kpi in kpis:
        s = _series(db, choice, kpi, choice.year_from, choice.year_to)
        years = set(s.loc[s["value"].notna(), "year"].astype(int))
        have = years if have is None else have & years
    return sorted(have or ())


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def _panels(
    db: Db, choice: Choice, kpis: tuple[Indicator, ...], base: int | None
) -> tuple[charts.Panel, ...]:
    """View 1's series, one per indicator, indexed to base = 100 when base is given: read once
    for the chart and its table."""
    panels = []
    for ind in kpis:
        s = _series(db, choice, ind.kpi_id, choice.year_from, choice.year_to)
        if base is not None:
            s = data.indexed(s, ["value", "cmp_mean"], base)
        panels.append(charts.Panel(ind.label, ind.unit, s))
    return tuple(panels)


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def timeline(db: Db, choice: Choice, kpis: tuple[Indicator, ...], base: int | None) -> go.Figure:
    """View 1: small multiples on one year axis; indexed to base = 100 when base is given."""
    return charts.time_panels(
        list(_panels(db, choice, kpis, base)),
        choice.kommun_name,
        choice.comparison_label,
        base is not None,
        base,
    )


@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def timeline_table(
    db: Db, choice: Choice, kpis: tuple[Indicator, ...], base: int | None
) -> pd.DataFrame:
    """View 1 as a table, for a screen reader or the keyboard: per indicator and year the
    kommun's value and the group's mean, as the chart draws them."""
    group = f"Medelvärde, {choice.comparison_label}"
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "Indikator": p.label,
                    "År": p.series["year"].astype(int),
                    choice.kommun_name: [fmt_num(v) for v in p.series["value"]],
                    group: [fmt_num(v) for v in p.series["cmp_mean"]],
                }
            )
            for p in _panels(db, choice, kpis, base)
        ],
        ignore_index=True,
    )
