"""Named queries: each runs one .sql file with bound parameters and caches the DataFrame."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

SQL_DIR = Path(__file__).with_name("sql")
TTL_S = 3600  # the key carries the DB mtime, so the TTL only bounds memory, not freshness
Con = duckdb.DuckDBPyConnection


@cache
def sql(name: str) -> str:
    """The text of trygghet/sql/<name>.sql (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: Con, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """Execute one named query and drain it fully into a DataFrame (DuckDB 2.0 needs that)."""
    return con.execute(sql(name), params or {}).df()


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
