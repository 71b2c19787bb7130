"""Cached queries for the programme page: labels, kommun/comparison/Riket values, school report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.query import TTL_S, Con, run


@st.cache_data(ttl=TTL_S, max_entries=8, show_spinner=False)
def indicators(_con: Con, key: str, kpis: tuple[str, ...]) -> pd.DataFrame:
    """Label, unit and whether the Kolada ETL loads each KPI."""
    return run(_con, "programme_indicators", {"kpis": list(kpis)})


@st.cache_data(ttl=TTL_S, max_entries=128, show_spinner=False)
def values(
    _con: Con, key: str, kpis: tuple[str, ...], kommun: str, members: tuple[str, ...]
) -> pd.DataFrame:
    """All years of the KPIs for the kommun, the comparison kommuner and Riket (total)."""
    return run(
        _con, "programme_values", {"kpis": list(kpis), "kommun": kommun, "members": list(members)}
    )


@st.cache_data(ttl=TTL_S, max_entries=128, show_spinner=False)
def report(
    _con: Con, key: str, measures: tuple[str, ...], kommun: str, members: tuple[str, ...]
) -> pd.DataFrame:
    """Skolverket's kommun report (all owner types) for the kommun and the comparison kommuner."""
    return run(
        _con,
        "programme_report",
        {"measures": list(measures), "kommun": kommun, "members": list(members)},
    )


@st.cache_data(ttl=TTL_S, max_entries=8, show_spinner=False)
def years(_con: Con, key: str, kpis: tuple[str, ...]) -> list[int]:
    """Years with any value among the programme's sources (the baseline choices)."""
    return [int(y) for y in run(_con, "programme_years", {"kpis": list(kpis)})["year"]]
