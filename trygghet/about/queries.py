"""Cached queries behind Om data: the reviewed errata and each indicator's years for a kommun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def errata(db: Db) -> pd.DataFrame:
    """Every reviewed erratum of the catalogue: indicator, note, evidence, date."""
    return run(db, "errata")


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def coverage(db: Db, kommun_id: str) -> pd.DataFrame:
    """Years with values (and gaps with reasons) per indicator for the kommun."""
    return run(db, "coverage", {"kommun": kommun_id})
