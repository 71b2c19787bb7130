"""Pure chart builders for the Samband page (DataFrame -> plotly Figure, no Streamlit)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from trygghet.core import style
from trygghet.core.format import esc, fmt_num
from trygghet.core.stats import Line

KOMMUN_TRACE = "kommun"  # trace names the page test looks for
GROUP_TRACE = "jämförelse"
OTHERS_TRACE = "övriga"
FIT_TRACE = "linje"


@dataclass(frozen=True)
class Panel:
    """One indicator over time: year, value (kommun), cmp_mean, cmp_n, riket."""

    label: str
    unit: str
    series: pd.DataFrame


def _cap(text: str) -> str:
    """Sentence case for a legend entry (labels may come lower-cased for mid-sentence use)."""
    return text[:1].upper() + text[1:]


def _wrap(text: str, width: int = 34) -> str:
    """Break a long (already escaped) title into lines so it fits a 390 px phone screen."""
    return "<br>".join(textwrap.wrap(text, width)) or text


_LAYOUT: dict[str, Any] = {"margin": dict(l=10, r=10, t=50, b=10), "hovermode": "closest"}


def _layout(fig: go.Figure, height: int, legend_y: float) -> go.Figure:
    style.apply(fig, **_LAYOUT, height=height, legend={**style.LEGEND, "y": legend_y})
    # Subplots have one y axis (and x axis) each: the number format goes on all of them.
    fig.update_yaxes(tickformat=style.NUMBER_FORMAT, gridcolor=style.GRID)
    return fig


def time_panels(
    panels: list[Panel], kommun_name: str, comparison: str, indexed: bool, base_year: int | None
) -> go.Figure:
    """One panel per indicator on a shared year axis (small multiples, one y-axis each)."""
    titles = [_wrap(esc(p.label) + ("" if indexed else f" ({esc(p.unit)})"), 44) for p in panels]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles,
        vertical_spacing=0.15 if len(panels) > 1 else 0.0,
    )
    unit_of = "index" if indexed else None
    for i, p in enumerate(panels, start=1):
        s = p.series
        unit = unit_of or p.unit
        fig.add_trace(
            go.Scatter(
                x=s["year"],
                y=s["value"],
                name=esc(kommun_name),
                legendgroup="k",
                showlegend=i == 1,
                mode="lines+markers",
                line=style.KOMMUN_LINE,
                hovertemplate="%{x}: %{y:.1f} "
                + esc(unit)
                + "<extra>"
                + esc(kommun_name)
                + "</extra>",
            ),
            row=i,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=s["year"],
                y=s["cmp_mean"],
                name=esc(_cap(comparison)) + ", medelvärde",
                legendgroup="c",
                showlegend=i == 1,
                mode="lines",
                line=style.COMPARISON_LINE,
                customdata=s["cmp_n"],
                hovertemplate="%{x}: %{y:.1f} "
                + esc(unit)
                + " (%{customdata} kommuner)<extra>"
                + esc(comparison)
                + "</extra>",
            ),
            row=i,
            col=1,
        )
        if indexed:
            fig.add_hline(
                y=100, line=dict(color=style.REFERENCE, width=1, dash="dot"), row=i, col=1
            )
    if indexed and base_year is not None:
        fig.update_yaxes(title_text=f"{base_year} = 100")
    fig.update_xaxes(dtick=2, showticklabels=True, tickformat=style.YEAR_FORMAT)
    return _layout(fig, 220 * len(panels) + 110, -0.3 / len(panels))


def _hover(names: pd.Series, x: pd.Series, y: pd.Series, x_unit: str, y_unit: str) -> list[str]:
    return [
        f"<b>{esc(n)}</b><br>{fmt_num(a, 1)} {esc(x_unit)}<br>{fmt_num(b, 1)} {esc(y_unit)}"
        for n, a, b in zip(names, x, y, strict=True)
    ]


def scatter(
    data: pd.DataFrame,
    kommun_id: str,
    members: tuple[str, ...],
    x_title: str,
    y_title: str,
    x_unit: str,
    y_unit: str,
    line: Line,
    comparison: str,
) -> go.Figure:
    """All kommuner as points, the comparison group and the kommun highlighted, an OLS line."""
    traces: list[go.Scatter] = []
    is_k = data["municipality_id"] == kommun_id
    is_g = data["municipality_id"].isin(members) & ~is_k
    groups = (
        (OTHERS_TRACE, "Övriga kommuner", data[~is_k & ~is_g], style.OTHERS, 7),
        (GROUP_TRACE, esc(_cap(comparison)), data[is_g], style.COMPARISON, 9),
        (KOMMUN_TRACE, None, data[is_k], style.KOMMUN, 14),
    )
    for trace, label, rows, colour, size in groups:
        name = label or (esc(rows["municipality"].iloc[0]) if len(rows) else "kommun")
        traces.append(
            go.Scatter(
                x=rows["x"],
                y=rows["y"],
                mode="markers+text" if trace == KOMMUN_TRACE else "markers",
                text=[esc(n) for n in rows["municipality"]] if trace == KOMMUN_TRACE else None,
                textposition="top center",
                name=name,
                meta=trace,
                marker=dict(color=colour, size=size, line=dict(width=1, color="white")),
                hovertext=_hover(rows["municipality"], rows["x"], rows["y"], x_unit, y_unit),
                hoverinfo="text",
            )
        )
    if np.isfinite(line.slope) and len(data):
        xs = np.array([data["x"].min(), data["x"].max()])
        traces.append(
            go.Scatter(
                x=xs,
                y=line.intercept + line.slope * xs,
                mode="lines",
                name="Anpassad linje",
                meta=FIT_TRACE,
                line=dict(color=style.FIT, width=2),
                hoverinfo="skip",
            )
        )
    return style.figure(
        traces,
        **_LAYOUT,
        height=520,
        legend={**style.LEGEND, "y": -0.2},  # below the (possibly two-line) x-axis title
        xaxis={"title": {"text": _wrap(esc(x_title), 44)}, "tickformat": style.NUMBER_FORMAT},
        yaxis={"title": {"text": _wrap(esc(y_title), 34)}},
    )
