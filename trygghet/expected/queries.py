"""Cached reads of the model's results (the v_expected* views; nothing is fitted here)."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


def _run(db: Db, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """The query's rows; none when the DB predates the model's views (no refresh since)."""
    try:
        return run(db, name, params)
    except duckdb.CatalogException:
        return pd.DataFrame()


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def models(db: Db) -> pd.DataFrame:
    """One row per modelled outcome (expected_models.sql), indexed by the outcome's KPI."""
    frame = _run(db, "expected_models")
    return frame.set_index("outcome") if not frame.empty else frame


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def coefs(db: Db) -> pd.DataFrame:
    """Every outcome's coefficients (expected_coefs.sql)."""
    return _run(db, "expected_coefs")


@st.cache_resource(ttl=TTL_S, max_entries=16, show_spinner=False)
def values(db: Db, outcome: str) -> pd.DataFrame:
    """Every kommun's observed and expected value for one outcome, indexed by kommun id.

    A resource (not copied per read): the pages only look rows up in it.
    """
    frame = _run(db, "expected_values", {"outcome": outcome})
    return frame.set_index("municipality_id") if not frame.empty else frame
