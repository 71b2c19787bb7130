"""The Förväntat scatter: every kommun's observed value against its expected one (pure plotly)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import esc
from trygghet.expected.data import Result

OTHERS_TRACE, KOMMUN_TRACE, LINE_TRACE, INTERVAL_TRACE = "övriga", "kommun", "lika", "intervall"


def scatter(values: pd.DataFrame, result: Result | None, unit: str, log_axes: bool) -> go.Figure:
    """Observed (y) against expected (x) for all kommuner; the chosen one marked with its interval.

    On the diagonal a kommun has exactly what its structure predicts; above it, more.
    """
    seen = values.dropna(subset=["observed"])
    hover = (
        "%{text}<br>förväntat %{x:,.1f}<br>observerat %{y:,.1f} " + esc(unit) + "<extra></extra>"
    )
    low = float(np.nanmin([seen["observed"].min(), values["expected"].min()]))
    high = float(np.nanmax([seen["observed"].max(), values["expected"].max()]))
    traces: list[go.Scatter] = [
        go.Scatter(
            x=seen["expected"],
            y=seen["observed"],
            text=[esc(n) for n in seen["municipality"]],
            mode="markers",
            name="Övriga kommuner",
            marker={"color": style.OTHERS, "size": 6},
            hovertemplate=hover,
            uid=OTHERS_TRACE,
        ),
        go.Scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            name="Observerat = förväntat",
            line={"color": style.REFERENCE, "dash": "dot", "width": 1.5},
            hoverinfo="skip",
            uid=LINE_TRACE,
        ),
    ]
    if result is not None:
        traces.append(
            go.Scatter(
                x=[result.expected, result.expected],
                y=[result.lower, result.upper],
                mode="lines",
                name="Kommunens intervall (95 %)",
                line={"color": style.KOMMUN, "width": 3},
                hoverinfo="skip",
                uid=INTERVAL_TRACE,
            )
        )
        if result.observed is not None:
            traces.append(
                go.Scatter(
                    x=[result.expected],
                    y=[result.observed],
                    text=[esc(result.name)],
                    mode="markers+text",
                    textposition="middle right",
                    name=esc(result.name),
                    marker={
                        "color": style.KOMMUN,
                        "size": 13,
                        "line": {"color": "white", "width": 1.5},
                    },
                    hovertemplate=hover,
                    uid=KOMMUN_TRACE,
                )
            )
    axis: dict[str, str] = {"type": "log"} if log_axes else {}
    axis["tickformat"] = style.NUMBER_FORMAT  # "10 000", not plotly's SI "10k"
    return style.figure(
        traces,
        height=420,
        hovermode="closest",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={**style.LEGEND, "y": -0.2},
        xaxis={**axis, "title": {"text": "Förväntat utifrån struktur"}, "gridcolor": style.GRID},
        yaxis={**axis, "title": {"text": f"Observerat ({esc(unit)})"}},
    )
