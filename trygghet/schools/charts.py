"""Pure figures for the school view: the two sources side by side, and the schools on a map."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, fmt_num, is_missing
from trygghet.core.style import PALETTE
from trygghet.schools.measures import FLAG_WORDS, OWNER_LABELS, Measure, school_year_label

# Skolverket's report in blue shades of one family; Kolada in orange: two sources at a glance.
OWNER_STYLE = {
    "Samtliga": (PALETTE[0], "solid", 3.0),
    "Kommunal": (PALETTE[4], "dash", 2.0),
    "Enskild": (PALETTE[2], "dot", 2.0),
}
KOLADA_COLOR = PALETTE[5]
SCHOOL_SYMBOL = {"Kommunal": "circle", "Fristående": "diamond"}
SCHOOL_COLOR = {"Kommunal": PALETTE[0], "Fristående": PALETTE[1]}


def _text(value: object, flag: object, unit: str) -> str:
    if is_missing(value):
        return (
            FLAG_WORDS.get(str(flag), "uppgift saknas")
            if not is_missing(flag)
            else "uppgift saknas"
        )
    return f"{fmt_num(value, 1)}{NBSP}{unit}" if unit != "meritvärde" else fmt_num(value, 1)


def sources_figure(
    report: pd.DataFrame, kolada: pd.DataFrame, measure: Measure, height: int = 440
) -> go.Figure:
    """Skolverket's report (by school location, per owner type) beside Kolada's (by home kommun).

    The series are drawn as separate lines with their own names and never joined: they count
    different pupils, so one is not a continuation of the other.
    """
    fig = go.Figure()
    rep = report[report["measure"] == measure.report]
    for owner in ("Samtliga", "Kommunal", "Enskild"):
        part = rep[rep["owner_type"] == owner].sort_values("year_end")
        if part.empty:
            continue
        color, dash, width = OWNER_STYLE[owner]
        fig.add_trace(
            go.Scatter(
                x=part["year_end"],
                y=[None if is_missing(v) else v for v in part["value"]],
                name=f"Skolverket: {OWNER_LABELS[owner]} (skolkommun)",
                mode="lines+markers",
                line={"color": color, "dash": dash, "width": width},
                marker={"size": 6, "color": color},
                customdata=[
                    f"{sy}: {_text(v, f, measure.unit)}"
                    for sy, v, f in zip(
                        part["school_year"], part["value"], part["value_flag"], strict=True
                    )
                ],
                hovertemplate="%{customdata}",
                connectgaps=False,
            )
        )
    kol = kolada[kolada["kpi_id"] == measure.kolada].sort_values("year")
    if not kol.empty:
        fig.add_trace(
            go.Scatter(
                x=kol["year"],
                y=[None if is_missing(v) else v for v in kol["value"]],
                name=f"Kolada {measure.kolada}: {measure.kolada_label}",
                mode="lines+markers",
                line={"color": KOLADA_COLOR, "dash": "dashdot", "width": 2},
                marker={"size": 8, "color": KOLADA_COLOR, "symbol": "square"},
                customdata=[
                    f"{school_year_label(int(y))}: {_text(v, s, measure.unit)}"
                    for y, v, s in zip(kol["year"], kol["value"], kol["status"], strict=True)
                ],
                hovertemplate="%{customdata}",
                connectgaps=False,
            )
        )
    years = sorted(set(rep["year_end"]).union(kol["year"]))
    fig.add_annotation(
        text="Två källor, olika definitioner:<br>linjerna är inte sammanfogade",
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 12, "color": style.MUTED_TEXT},
    )
    return style.apply(
        fig,
        height=height,
        hovermode="x unified",
        margin={**style.MARGIN, "t": 44},
        legend={**style.LEGEND, "y": -0.14},
        yaxis={"title": {"text": measure.unit}, "fixedrange": True},
        xaxis={
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": years,
            "ticktext": [school_year_label(int(y)) for y in years],
            "tickangle": -45,
        },
    )


def outside_outline(
    points: pd.DataFrame,
    outline: list[tuple[list[float], list[float]]] | None,
    margin: float = 0.02,
) -> pd.Series:
    """True for schools whose coordinates fall outside the kommun's bounding box (a register error).

    Such a point would stretch the map over half of Sweden; the page names it instead of drawing it.
    """
    if not outline:
        return pd.Series(False, index=points.index)
    lons = [x for ring, _ in outline for x in ring]
    lats = [y for _, ring in outline for y in ring]
    inside = points["lon"].between(min(lons) - margin, max(lons) + margin) & points["lat"].between(
        min(lats) - margin, max(lats) + margin
    )
    return points["lat"].notna() & points["lon"].notna() & ~inside


def school_map(
    points: pd.DataFrame, outline: list[tuple[list[float], list[float]]] | None, height: int = 460
) -> go.Figure:
    """Schools as points over the kommun boundary on plain axes (no tile server, no internet).

    `points`: nr (the table's row number, the marker's label), school, organizer_type, lat, lon,
    hover (text). Latitude is stretched by
    1/cos(latitude) so distances look right at Swedish latitudes.
    """
    fig = go.Figure()
    for lons, lats in outline or []:
        fig.add_trace(
            go.Scatter(
                x=lons,
                y=lats,
                mode="lines",
                fill="toself",
                fillcolor="rgba(0,114,178,0.06)",
                line={"color": "#7a7a7a", "width": 1},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    placed = points.dropna(subset=["lat", "lon"])
    for owner in ("Kommunal", "Fristående"):
        part = placed[placed["organizer_type"] == owner]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["lon"],
                y=part["lat"],
                mode="markers+text",
                name=f"{owner} skola",
                text=part["nr"].astype(str),
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "size": 12,
                    "symbol": SCHOOL_SYMBOL[owner],
                    "color": SCHOOL_COLOR[owner],
                    "line": {"color": "white", "width": 1},
                },
                customdata=part["hover"],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    lat0 = float(placed["lat"].mean()) if not placed.empty else 57.0
    return style.apply(
        fig,
        height=height,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        dragmode="pan",
        legend={**style.LEGEND, "y": -0.02},
        xaxis={"visible": False},
        yaxis={
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(lat0)),
        },
    )
