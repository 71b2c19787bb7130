"""Cached queries behind the Samband page (one .sql file each, bound parameters)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def kpi_values(db: Db, kpi: str) -> pd.DataFrame:
    """municipality_id, year, value, status of one KPI (totals) for all kommuner."""
    frame = run(db, "samband_values", {"kpi": kpi})
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame
