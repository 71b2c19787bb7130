"""Cached figures of the Händelser page: built once per input, shared read-only by sessions."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.incidents.charts import counts_figure
from trygghet.incidents.map_charts import Shapes, kommun_shapes, map_figure
from trygghet.incidents.queries import counts, per_kommun


@lru_cache(maxsize=4)
def _shapes(path: str, county: str) -> Shapes | None:  # path: the cache key, if the snapshot moves
    features = [
        f for f in geo.kommun_features() or () if str(f["properties"].get("lan_kod")) == county
    ]
    return kommun_shapes(features) if features else None


def shapes(county: str) -> Shapes | None:
    """The län's kommun outlines as arrays for map_figure (None without the GeoJSON)."""
    return _shapes(str(geo.geojson_path()), county)


# Figures are cached whole (cache_resource hands back the same object, no pickling): building
# them validates every trace and costs more than the cached queries behind them. Nothing
# mutates a figure after it is built; st.plotly_chart only reads it.
@st.cache_resource(max_entries=32, show_spinner=False)
def counts_chart(
    db: Db,
    county: str,
    kommun: str,
    kommun_name: str,
    grain: str,
    start: datetime,
    end: datetime,
    cats: tuple[str, ...],
    labels: tuple[tuple[str, str], ...],
) -> go.Figure:
    df = counts(db, county, kommun, grain, start, end, cats)
    return counts_figure(df, grain=grain, kommun=kommun_name, labels=dict(labels))


@st.cache_resource(max_entries=32, show_spinner=False)
def map_chart(
    db: Db,
    county: str,
    kommun: str,
    start: datetime,
    end: datetime,
    cats: tuple[str, ...],
    pop_year: int,
) -> go.Figure | None:
    outlines = shapes(county)
    if outlines is None:
        return None
    df = per_kommun(db, county, start, end, cats, pop_year)
    df = df.assign(rate=df["notices"] / df["population"] * 10_000)
    return map_figure(df, outlines, chosen=kommun)
