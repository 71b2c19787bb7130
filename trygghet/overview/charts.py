"""The overview card's mini chart: the kommun and the comparison mean, first and last year labelled.

Pure: a series frame in (year, value, cmp_mean), a plotly figure out, built with core.style.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, fit_decimals, fmt_num, is_missing
from trygghet.indicators.catalogue import Break, break_marks

HEIGHT = 190


def _points(df: pd.DataFrame, col: str) -> list[float | None]:
    """Values with gaps as None, so a missing year breaks the line instead of joining it."""
    return [None if is_missing(v) else float(v) for v in df[col]]


def _hover(values: list[float | None], unit: str) -> list[str]:
    return ["inget värde" if v is None else f"{fmt_num(v)}{NBSP}{unit}" for v in values]


def _end_labels(
    years: list[int], own: list[float | None], unit: str
) -> tuple[list[str], list[str]]:
    """Texts and positions that write the kommun's first and last value beside their points.

    So the chart reads without hovering (a phone cannot hover): below a high point, above a
    low one, and inward at both ends so no label leaves the plot.
    """
    known = [v for v in own if v is not None]
    middle = (min(known) + max(known)) / 2
    first, last = years[0], years[-1]
    ends = {first: "right", last: "left"} if first != last else {first: "center"}
    labels, places = [], []
    for year, v in zip(years, own, strict=True):
        labels.append(fmt_num(v, fit_decimals(v, unit)) if year in ends and v is not None else "")
        high = v is not None and v > middle
        places.append(f"{'bottom' if high else 'top'} {ends.get(year, 'center')}")
    return labels, places


def _layout(first: int, last: int) -> dict[str, Any]:
    """Small and still: two year labels, three value ticks, the legend clear of the years."""
    return {
        "height": HEIGHT,
        "showlegend": True,
        # Measured from the whole figure, so the legend never covers the year labels.
        "legend": {
            **style.LEGEND,
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "traceorder": "reversed",
            "font": {"size": 11},
        },
        "margin": {**style.MARGIN, "b": 48, "t": 16},
        "xaxis": {
            "tickmode": "array",
            "tickvals": sorted({first, last}),
            "tickformat": style.YEAR_FORMAT,
            "range": [first - 0.4, last + 0.4],
            "fixedrange": True,
        },
        "yaxis": {
            "gridcolor": style.GRID,
            "tickformat": style.NUMBER_FORMAT,
            "nticks": 3,
            "fixedrange": True,
        },
    }


def mini_chart(
    df: pd.DataFrame,
    kommun_name: str,
    comparison: str,
    unit: str,
    breaks: Sequence[Break] = (),
) -> go.Figure | None:
    """Kommun (solid) and comparison mean (dashed) over the years where the kommun has values.

    The x axis labels only the first and last year with a value for the kommun; a lone year
    between gaps shows as a marker; a series break is a dashed line with its hover. None when
    the kommun has no value at all.
    """
    have = df[df["value"].notna()]
    if have.empty:
        return None
    first, last = int(have["year"].iloc[0]), int(have["year"].iloc[-1])
    part = df[(df["year"] >= first) & (df["year"] <= last)]
    years = [int(y) for y in part["year"]]
    own, mean = _points(part, "value"), _points(part, "cmp_mean")
    labels, places = _end_labels(years, own, unit)
    peers = go.Scatter(
        x=years,
        y=mean,
        name=f"Medel, {comparison.lower()}",
        mode="lines+markers",
        line=style.COMPARISON_LINE,
        marker={"size": 4, "color": style.COMPARISON},
        connectgaps=False,
        hovertext=_hover(mean, unit),
        hoverinfo="x+text+name",
    )
    kommun_line = go.Scatter(
        x=years,
        y=own,
        name=kommun_name,
        mode="lines+markers+text",
        text=labels,
        textposition=places,
        cliponaxis=False,
        textfont={"size": 11, "color": style.KOMMUN},
        line=style.KOMMUN_LINE,
        marker={"size": 6, "color": style.KOMMUN},
        connectgaps=False,
        hovertext=_hover(own, unit),
        hoverinfo="x+text+name",
    )
    shapes, marks = break_marks(breaks, years)
    for mark in marks:
        mark["text"] = "Seriebrott"  # a card is narrow: the hover carries the rest
    layout = _layout(first, last)
    return style.figure([peers, kommun_line], shapes=shapes, annotations=marks, **layout)
