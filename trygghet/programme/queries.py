"""Cached queries for the programme page: kommun and comparison values, school report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=128, show_spinner=False)
def values(db: Db, kpis: tuple[str, ...], kommun_id: str, members: tuple[str, ...]) -> pd.DataFrame:
    """All years of the KPIs for the kommun and the comparison kommuner (both genders)."""
    return run(
        db, "programme_values", {"kpis": list(kpis), "kommun": kommun_id, "members": list(members)}
    )


@st.cache_data(ttl=TTL_S, max_entries=128, show_spinner=False)
def report(
    db: Db, measures: tuple[str, ...], kommun_id: str, members: tuple[str, ...]
) -> pd.DataFrame:
    """Skolverket's kommun report (all owner types) for the kommun and the comparison kommuner."""
    return run(
        db,
        "programme_report",
        {"measures": list(measures), "kommun": kommun_id, "members": list(members)},
    )


@st.cache_data(ttl=TTL_S, max_entries=8, show_spinner=False)
def years(db: Db, kpis: tuple[str, ...]) -> list[int]:
    """Years with any value among the programme's sources (the baseline choices)."""
    return [int(y) for y in run(db, "programme_years", {"kpis": list(kpis)})["year"]]
