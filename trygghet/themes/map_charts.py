"""Pure choropleth of all kommuner for one indicator and year: classes, legend, the map figure.

Drawn as SVG polygons on plain axes (no tile server or geo subplot: the dashboard may run
offline), with one filled trace per class rather than one per kommun, so a figure of 290
kommuner holds about ten traces and stays cheap to build and to send.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from trygghet.core import style
from trygghet.core.format import (
    NBSP,
    esc,
    fit_decimals,
    fit_decimals_of,
    fmt_num,
    fmt_value,
    is_missing,
    md_esc,
)
from trygghet.core.frames import rows
from trygghet.core.geo import Shape

CLASSES = 5  # quintiles
NO_CLASS = -1
CLASS_RULE = (
    "Klasserna är kvintiler: kommunerna med ett värde detta år delas efter värdet i fem "
    "lika stora grupper (kommuner med samma värde hamnar i samma grupp). Mörkare färg betyder "
    "högre värde, inte bättre eller sämre. Grå kommuner har inget värde."
)


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: its value range, how many kommuner, its colour and label."""

    number: int
    low: float
    high: float
    count: int
    colour: str
    label: str


def class_numbers(values: pd.Series, classes: int = CLASSES) -> pd.Series:
    """Class 0..classes-1 by rank (ties share the lower rank's class); NO_CLASS for no value."""
    known = values.dropna()
    out = pd.Series(NO_CLASS, index=values.index, dtype="int64")
    if known.empty:
        return out
    ranks = known.rank(method="min").astype("int64") - 1
    numbers = ranks * classes // len(known)
    # Numbered without holes: ties can leave a quintile empty, and the legend, the table and
    # the sentence all count the classes that are there.
    out.loc[known.index] = numbers.rank(method="dense").astype("int64") - 1
    return out


def map_classes(values: pd.Series, numbers: pd.Series) -> list[MapClass]:
    """The non-empty classes with their actual lowest and highest value (legend labels)."""
    present = sorted(int(n) for n in numbers.unique() if n != NO_CLASS)
    places = fit_decimals_of(values)
    top = max(present, default=0)
    out = []
    for n in present:
        members = values[numbers == n]
        low, high = float(members.min()), float(members.max())
        span = (
            fmt_num(low, places)
            if low == high
            else f"{fmt_num(low, places)}–{fmt_num(high, places)}"
        )
        shade = 0.2 + 0.75 * (n / top if top else 1.0)
        out.append(
            MapClass(
                n,
                low,
                high,
                len(members),
                sample_colorscale(style.SEQUENTIAL, [shade])[0],
                f"{span} ({len(members)}{NBSP}st.)",
            )
        )
    return out


def map_sentence(
    df: pd.DataFrame, numbers: pd.Series, chosen: str, year: int, unit: str, reason: str
) -> str:
    """'Kalmar 2022: 1 234 antal/100 000 inv, klass 4 av 5. 290 av 290 kommuner har ett värde.'

    Markdown: the kommun's name is escaped here. `reason` says why the kommun has no value.
    """
    own = df.index[df["municipality_id"] == chosen]
    name = md_esc(df.loc[own[0], "municipality"]) if len(own) else chosen
    value = df.loc[own[0], "value"] if len(own) else None
    have = int(df["value"].notna().sum())
    count = f"{have} av {len(df)} kommuner har ett värde för {year}."
    if is_missing(value):
        return f"{name} har inget värde för {year} ({reason}). {count}"
    top = int(numbers.max()) + 1
    place = int(numbers.loc[own[0]]) + 1
    # Rounded as the overview card rounds it, so the two never show different figures.
    shown = fmt_value(value, unit, fit_decimals(float(df.loc[own[0], "value"]), unit))
    return f"{name} {year}: {shown}, klass {place} av {top}. {count}"


def _joined(shapes: list[Shape]) -> tuple[np.ndarray, np.ndarray]:
    if not shapes:
        return np.array([]), np.array([])
    return np.concatenate([s[0] for s in shapes]), np.concatenate([s[1] for s in shapes])


def _fill(shapes: list[Shape], name: str, colour: str, hover: str) -> go.Scatter:
    """The class's kommuner as one filled trace; over a fill the hover names the class (over
    a kommun's middle, the marker there names the kommun and its value)."""
    xs, ys = _joined(shapes)
    return go.Scatter(
        x=xs,
        y=ys,
        fill="toself",
        fillcolor=colour,
        mode="lines",
        line=dict(color="white", width=0.4),
        name=name,
        hoveron="fills",
        hoverinfo="text",
        text=hover,
    )


def hover_text(name: str, value: object, unit: str, reason: str) -> str:
    """'<b>Kalmar</b><br>1 234 antal/100 000 inv' or the reason there is no value."""
    shown = f"inget värde: {esc(reason)}" if is_missing(value) else fmt_value(value, unit)
    return f"<b>{esc(name)}</b><br>{shown}"


def _fills(
    ids: list[str], numbers: pd.Series, classes: list[MapClass], shapes: Mapping[str, Shape]
) -> list[go.Scatter]:
    """One filled trace per class, then the grey one of the kommuner without a value."""

    def members(number: int) -> list[Shape]:
        return [shapes[i] for i, n in zip(ids, numbers, strict=True) if n == number and i in shapes]

    top = len(classes)
    traces = [
        _fill(members(c.number), c.label, c.colour, f"Klass {i} av {top}: {c.label}")
        for i, c in enumerate(classes, start=1)
    ]
    missing = members(NO_CLASS)
    if missing:
        name = f"Inget värde ({len(missing)}{NBSP}st.)"
        traces.append(_fill(missing, name, style.NO_DATA, name))
    return traces


def _hover_points(
    df: pd.DataFrame, shapes: Mapping[str, Shape], unit: str, reasons: Mapping[str, str]
) -> go.Scatter:
    """Invisible markers inside each kommun carrying its name and value (hover, tests)."""
    placed = df[df["municipality_id"].isin(list(shapes))]
    hover = [
        hover_text(str(r.municipality), r.value, unit, reasons.get(str(r.municipality_id), ""))
        for r in rows(placed)
    ]
    return go.Scatter(
        x=[shapes[i][2][0] for i in placed["municipality_id"]],
        y=[shapes[i][2][1] for i in placed["municipality_id"]],
        mode="markers",
        marker=dict(size=9, color="rgba(0,0,0,0)"),
        ids=placed["municipality_id"].tolist(),
        customdata=[None if is_missing(v) else float(v) for v in placed["value"]],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="värden",
        # The markers are transparent: without a set colour the label's text would be too.
        hoverlabel=dict(bgcolor="white", font=dict(color="#111111")),
    )


def map_figure(
    df: pd.DataFrame,
    shapes: Mapping[str, Shape],
    *,
    chosen: str,
    unit: str,
    reasons: Mapping[str, str],
    height: int = 720,
) -> go.Figure:
    """The choropleth: df has municipality_id, municipality, value, status for every kommun.

    `reasons` maps a kommun id without a value to the Swedish reason (shown on hover).
    """
    numbers = class_numbers(df["value"])
    traces = _fills(
        df["municipality_id"].tolist(), numbers, map_classes(df["value"], numbers), shapes
    )
    traces.append(_hover_points(df, shapes, unit, reasons))
    traces.extend(_outline(shapes.get(chosen), df, chosen))
    mid = 62.0  # Sweden's middle latitude: one degree north is 1/cos(lat) times one east
    return style.figure(
        traces,
        height=height,
        margin=dict(l=0, r=0, t=0, b=10),
        dragmode=False,
        hovermode="closest",
        legend={**style.LEGEND, "y": 0, "title": {"text": f"{esc(unit)}:"}, "traceorder": "normal"},
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid))),
    )


def _outline(shape: Shape | None, df: pd.DataFrame, chosen: str) -> list[go.Scatter]:
    """The chosen kommun: a white halo under a dark line, so it shows on light and dark fills."""
    if shape is None:
        return []
    xs, ys, (lx, ly) = shape
    name = df.loc[df["municipality_id"] == chosen, "municipality"]
    label = esc(name.iloc[0]) if len(name) else chosen
    east = lx > 16.5  # Sweden's middle longitude
    halo = dict(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False)
    return [
        go.Scatter(**halo, line=dict(color="white", width=5)),
        go.Scatter(**halo, line=dict(color=style.OUTLINE, width=2.5), name=label),
        go.Scatter(
            # At the edge away from the nearer border of the map, so the name is not cut off.
            x=[float(np.nanmin(xs)) if east else float(np.nanmax(xs))],
            y=[ly],
            mode="text",
            text=[f"<b>{label}</b> "] if east else [f" <b>{label}</b>"],
            textposition="middle left" if east else "middle right",
            textfont=dict(size=13, color=style.OUTLINE, shadow="0 0 3px white"),
            hoverinfo="skip",
            showlegend=False,
        ),
    ]
