"""Cached queries of the indicator pages: catalogue, series, standings, coverage, provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.query import TTL_S, Con, run


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def indicators(_con: Con, key: str) -> pd.DataFrame:
    """The indicator catalogue with Kolada metadata."""
    return run(_con, "indicators")


@st.cache_data(ttl=TTL_S, max_entries=512, show_spinner=False)
def series(
    _con: Con,
    key: str,
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
    return run(_con, "series", params)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def standing(_con: Con, key: str, kpi: str, year: int) -> pd.DataFrame:
    """All kommuner's total values for one KPI and year."""
    return run(_con, "standing", {"kpi": kpi, "year": year})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def coverage(_con: Con, key: str, kommun: str) -> pd.DataFrame:
    """Years with values (and gaps with reasons) per indicator for the kommun."""
    return run(_con, "coverage", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def provenance(_con: Con, key: str) -> pd.DataFrame:
    """Source provenance joined with the last successful run."""
    return run(_con, "provenance")
