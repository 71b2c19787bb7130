"""Cached figures of the Händelser page: built once per input, shared read-only by sessions."""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.incidents.charts import counts_figure
from trygghet.incidents.map_charts import Shapes, kommun_shapes, map_figure
from trygghet.incidents.params import Scope
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
# mutates a figure after it is built; st.plotly_chart only reads it. The key is the whole
# Scope, hashed by value (dataclasses.asdict), which holds everything a figure is built from.
# The map does not read the grain, so a switch of ?per= builds the same map once more (two
# entries at most): the price of one argument for the page's choice instead of seven.
@st.cache_resource(max_entries=32, show_spinner=False)
def counts_chart(db: Db, scope: Scope) -> go.Figure:
    """Notices per week or month and category: the scope's kommun and the län's other kommuner."""
    df = counts(
        db,
        scope.county,
        scope.kommun_id,
        scope.grain,
        scope.period.start,
        scope.period.end,
        scope.cats,
    )
    return counts_figure(
        df, grain=scope.grain, kommun_name=scope.kommun_name, labels=scope.label_of
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def map_chart(db: Db, scope: Scope, pop_year: int) -> go.Figure | None:
    """The län's kommuner by notices per 10 000 of pop_year (None without the outlines)."""
    outlines = shapes(scope.county)
    if outlines is None:
        return None
    df = per_kommun(db, scope.county, scope.period.start, scope.period.end, scope.cats, pop_year)
    df = df.assign(rate=df["notices"] / df["population"] * 10_000)
    return map_figure(df, outlines, chosen=scope.kommun_id)
