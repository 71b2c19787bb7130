"""Pure ranking of the comparison group for one indicator and year: data, sentences, bar chart.

Only kommuner with a value that year are ranked; the others are named with their reason.
The place is counted from the highest value and says nothing about better or worse: the
direction differs between indicators, and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, esc, fmt_num, fmt_value, is_missing, md_esc
from trygghet.core.kolada import RIKET_ID
from trygghet.indicators.map_chart import decimals_for


@dataclass(frozen=True)
class Ranking:
    """The group's kommuner with a value, highest first, and those without one."""

    ranked: pd.DataFrame  # municipality_id, municipality, value, place (1 = highest)
    missing: pd.DataFrame  # municipality_id, municipality, status
    group_size: int  # the kommun and its comparison kommuner
    riket: float | None
    place: int | None  # the kommun's place; None when it has no value
    median: float | None = None  # the median of all kommuner with a value that year
    above_riket: int = 0  # kommuner (of all) with a value above Riket
    n_all: int = 0  # kommuner (of all) with a value

    @property
    def tied(self) -> bool:
        """True when another kommun shares the kommun's place."""
        return self.place is not None and int((self.ranked["place"] == self.place).sum()) > 1


def ranking(values: pd.DataFrame, kommun: str, members: tuple[str, ...]) -> Ranking:
    """Rank the kommun and `members` in `values` (compare_values.sql: all kommuner and Riket)."""
    group = [kommun, *(m for m in members if m != kommun)]
    rows = values[values["municipality_id"].isin(group)]
    has = rows[rows["value"].notna()]
    ranked = has.assign(
        place=has["value"].rank(method="min", ascending=False).astype("int64")
    ).sort_values(["place", "municipality"])[["municipality_id", "municipality", "value", "place"]]
    missing = rows[rows["value"].isna()].sort_values("municipality")[
        ["municipality_id", "municipality", "status"]
    ]
    riket_row = values.loc[values["municipality_id"] == RIKET_ID, "value"]
    riket = (
        float(riket_row.iloc[0]) if len(riket_row) and not is_missing(riket_row.iloc[0]) else None
    )
    own = ranked.loc[ranked["municipality_id"] == kommun, "place"]
    kommuner = (
        values["municipality_type"] == "K"
        if "municipality_type" in values
        else values["municipality_id"] != RIKET_ID
    )
    everyone = values.loc[kommuner & values["value"].notna(), "value"].astype(float)
    return Ranking(
        ranked.reset_index(drop=True),
        missing.reset_index(drop=True),
        len(rows),
        riket,
        int(own.iloc[0]) if len(own) else None,
        float(everyone.median()) if len(everyone) else None,
        int((everyone > riket).sum()) if riket is not None else 0,
        len(everyone),
    )


def count_sentence(r: Ranking, year: int, group_md: str) -> str:
    """'Kalmar och liknande kommuner (7): alla 8 har ett värde för 2022.'"""
    n = len(r.ranked)
    if n == r.group_size:
        have = f"alla {r.group_size} har ett värde" if n > 1 else "har ett värde"
    else:
        have = f"{n} av {r.group_size} har ett värde"
    return f"{group_md}: {have} för {year}."


def place_sentence(r: Ranking, kommun_md: str, year: int, reason: str) -> str:
    """Where the kommun stands, counted from the highest value; or why it is not ranked."""
    n = len(r.ranked)
    if r.place is None:
        return f"{kommun_md} har inget värde för {year} ({reason}) och finns inte i rangordningen."
    shared = " (delad plats)" if r.tied else ""
    if n == 1:
        return f"{kommun_md} är den enda kommunen i gruppen med ett värde för {year}."
    if r.place == 1:
        return f"{kommun_md} har det högsta värdet av de {n}{shared}."
    if r.place + int((r.ranked["place"] == r.place).sum()) - 1 == n:  # last, alone or tied
        return f"{kommun_md} har det lägsta värdet av de {n}{shared}."
    return f"{kommun_md} ligger på plats {r.place} av {n}, räknat från det högsta värdet{shared}."


def missing_line(r: Ranking, year: int, reason: Callable[[object], str]) -> str:
    """'Saknar värde för 2022: Borgholm (ej publicerat), ...' or '' when none is missing."""
    if r.missing.empty:
        return ""
    named = ", ".join(
        f"{md_esc(m.municipality)} ({reason(m.status)})" for m in r.missing.itertuples()
    )
    return f"Saknar värde för {year} och visas inte: {named}."


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
    places = decimals_for(r.ranked["value"])
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
