"""Cached queries of the Karta and Jämför views: one KPI and year for all kommuner, its years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def year_values(db: Db, kpi: str, gender: str, year: int) -> pd.DataFrame:
    """Every kommun (value NULL with its status where none) and Riket for one KPI and year."""
    return run(db, "compare_values", {"kpi": kpi, "gender": gender, "year": year})


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def published_years(db: Db, kpi: str, gender: str, year_from: int, year_to: int) -> list[int]:
    """Years in the range with a value for at least one kommun, newest first."""
    params = {"kpi": kpi, "gender": gender, "year_from": year_from, "year_to": year_to}
    return [int(y) for y in run(db, "compare_years", params)["year"]]
