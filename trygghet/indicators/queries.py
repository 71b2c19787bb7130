"""Cached queries of the indicator pages: catalogue, series, standings, coverage, provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def indicators(db: Db) -> pd.DataFrame:
    """The indicator catalogue with Kolada metadata."""
    return run(db, "indicators")


@st.cache_data(ttl=TTL_S, max_entries=512, show_spinner=False)
def series(
    db: Db,
    kpi: str,
    kommun: str,
    members: tuple[str, ...],
    gender: str,
    year_from: int,
    year_to: int,
) -> pd.DataFrame:
    """One KPI over time for the kommun, comparison mean, Riket and the all-kommuner band."""
    params = {
        "kpi": kpi,
        "kommun": kommun,
        "members": list(members),
        "gender": gender,
        "year_from": year_from,
        "year_to": year_to,
    }
    return run(db, "series", params)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def standing(db: Db, kpi: str, year: int) -> pd.DataFrame:
    """All kommuner's total values for one KPI and year."""
    return run(db, "standing", {"kpi": kpi, "year": year})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def coverage(db: Db, kommun: str) -> pd.DataFrame:
    """Years with values (and gaps with reasons) per indicator for the kommun."""
    return run(db, "coverage", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def provenance(db: Db) -> pd.DataFrame:
    """Source provenance joined with the last successful run."""
    return run(db, "provenance")
