"""Cached queries behind the shared sidebar: kommuner, peer groups, years, freshness."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.query import TTL_S, Con, run


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def kommuner(_con: Con, key: str) -> pd.DataFrame:
    """All 290 kommuner with län."""
    return run(_con, "kommuner")


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def peer_group(_con: Con, key: str, kommun: str) -> pd.DataFrame:
    """The kommun's default 'Liknande kommuner, övergripande' group members."""
    return run(_con, "peer_group", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def year_span(_con: Con, key: str) -> tuple[int, int]:
    """First and last year with values among themed indicators."""
    row = run(_con, "year_span").iloc[0]
    return int(row["first_year"]), int(row["last_year"])


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def last_run(_con: Con, key: str) -> pd.DataFrame:
    """Last successful refresh per source."""
    return run(_con, "last_run")
