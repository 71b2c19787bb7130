"""Pure map of the Skolor page: the schools over the kommun boundary, labels that never collide.

Seven of Kalmar's eleven schools lie in one town: drawn one by one, their markers and numbers
sat on top of each other. Schools closer than NEAR of the map's width keep their marker where
Skolverket places them, and their numbers move out onto a ring around the group, each joined
to its school by a thin line.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.style import PALETTE

Outline = list[tuple[list[float], list[float]]]
SCHOOL_SYMBOL = {"Kommunal": "circle", "Fristående": "diamond"}
SCHOOL_COLOR = {"Kommunal": PALETTE[0], "Fristående": PALETTE[1]}
NEAR = 0.05  # schools closer than this share of the map's width share one ring of labels
LABEL = 0.045  # room one number label needs, as a share of the map's width


def outside_outline(
    points: pd.DataFrame, outline: Outline | None, margin: float = 0.02
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


def _frame(placed: pd.DataFrame, outline: Outline | None) -> tuple[float, float]:
    """cos(mean latitude), to stretch longitudes to distances, and the map's width in degrees."""
    shrink = math.cos(math.radians(float(placed["lat"].mean()))) if len(placed) else 0.5
    lons = [x for ring, _ in outline or [] for x in ring] or list(placed["lon"])
    lats = [y for _, ring in outline or [] for y in ring] or list(placed["lat"])
    if not lons:
        return shrink, 1.0
    return shrink, max((max(lons) - min(lons)) * shrink, max(lats) - min(lats), 1e-6)


def near_groups(points: pd.DataFrame, outline: Outline | None) -> list[list[int]]:
    """Table numbers (nr) of schools too close to label one by one (greedy, stretched coords)."""
    placed = points.dropna(subset=["lat", "lon"])
    shrink, span = _frame(placed, outline)
    xy = {
        int(nr): (float(lon) * shrink, float(lat))
        for nr, lon, lat in zip(placed["nr"], placed["lon"], placed["lat"], strict=True)
    }
    groups: list[list[int]] = []
    for nr, (x, y) in xy.items():
        near = [g for g in groups if any(math.dist((x, y), xy[m]) < NEAR * span for m in g)]
        merged = [nr] + [m for g in near for m in g]
        groups = [g for g in groups if g not in near] + [sorted(merged)]
    return sorted((g for g in groups if len(g) > 1), key=lambda g: g[0])


def _outline_traces(outline: Outline | None) -> list[go.Scatter]:
    return [
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
        for lons, lats in outline or []
    ]


def label_positions(
    placed: pd.DataFrame, groups: list[list[int]], shrink: float, span: float
) -> dict[int, tuple[float, float]]:
    """Where each grouped school's number goes: evenly on a ring around its group (lon, lat)."""
    spots: dict[int, tuple[float, float]] = {}
    for group in groups:
        part = placed[placed["nr"].isin(group)].sort_values("nr")
        cx, cy = float(part["lon"].mean()) * shrink, float(part["lat"].mean())
        n = len(part)
        radius = max(2 * NEAR * span, LABEL * span / (2 * math.sin(math.pi / n)))
        for i, nr in enumerate(part["nr"]):
            angle = math.pi / 2 - 2 * math.pi * i / n  # clockwise from the top
            spots[int(nr)] = (
                (cx + radius * math.cos(angle)) / shrink,
                cy + radius * math.sin(angle),
            )
    return spots


def _ring_traces(placed: pd.DataFrame, spots: dict[int, tuple[float, float]]) -> list[go.Scatter]:
    """Leader lines from each moved number to its school, and the numbers themselves."""
    moved = placed[placed["nr"].isin(list(spots))].sort_values("nr")
    lines_x: list[float | None] = []
    lines_y: list[float | None] = []
    for nr, lon, lat in zip(moved["nr"], moved["lon"], moved["lat"], strict=True):
        sx, sy = spots[int(nr)]
        lines_x += [float(lon), sx, None]
        lines_y += [float(lat), sy, None]
    leader = go.Scatter(
        x=lines_x,
        y=lines_y,
        mode="lines",
        line={"color": style.MUTED_TEXT, "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )
    labels = go.Scatter(
        x=[spots[int(nr)][0] for nr in moved["nr"]],
        y=[spots[int(nr)][1] for nr in moved["nr"]],
        mode="markers+text",
        text=moved["nr"].astype(str),
        textposition="middle center",
        textfont={"size": 11, "color": style.OUTLINE},
        marker={"size": 20, "color": "white", "line": {"color": style.MUTED_TEXT, "width": 1}},
        customdata=moved["hover"],
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    return [leader, labels]


def _school_trace(part: pd.DataFrame, owner: str, numbered: bool, legend: bool) -> go.Scatter:
    return go.Scatter(
        x=part["lon"],
        y=part["lat"],
        mode="markers+text" if numbered else "markers",
        name=f"{owner} skola (nr i tabellen)",
        legendgroup=owner,
        showlegend=legend,
        text=part["nr"].astype(str) if numbered else None,
        textposition="top center",
        textfont={"size": 12},
        marker={
            "size": 12,
            "symbol": SCHOOL_SYMBOL[owner],
            "color": SCHOOL_COLOR[owner],
            "line": {"color": "white", "width": 1},
        },
        customdata=part["hover"],
        hovertemplate="%{customdata}<extra></extra>",
    )


def school_map(
    points: pd.DataFrame, outline: Outline | None, groups: list[list[int]], height: int = 460
) -> go.Figure:
    """Schools as points over the kommun boundary on plain axes (no tile server, no internet).

    `points`: nr (the table's row number, the label), school, organizer_type, lat, lon, hover.
    Schools of one of `groups` get their number on a ring around the group (label_positions).
    Latitude is stretched by 1/cos(latitude) so distances look right at Swedish latitudes.
    """
    traces = list(_outline_traces(outline))
    placed = points.dropna(subset=["lat", "lon"])
    shrink, span = _frame(placed, outline)
    spots = label_positions(placed, groups, shrink, span)
    for owner in ("Kommunal", "Fristående"):
        part = placed[placed["organizer_type"] == owner]
        # A grouped school's number sits on the ring instead (see _ring_traces).
        legend = True  # one legend entry per owner type
        for alone in (True, False):
            some = part[part["nr"].isin(list(spots)) != alone]
            if not some.empty:
                traces.append(_school_trace(some, owner, numbered=alone, legend=legend))
                legend = False
    if spots:
        traces += _ring_traces(placed, spots)
    return style.figure(
        traces,
        height=height,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        dragmode="pan",
        legend={**style.LEGEND, "y": -0.02},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1 / shrink},
    )
