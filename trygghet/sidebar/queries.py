"""Cached queries behind the shared sidebar: kommuner, peer groups, years, freshness."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def kommuner(db: Db) -> pd.DataFrame:
    """All 290 kommuner with län."""
    return run(db, "kommuner")


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def peer_group(db: Db, kommun: str) -> pd.DataFrame:
    """The kommun's default 'Liknande kommuner, övergripande' group members."""
    return run(db, "peer_group", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def year_span(db: Db) -> tuple[int, int] | None:
    """First and last year with values among themed indicators (None: no Kolada values)."""
    row = run(db, "year_span").iloc[0]
    if pd.isna(row["first_year"]):
        return None
    return int(row["first_year"]), int(row["last_year"])


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def last_run(db: Db) -> pd.DataFrame:
    """Last successful refresh per source."""
    return run(db, "last_run")


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def provenance(db: Db) -> pd.DataFrame:
    """Each source's title, licence and last successful load (for the CSVs' header blocks)."""
    return run(db, "provenance")
