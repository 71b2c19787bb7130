"""Cached queries of the Skolor page on Skolverket's views and Kolada's school KPIs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run
from trygghet.schools.catalogue import MEASURES


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def report_series(db: Db, kommun_id: str) -> pd.DataFrame:
    """Skolverket's kommun report rows for one kommun (all owner types and measures)."""
    return run(db, "schools_report_series", {"kommun": kommun_id})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def kolada_series(db: Db, kommun_id: str) -> pd.DataFrame:
    """Kolada's year-9 KPIs behind the three measures for one kommun."""
    return run(
        db,
        "schools_kolada_series",
        {"kommun": kommun_id, "kpis": [m.kolada for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def units(db: Db, kommun_id: str) -> pd.DataFrame:
    """The kommun's year-9 school units."""
    return run(db, "schools_units", {"kommun": kommun_id})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def results(db: Db, kommun_id: str) -> pd.DataFrame:
    """Per-school values (or reasons) for the three measures."""
    return run(
        db,
        "schools_results",
        {"kommun": kommun_id, "metrics": [m.school_metric for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def summary(db: Db, kommun_id: str) -> pd.DataFrame:
    """Per measure and school year: schools with and without a number, and the numbers' spread."""
    return run(
        db,
        "schools_summary",
        {"kommun": kommun_id, "metrics": [m.school_metric for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def coverage(db: Db) -> pd.DataFrame:
    """Counties whose school units are loaded."""
    return run(db, "schools_coverage")
