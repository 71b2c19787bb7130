"""Pure plotly bars of Jämför: the group ranked, highest at the top, the kommun in the kommun
colour, Riket as a dotted line and, where Riket is not the kommun level, the kommuner's median."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, esc, fit_decimals_of, fmt_num, fmt_value
from trygghet.themes.data import Ranking


def _riket_line(
    riket: float | None, places: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Riket as a dotted vertical line over all bars, named at its top (none without a value)."""
    if riket is None:
        return [], []
    line = dict(type="line", x0=riket, x1=riket, yref="paper", y0=0, y1=1, line=style.RIKET_LINE)
    note = dict(
        x=riket,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"Riket{NBSP}{fmt_num(riket, places)}",
        font=dict(color=style.RIKET, size=12),
    )
    return [line], [note]


def _median_line(
    median: float | None, places: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """All kommuner's median as a dash-dot line, named at its foot (none without a value)."""
    if median is None:
        return [], []
    line = dict(
        type="line",
        x0=median,
        x1=median,
        yref="paper",
        y0=0,
        y1=1,
        line={"color": style.REFERENCE, "width": 2, "dash": "dashdot"},
    )
    note = dict(
        x=median,
        y=0,
        yref="paper",
        yanchor="top",
        showarrow=False,
        text=f"Kommunernas median{NBSP}{fmt_num(median, places)}",
        font=dict(color=style.MUTED_TEXT, size=12),
    )
    return [line], [note]


def ranking_figure(r: Ranking, *, kommun_id: str, unit: str, median: bool = False) -> go.Figure:
    """Named bars, highest at the top, the kommun in the kommun colour, Riket a dotted line.

    `median` adds all kommuner's median as a dash-dot line, for a KPI whose Riket is not the
    kommun level (its Riket counts what no kommun received).
    """
    places = fit_decimals_of(r.ranked["value"])
    is_own = r.ranked["municipality_id"] == kommun_id
    names = [
        f"<b>{esc(n)}</b>" if own else esc(n)
        for n, own in zip(r.ranked["municipality"], is_own, strict=True)
    ]
    values = [float(v) for v in r.ranked["value"]]
    bars = go.Bar(
        x=values,
        y=names,
        orientation="h",
        marker_color=[style.KOMMUN if own else style.OTHERS for own in is_own],
        text=[fmt_num(v, places) for v in values],
        textposition="outside",
        cliponaxis=False,
        hovertext=[f"{n}: {fmt_value(v, unit)}" for n, v in zip(names, values, strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )
    shapes, notes = _riket_line(r.riket, places)
    if median:
        more_shapes, more_notes = _median_line(r.median, places)
        shapes, notes = shapes + more_shapes, notes + more_notes
    top = max([*values, r.riket or 0.0, 0.0])
    return style.figure(
        [bars],
        height=90 + 26 * len(values),
        margin=dict(l=8, r=16, t=28, b=28 if median else 8),
        shapes=shapes,
        annotations=notes,
        bargap=0.25,
        xaxis=dict(
            title_text=esc(unit),
            tickformat=style.NUMBER_FORMAT,
            gridcolor=style.GRID,
            # Room for the value labels; negative values (none in the catalogue) autorange.
            range=[0, top * 1.15 if top > 0 else 1] if min(values, default=0.0) >= 0 else None,
        ),
        yaxis=dict(autorange="reversed", gridcolor=None, tickformat=None, automargin=True),
    )
