"""Pure chart builders for the Händelser page: DataFrame in, plotly Figure out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import esc
from trygghet.core.frames import rows
from trygghet.incidents.params import week_label

WEEKDAYS = ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]


def period_text(day: pd.Timestamp, grain: str) -> str:
    """'v. 34 2026' for a week, 'aug 2026' for a month."""
    return week_label(day.date()) if grain == "week" else style.month_label(day.date())


def _category_marker(category: str) -> dict[str, Any]:
    """The category's fill, with a dark hatch where style.CATEGORY_PATTERNS gives one."""
    colour = style.CATEGORY_COLOURS.get(category, style.REFERENCE)
    shape = style.CATEGORY_PATTERNS.get(category, "")
    if not shape:
        return {"color": colour}
    # The hatch keeps categories apart that share a hue for many eyes (deuteranopia).
    pattern = {
        "shape": shape,
        "bgcolor": colour,
        "fgcolor": "rgba(0,0,0,0.7)",
        "size": 6,
        "solidity": 0.3,
    }
    return {"color": colour, "pattern": pattern}


def counts_figure(
    df: pd.DataFrame,
    *,
    grain: str,
    kommun_name: str,
    labels: Mapping[str, str],
    height: int = 520,
) -> go.Figure:
    """Stacked bars per week/month and category: the kommun above, the län's other kommuner below.

    Two y axes on one shared x axis, laid out by hand: make_subplots costs ~100 ms a run.
    """
    # Plain lists, grouped once: plotly validates pandas input slowly (narwhals per array).
    groups: dict[tuple[str, str], tuple[list[str], list[int], list[str]]] = {}
    days = []
    for period, area, category, notices in df[["period", "area", "category", "notices"]].itertuples(
        index=False
    ):
        day = pd.Timestamp(period)
        days.append(day.date())
        xs, ys, texts = groups.setdefault((category, area), ([], [], []))
        xs.append(day.strftime("%Y-%m-%d"))
        ys.append(int(notices))
        texts.append(period_text(day, grain))
    traces = []
    for category, label in labels.items():
        first = True
        for axis, area in (("y", "kommun"), ("y2", "ovriga")):
            if (category, area) not in groups:
                continue
            xs, ys, texts = groups[(category, area)]
            traces.append(
                go.Bar(
                    x=xs,
                    y=ys,
                    name=label,
                    legendgroup=category,
                    yaxis=axis,
                    showlegend=first,
                    marker=_category_marker(category),
                    customdata=texts,
                    hovertemplate=f"%{{customdata}}<br>{esc(label)}: %{{y}} notiser<extra></extra>",
                )
            )
            first = False
    y_axis: dict[str, Any] = dict(
        title_text="Antal notiser", rangemode="tozero", gridcolor=style.GRID
    )
    title: dict[str, Any] = dict(
        xref="paper",
        yref="paper",
        x=0.5,
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=14, color=style.MUTED_TEXT),
    )
    return style.figure(
        traces,
        barmode="stack",
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        legend={**style.LEGEND, "y": -0.08},
        bargap=0.15,
        yaxis=dict(domain=[0.56, 1.0], **y_axis),
        yaxis2=dict(domain=[0.0, 0.44], **y_axis),
        # Four unrotated month labels fit a phone; rotated ones ran into the legend.
        xaxis=dict(anchor="y2", tickangle=0, **style.month_ticks(days, most=4)),
        annotations=[
            dict(text=esc(kommun_name), y=1.0, **title),
            dict(text="Övriga kommuner i länet", y=0.44, **title),
        ],
    )


def heat_figure(df: pd.DataFrame, *, height: int = 340) -> go.Figure:
    """Weekday x hour of the incident; empty cells are real zeros (no notice at that hour)."""
    grid = [[0] * 24 for _ in range(7)]
    for row in rows(df):
        grid[int(row.weekday) - 1][int(row.hour)] = int(row.notices)
    return style.figure(
        [
            go.Heatmap(
                z=grid,
                x=[f"{h:02d}" for h in range(24)],
                y=WEEKDAYS,
                colorscale=style.SEQUENTIAL,
                colorbar=dict(title="Notiser"),
                xgap=1,
                ygap=1,
                hovertemplate="%{y} kl. %{x}: %{z} notiser<extra></extra>",
            )
        ],
        height=height,
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": "Timme (svensk tid)"}},
    )
