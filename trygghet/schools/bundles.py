"""Cached figures and exports of the Skolor page, so a warm rerun only sends them again."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.format import fmt_num, md_esc
from trygghet.core.frames import rows
from trygghet.core.query import TTL_S
from trygghet.schools import data
from trygghet.schools import queries as schools
from trygghet.schools.catalogue import MEASURES
from trygghet.schools.charts import sources_figure
from trygghet.schools.data import map_points, school_csv_frame
from trygghet.schools.map_charts import near_groups, outside_outline, school_map
from trygghet.sidebar.data import source_facts
from trygghet.sidebar.queries import provenance


@dataclass(frozen=True)
class SchoolMap:
    """The map and the schools it could not place (already escaped for Markdown)."""

    figure: go.Figure
    unplaced: list[str]
    misplaced: list[str]
    groups: list[list[int]]  # table numbers of schools drawn as one ring


# Figures are cached as resources: shared read-only across sessions, never copied per rerun.
@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def sources_chart(db: Db, kommun_id: str, measure: str) -> go.Figure:
    """Skolverket's kommun series beside Kolada's for one measure."""
    return sources_figure(
        schools.report_series(db, kommun_id),
        schools.kolada_series(db, kommun_id),
        MEASURES[measure],
    )


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def sources_table(db: Db, kommun_id: str, measure: str) -> pd.DataFrame:
    """The sources chart's points as a table (for a screen reader and the keyboard)."""
    return data.sources_table(
        schools.report_series(db, kommun_id),
        schools.kolada_series(db, kommun_id),
        MEASURES[measure],
    )


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def map_view(db: Db, kommun_id: str, school_year: str | None) -> SchoolMap:
    """The kommun's schools over its boundary, with those that cannot be drawn named."""
    points = map_points(schools.units(db, kommun_id), schools.results(db, kommun_id), school_year)
    boundary = geo.outline(kommun_id)
    far = outside_outline(points, boundary)
    unplaced = [md_esc(s) for s in points[points["lat"].isna() | points["lon"].isna()]["school"]]
    misplaced = [
        f"{md_esc(r.school)} ({fmt_num(r.lat, 2)} N, {fmt_num(r.lon, 2)} E)"
        for r in rows(points[far])
    ]
    groups = near_groups(points[~far], boundary)
    return SchoolMap(school_map(points[~far], boundary, groups), unplaced, misplaced, groups)


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def csv_bytes(db: Db, kommun_id: str, kommun_name: str) -> bytes:
    """Every school's values for all school years, with a header block people can cite."""
    results = schools.results(db, kommun_id)
    frame = school_csv_frame(schools.units(db, kommun_id), results)
    years = sorted(results["school_year"].dropna().unique())
    about = [
        ("Innehåll", "Skolornas resultat i årskurs 9, en rad per skola, mått och läsår"),
        ("Kommun", f"{kommun_name} ({kommun_id})"),
        ("Läsår", f"{years[0]}–{years[-1]}" if years else "inga"),
        ("Mått", ", ".join(m.label for m in MEASURES.values())),
        *source_facts(provenance(db), "skolverket"),
        ("Obs", "Elever räknas där skolan ligger; ett tomt värde har sin orsak i Skolverkets text"),
    ]
    return export_csv(frame, about)
