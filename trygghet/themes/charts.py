"""Pure plotly bars of Jämför: the group ranked, highest at the top, the kommun in the kommun
colour, Riket as a dotted line and, where Riket is not the kommun level, the kommuner's median."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, esc, fit_decimals_of, fmt_num, fmt_value
from trygghet.themes.data import Ranking


def _reference_line(
    value: float | None, places: int, name: str, line: dict[str, Any], colour: str, top: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A vertical line over all bars at `value`, named with the value at its top or its foot
    (none without a value)."""
    if value is None:
        return [], []
    shape = dict(type="line", x0=value, x1=value, yref="paper", y0=0, y1=1, line=line)
    note = dict(
        x=value,
        y=1 if top else 0,
        yref="paper",
        yanchor="bottom" if top else "top",
        showarrow=False,
        text=f"{name}{NBSP}{fmt_num(value, places)}",
        font=dict(color=colour, size=12),
    )
    return [shape], [note]


# All kommuner's median: a dash-dot line named at its foot, apart from Riket's at the top.
MEDIAN_LINE = {"color": style.REFERENCE, "width": 2, "dash": "dashdot"}


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
    shapes, notes = _reference_line(r.riket, places, "Riket", style.RIKET_LINE, style.RIKET, True)
    if median:
        more_shapes, more_notes = _reference_line(
            r.median, places, "Kommunernas median", MEDIAN_LINE, style.MUTED_TEXT, False
        )
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
