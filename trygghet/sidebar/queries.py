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


@st.cache_resource(ttl=TTL_S, max_entries=4, show_spinner=False)
def kommun_names(db: Db) -> dict[str, str]:
    """Kommun id -> name for all kommuner (shared: read only)."""
    every = kommuner(db)
    return dict(zip(every["municipality_id"], every["municipality"], strict=True))


@st.cache_resource(ttl=TTL_S, max_entries=4, show_spinner=False)
def _peer_groups(db: Db) -> dict[str, pd.DataFrame]:
    """Every kommun's group in one read ("" holds the empty frame for a kommun without one).

    Read per kommun, a cache of groups missed on almost every first visit to a kommun.
    """
    frame = run(db, "peer_groups")
    groups = {
        str(kommun_id): rows.drop(columns="municipality_id").reset_index(drop=True)
        for kommun_id, rows in frame.groupby("municipality_id", sort=False)
    }
    groups[""] = frame.drop(columns="municipality_id").iloc[0:0]
    return groups


def peer_group(db: Db, kommun_id: str) -> pd.DataFrame:
    """The kommun's default 'Liknande kommuner, övergripande' group members (shared: read only).

    Columns: group_id, group_title, member_id, member, ordered by member.
    """
    groups = _peer_groups(db)
    return groups.get(kommun_id, groups[""])


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
