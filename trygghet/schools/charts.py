"""Pure figures for the school view: the two sources side by side, and the schools on a map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import is_missing
from trygghet.core.style import PALETTE
from trygghet.schools.catalogue import OWNER_LABELS, Measure, school_year_label
from trygghet.schools.data import value_text

# Skolverket's report in blue shades of one family; Kolada in orange: two sources at a glance.
OWNER_STYLE = {
    "Samtliga": (PALETTE[0], "solid", 3.0),
    "Kommunal": (PALETTE[4], "dash", 2.0),
    "Enskild": (PALETTE[2], "dot", 2.0),
}
KOLADA_COLOR = PALETTE[5]


def _report_lines(report: pd.DataFrame, measure: Measure) -> list[go.Scatter]:
    """Skolverket's report, one line per owner type (pupils counted where the school is)."""
    rep = report[report["measure"] == measure.report]
    lines = []
    for owner in ("Samtliga", "Kommunal", "Enskild"):
        part = rep[rep["owner_type"] == owner].sort_values("year_end")
        if part.empty:
            continue
        color, dash, width = OWNER_STYLE[owner]
        lines.append(
            go.Scatter(
                x=part["year_end"],
                y=[None if is_missing(v) else v for v in part["value"]],
                name=f"Skolverket: {OWNER_LABELS[owner]} (skolkommun)",
                mode="lines+markers",
                line={"color": color, "dash": dash, "width": width},
                marker={"size": 6, "color": color},
                customdata=[
                    f"Skolverket, {OWNER_LABELS[owner]} {sy}: {value_text(v, f, measure.unit)}"
                    for sy, v, f in zip(
                        part["school_year"], part["value"], part["value_flag"], strict=True
                    )
                ],
                # <extra></extra>: no trace name, so no "name : text" (plotly's own spacing).
                hovertemplate="%{customdata}<extra></extra>",
                connectgaps=False,
            )
        )
    return lines


def _kolada_line(kol: pd.DataFrame, measure: Measure) -> go.Scatter:
    """Kolada's series of the same measure (pupils counted where they live)."""
    return go.Scatter(
        x=kol["year"],
        y=[None if is_missing(v) else v for v in kol["value"]],
        name=f"Kolada {measure.kolada}: {measure.kolada_label}",
        mode="lines+markers",
        line={"color": KOLADA_COLOR, "dash": "dashdot", "width": 2},
        marker={"size": 8, "color": KOLADA_COLOR, "symbol": "square"},
        customdata=[
            f"Kolada, hemkommun {school_year_label(int(y))}: {value_text(v, s, measure.unit)}"
            for y, v, s in zip(kol["year"], kol["value"], kol["status"], strict=True)
        ],
        hovertemplate="%{customdata}<extra></extra>",
        connectgaps=False,
    )


def sources_figure(
    report: pd.DataFrame, kolada: pd.DataFrame, measure: Measure, height: int = 440
) -> go.Figure:
    """Skolverket's report (by school location, per owner type) beside Kolada's (by home kommun).

    The series are drawn as separate lines with their own names and never joined: they count
    different pupils, so one is not a continuation of the other.
    """
    traces = list(_report_lines(report, measure))
    kol = kolada[kolada["kpi_id"] == measure.kolada].sort_values("year")
    if not kol.empty:
        traces.append(_kolada_line(kol, measure))
    rep_years = report.loc[report["measure"] == measure.report, "year_end"]
    years = sorted(int(y) for y in set(rep_years).union(kol["year"]))
    note = {
        "text": "Två källor, olika definitioner:<br>linjerna är inte sammanfogade",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 12, "color": style.MUTED_TEXT},
    }
    return style.figure(
        traces,
        annotations=[note],
        height=height,
        hovermode="x unified",
        margin={**style.MARGIN, "t": 44},
        legend={**style.LEGEND, "y": -0.14},
        yaxis={"title": {"text": measure.unit}, "fixedrange": True},
        xaxis=year_axis(years),
    )


def year_axis(years: list[int], most: int = 5) -> dict[str, object]:
    """School years as level labels ('2014/15'), at most `most` of them, none rotated.

    Rotated labels ran into the legend on phones and the first was clipped: fewer labels,
    the newest always shown, and half a year of room on either side.
    """
    if not years:
        return {"fixedrange": True}
    step = max(1, -(-len(years) // most))  # ceiling division
    shown = years[::-1][::step][::-1]  # count back from the newest
    return {
        "fixedrange": True,
        "tickmode": "array",
        "tickvals": shown,
        "ticktext": [school_year_label(y) for y in shown],
        "tickangle": 0,
        "range": [years[0] - 0.5, years[-1] + 0.5],
    }
