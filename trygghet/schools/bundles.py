"""Cached figures and exports of the Skolor page, so a warm rerun only sends them again."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.core.format import fmt_num, md_esc, safe_csv
from trygghet.core.frames import rows
from trygghet.core.query import TTL_S
from trygghet.schools import queries as schools
from trygghet.schools.charts import outside_outline, school_map, sources_figure
from trygghet.schools.data import map_points, school_csv_frame
from trygghet.schools.measures import MEASURES


@dataclass(frozen=True)
class SchoolMap:
    """The map and the schools it could not place (already escaped for Markdown)."""

    figure: go.Figure
    unplaced: list[str]
    misplaced: list[str]


# Figures are cached as resources: shared read-only across sessions, never copied per rerun.
@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def sources_chart(db: Db, kommun: str, measure: str) -> go.Figure:
    """Skolverket's kommun series beside Kolada's for one measure."""
    return sources_figure(
        schools.report_series(db, kommun),
        schools.kolada_series(db, kommun),
        MEASURES[measure],
    )


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def map_view(db: Db, kommun: str, school_year: str | None) -> SchoolMap:
    """The kommun's schools over its boundary, with those that cannot be drawn named."""
    points = map_points(schools.units(db, kommun), schools.results(db, kommun), school_year)
    boundary = geo.outline(kommun)
    far = outside_outline(points, boundary)
    unplaced = [md_esc(s) for s in points[points["lat"].isna() | points["lon"].isna()]["school"]]
    misplaced = [
        f"{md_esc(r.school)} ({fmt_num(r.lat, 2)} N, {fmt_num(r.lon, 2)} E)"
        for r in rows(points[far])
    ]
    return SchoolMap(school_map(points[~far], boundary), unplaced, misplaced)


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def csv_bytes(db: Db, kommun: str) -> bytes:
    """Every school's values for all school years, safe to open in a spreadsheet."""
    frame = school_csv_frame(schools.units(db, kommun), schools.results(db, kommun))
    return safe_csv(frame)
