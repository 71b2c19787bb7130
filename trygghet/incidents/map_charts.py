"""Pure map of the län for the Händelser page: kommuner filled by notices per 10 000.

Drawn as SVG polygons on plain axes: plotly's geo and map subplots fetch base maps or styles
from the internet, which the dashboard may not have.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from trygghet.core import style
from trygghet.core.format import esc, fmt_num
from trygghet.core.frames import rows
from trygghet.core.geo import outer_rings

# One kommun's outline: lons, lats (NaN between rings) and its label point.
Outline = tuple[np.ndarray, np.ndarray, tuple[float, float]]
Shapes = dict[str, Outline]  # kommun code -> outline


def kommun_shapes(
    features: Iterable[dict[str, Any]],
) -> Shapes:
    """kommun code -> (lons, lats with NaN between rings, label point) for map_figure.

    Float arrays (not lists with None) let plotly skip its slow per-element validation.
    """
    shapes = {}
    for feature in features:
        rings = outer_rings(feature["geometry"])
        xs = np.concatenate([np.append(np.asarray(r, dtype=float)[:, 0], np.nan) for r in rings])
        ys = np.concatenate([np.append(np.asarray(r, dtype=float)[:, 1], np.nan) for r in rings])
        big = np.asarray(max(rings, key=len), dtype=float)  # mean vertex of the largest ring
        shapes[feature["properties"]["kommun_kod"]] = (
            xs,
            ys,
            (float(big[:, 0].mean()), float(big[:, 1].mean())),
        )
    return shapes


def _hover(r: Any) -> str:
    """What a kommun's fill and label say on hover."""
    head = f"<b>{esc(r.kommun)}</b><br>{fmt_num(r.notices)} notiser<br>"
    if pd.isna(r.rate):
        return head + "folkmängd saknas: ingen takt"
    return head + (f"{fmt_num(r.rate, 1)} per 10 000 invånare<br>folkmängd {fmt_num(r.population)}")


def _fill(r: Any, outline: Outline, top: float, chosen: str) -> go.Scatter:
    """One kommun's polygon, coloured by its rate (grey without one), the chosen one outlined."""
    xs, ys, _ = outline
    colour = (
        style.NO_DATA
        if pd.isna(r.rate)
        else sample_colorscale(style.SEQUENTIAL, [r.rate / top if top else 0])[0]
    )
    return go.Scatter(
        x=xs,
        y=ys,
        fill="toself",
        fillcolor=colour,
        mode="lines",
        line=dict(color=style.OUTLINE, width=3 if r.kommun_id == chosen else 0.7),
        hoveron="fills",
        hoverinfo="text",
        text=_hover(r),
        showlegend=False,
    )


def _labels(points: list[tuple[float, float, str, str]]) -> go.Scatter:
    """The kommun names at their label points, carrying the same hover."""
    return go.Scatter(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        mode="text",
        text=[p[2] for p in points],
        showlegend=False,
        textfont=dict(size=11, color="#111111"),
        hovertext=[p[3] for p in points],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def _scale(top: float) -> go.Scatter:
    """An invisible point that draws the colour scale under the map."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        showlegend=False,
        hoverinfo="skip",
        marker=dict(
            colorscale=style.SEQUENTIAL,
            cmin=0,
            cmax=top,
            color=[0],
            showscale=True,
            colorbar=dict(title="per 10 000", orientation="h", y=-0.02, yanchor="top", len=0.8),
        ),
    )


def map_figure(
    df: pd.DataFrame,
    shapes: Mapping[str, Outline],
    *,
    chosen: str,
    height: int = 520,
) -> go.Figure:
    """Kommuner filled by notices per 10 000 inhabitants; grey where no population exists.

    `chosen` is the kommun id whose outline is drawn thick.
    """
    top = float(df["rate"].max()) if df["rate"].notna().any() else 1.0
    fills, points = [], []
    for r in rows(df):
        if r.kommun_id in shapes:
            fills.append(_fill(r, shapes[r.kommun_id], top, chosen))
            lx, ly = shapes[r.kommun_id][2]
            points.append((lx, ly, esc(r.kommun), _hover(r)))
    mid_lat = sum(p[1] for p in points) / len(points) if points else 57.0
    # One degree of latitude is 1/cos(lat) times longer on the ground than one of longitude.
    return style.figure(
        [*fills, _labels(points), _scale(top)],
        height=height,
        margin=dict(l=0, r=0, t=0, b=60),
        dragmode=False,
        hovermode="closest",
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_lat))),
    )
