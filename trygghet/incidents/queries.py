"""Named, cached queries of the Händelser page (Polisen notices) and its categories/boundaries."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import pandas as pd
import streamlit as st

import catalogues
from catalogues.settings import load_settings
from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@lru_cache(maxsize=1)
def area_and_categories() -> tuple[str, str, dict[str, str]]:
    """(county id, default kommun id, {category: Swedish label}) from the Polisen catalogue."""
    area = catalogues.load("polisen_categories")["area"]
    return (
        load_settings().county_id,
        str(area.get("default_kommun", "")),
        catalogues.polisen_labels(),
    )


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def span(db: Db, county: str) -> tuple[datetime | None, datetime | None, int]:
    """First and last notice (Swedish time) and their number."""
    row = run(db, "incidents_span", {"county": county}).iloc[0]
    if not row["notices"]:
        return None, None, 0
    return row["first_time"].to_pydatetime(), row["last_time"].to_pydatetime(), int(row["notices"])


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def kommuner(db: Db, county: str) -> pd.DataFrame:
    return run(db, "incidents_kommuner", {"county": county})


def _window(start: datetime, end: datetime, cats: tuple[str, ...]) -> dict[str, object]:
    return {"start": start, "end": end, "cats": list(cats)}


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def counts(
    db: Db,
    county: str,
    kommun_id: str,
    grain: str,
    start: datetime,
    end: datetime,
    cats: tuple[str, ...],
) -> pd.DataFrame:
    """period, area (kommun | ovriga | lan), category, notices."""
    return run(
        db,
        "incidents_counts",
        {"county": county, "kommun": kommun_id, "grain": grain, **_window(start, end, cats)},
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def heat(
    db: Db, kommun_id: str, start: datetime, end: datetime, cats: tuple[str, ...]
) -> pd.DataFrame:
    """weekday (1 = Monday), hour, notices."""
    return run(db, "incidents_heat", {"kommun": kommun_id, **_window(start, end, cats)})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def latest(
    db: Db,
    kommun_id: str,
    start: datetime,
    end: datetime,
    cats: tuple[str, ...],
    limit: int = 15,
) -> pd.DataFrame:
    return run(
        db, "incidents_latest", {"kommun": kommun_id, "limit": limit, **_window(start, end, cats)}
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def per_kommun(
    db: Db,
    county: str,
    start: datetime,
    end: datetime,
    cats: tuple[str, ...],
    pop_year: int,
) -> pd.DataFrame:
    """kommun_id, kommun, notices, population (of pop_year; NaN where Kolada has none)."""
    return run(
        db,
        "incidents_per_kommun",
        {"county": county, "pop_year": pop_year, **_window(start, end, cats)},
    )


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def population_years(db: Db, county: str) -> list[int]:
    return [int(y) for y in run(db, "incidents_population_years", {"county": county})["year"]]


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def loaded_counties(db: Db) -> list[tuple[str, str]]:
    """(county id, name) of every län whose notices are loaded."""
    df = run(db, "incidents_loaded_counties", {})
    return [(str(i), str(n)) for i, n in zip(df["county_id"], df["county"], strict=True)]


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def kommun_county(db: Db, kommun_id: str) -> str | None:
    """The name of the län `kommun_id` belongs to (None when Polisen's list lacks it)."""
    df = run(db, "incidents_kommun_county", {"kommun": kommun_id})
    return None if df.empty or pd.isna(df["county"].iloc[0]) else str(df["county"].iloc[0])
