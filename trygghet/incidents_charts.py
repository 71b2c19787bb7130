"""Pure chart builders for the Händelser page: DataFrame in, plotly Figure out."""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from trygghet.charts import FONT, SEPARATORS
from trygghet.format import esc, fmt_num
from trygghet.incidents_params import week_label

# Okabe-Ito first (colour-blind safe), two muted tones for the catch-all categories.
CATEGORY_COLOURS = {
    "våld": "#D55E00", "hot": "#CC79A7", "stöld och inbrott": "#0072B2", "skadegörelse": "#E69F00",
    "narkotika": "#009E73", "trafik": "#56B4E9", "brand": "#F0E442", "ordning": "#000000",
    "sammanfattning": "#DDCC77", "övrigt": "#999999",
}
WEEKDAYS = ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]
COLOURSCALE = "Blues"
NO_DATA = "#dddddd"
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def period_text(day: pd.Timestamp, grain: str) -> str:
    """'v. 34 2026' for a week, 'aug 2026' for a month."""
    return week_label(day.date()) if grain == "week" else f"{MONTHS[day.month - 1]} {day.year}"


def counts_figure(df: pd.DataFrame, *, grain: str, kommun: str, labels: Mapping[str, str],
                  height: int = 520) -> go.Figure:
    """Stacked bars per week/month and category: the kommun above, the län's other kommuner below."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=(esc(kommun), "Övriga kommuner i länet"))
    for category, label in labels.items():
        for row, area in ((1, "kommun"), (2, "ovriga")):
            part = df[(df["category"] == category) & (df["area"] == area)]
            if part.empty:
                continue
            periods = pd.to_datetime(part["period"])
            fig.add_trace(go.Bar(
                x=periods, y=part["notices"], name=label, legendgroup=category,
                marker_color=CATEGORY_COLOURS.get(category, "#999999"), showlegend=row == 1
                or df[(df["category"] == category) & (df["area"] == "kommun")].empty,
                customdata=[period_text(p, grain) for p in periods],
                hovertemplate=f"%{{customdata}}<br>{esc(label)}: %{{y}} notiser<extra></extra>"),
                row=row, col=1)
    fig.update_layout(barmode="stack", height=height, separators=SEPARATORS, font_family=FONT,
                      margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.08),
                      plot_bgcolor="white", bargap=0.15)
    fig.update_yaxes(title_text="Antal notiser", rangemode="tozero", gridcolor="#e5e5e5")
    return fig


def heat_figure(df: pd.DataFrame, *, height: int = 340) -> go.Figure:
    """Weekday x hour of the incident; empty cells are real zeros (no notice at that hour)."""
    grid = [[0] * 24 for _ in range(7)]
    for row in df.itertuples():
        grid[int(row.weekday) - 1][int(row.hour)] = int(row.notices)
    fig = go.Figure(go.Heatmap(
        z=grid, x=[f"{h:02d}" for h in range(24)], y=WEEKDAYS, colorscale="Blues",
        colorbar=dict(title="Notiser"), xgap=1, ygap=1,
        hovertemplate="%{y} kl. %{x}: %{z} notiser<extra></extra>"))
    fig.update_layout(height=height, separators=SEPARATORS, font_family=FONT,
                      margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="Timme (svensk tid)")
    return fig


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Outer rings of a (Multi)Polygon; holes are left out (kommuner have no enclaves here)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon[0] for polygon in polygons]


def _label_point(rings: list[list[list[float]]]) -> tuple[float, float]:
    """Mean vertex of the largest ring: inside enough for a label on a kommun."""
    ring = max(rings, key=len)
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def map_figure(df: pd.DataFrame, geojson: dict, *, chosen: str, height: int = 520) -> go.Figure:
    """Kommuner filled by notices per 10 000 inhabitants; grey where no population exists.

    Drawn as SVG polygons on plain axes: plotly's geo and map subplots fetch base maps or
    styles from the internet, which the dashboard may not have.
    """
    shapes = {f["properties"]["kommun_kod"]: _rings(f["geometry"]) for f in geojson["features"]}
    top = float(df["rate"].max()) if df["rate"].notna().any() else 1.0
    fig = go.Figure()
    labels_x, labels_y, labels, hovers = [], [], [], []
    for r in df.itertuples():
        rings = shapes.get(r.kommun_id)
        if not rings:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in rings:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        has_rate = pd.notna(r.rate)
        colour = sample_colorscale(COLOURSCALE, [r.rate / top if top else 0])[0] if has_rate else NO_DATA
        hover = (f"<b>{esc(r.kommun)}</b><br>{fmt_num(r.notices)} notiser<br>"
                 + (f"{fmt_num(r.rate, 1)} per 10 000 invånare<br>folkmängd {fmt_num(r.population)}"
                    if has_rate else "folkmängd saknas: ingen takt"))
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines",
                                 line=dict(color="#222222", width=3 if r.kommun_id == chosen else 0.7),
                                 hoveron="fills", hoverinfo="text", text=hover, showlegend=False))
        x, y = _label_point(rings)
        labels_x.append(x), labels_y.append(y), labels.append(esc(r.kommun)), hovers.append(hover)
    fig.add_trace(go.Scatter(x=labels_x, y=labels_y, mode="text", text=labels, showlegend=False,
                             textfont=dict(size=11, color="#111111"), hovertext=hovers,
                             hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                             marker=dict(colorscale=COLOURSCALE, cmin=0, cmax=top, color=[0],
                                         showscale=True, colorbar=dict(title="per 10 000", orientation="h",
                                                                   y=-0.02, yanchor="top", len=0.8))))
    mid_lat = sum(labels_y) / len(labels_y) if labels_y else 57.0
    fig.update_xaxes(visible=False)
    # One degree of latitude is 1/cos(lat) times longer on the ground than one of longitude.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_lat)))
    fig.update_layout(height=height, separators=SEPARATORS, font_family=FONT, plot_bgcolor="white",
                      margin=dict(l=0, r=0, t=0, b=60), dragmode=False, hovermode="closest")
    return fig
