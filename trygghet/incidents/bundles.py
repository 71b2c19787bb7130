"""Cached figures of the Händelser page: built once per input, shared read-only by sessions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.incidents.charts import WEEKDAYS, counts_figure, heat_figure, period_text
from trygghet.incidents.map_charts import Shapes, kommun_shapes, map_figure
from trygghet.incidents.params import GRAIN_LABELS, Scope
from trygghet.incidents.queries import counts, heat, per_kommun
from trygghet.sidebar.data import source_facts
from trygghet.sidebar.queries import provenance


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


def _facts(db: Db, s: Scope) -> list[tuple[str, str]]:
    """The CSV's header block: what, where, when, which categories, and the source."""
    return [
        ("Innehåll", f"Polisens händelsenotiser {GRAIN_LABELS[s.grain_key].lower()} och kategori"),
        ("Kommun", s.kommun_name),
        ("Period", s.period.label),
        ("Kategorier", ", ".join(s.label_of[c] for c in s.cats)),
        ("Tid", "händelsens tid enligt rubriken (svensk tid)"),
        *source_facts(provenance(db), "polisen"),
        ("Obs", "Notiserna är ett urval som Polisen publicerar, inte brottsstatistik"),
    ]


# The table and its CSV are built once per scope, as the figures are: building the CSV on
# every rerun cost the page about a tenth of its run.
@st.cache_resource(max_entries=32, show_spinner=False)
def counts_files(db: Db, scope: Scope) -> tuple[pd.DataFrame, bytes]:
    """The kommun's counts as the table shows them, and their CSV."""
    s = scope
    df = counts(db, s.county, s.kommun_id, s.grain, s.period.start, s.period.end, s.cats)
    table = df[df["area"] == "kommun"].assign(
        period=lambda d: [period_text(pd.Timestamp(p), s.grain) for p in d["period"]],
        category=lambda d: d["category"].map(s.label_of),
    )[["period", "category", "notices"]]
    table.columns = ["Period", "Kategori", "Notiser"]
    return table, export_csv(table, _facts(db, s))


@dataclass(frozen=True)
class HeatView:
    """The weekday × hour chart of the kommun's notices, its table and their number."""

    figure: go.Figure
    table: pd.DataFrame
    notices: int


@st.cache_resource(max_entries=32, show_spinner=False)
def heat_view(db: Db, scope: Scope) -> HeatView:
    """Build (once per scope) the heat map and its table."""
    s = scope
    df = heat(db, s.kommun_id, s.period.start, s.period.end, s.cats)
    table = pd.DataFrame(
        {
            "Veckodag": [WEEKDAYS[int(d) - 1] for d in df["weekday"]],
            "Timme": [f"{int(h):02d}" for h in df["hour"]],
            "Notiser": df["notices"].astype(int),
        }
    )
    return HeatView(heat_figure(df), table, int(df["notices"].sum()))
