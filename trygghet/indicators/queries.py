"""Cached queries of the indicator pages: catalogue, series, standings, coverage, provenance."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.format import is_missing
from trygghet.core.query import TTL_S, run
from trygghet.indicators.catalogue import Indicator


@st.cache_resource(ttl=TTL_S, max_entries=4, show_spinner=False)
def indicators(db: Db) -> dict[str, Indicator]:
    """Every catalogued indicator by KPI id, in display order (theme, then the catalogue's order).

    Built once per DB version and shared read-only: the one place a catalogue row becomes an
    Indicator.
    """
    return {
        str(r.kpi_id): Indicator(
            kpi_id=str(r.kpi_id),
            label=str(r.label),
            unit=str(r.unit),
            direction=str(r.direction),
            theme=str(r.theme),
            headline=bool(r.headline),
            title=str(r.label) if is_missing(r.kpi_title) else str(r.kpi_title),
            description="" if is_missing(r.description) else str(r.description),
            by_gender=bool(r.is_divided_by_gender),
        )
        for r in run(db, "indicators").itertuples(index=False)
    }


BAND_COLUMNS = ("all_min", "all_p25", "all_p75", "all_median", "all_max", "all_n", "all_size")


@dataclass(frozen=True)
class KpiYears:
    """One KPI and gender over a span of years, as every kommun's series reads it."""

    shared: pd.DataFrame  # series_shared.sql: year, Riket, the all-kommuner band and its counts
    values: dict[str, dict[int, float]]  # unit -> year -> value (rows with a value)
    statuses: dict[str, dict[int, str | None]]  # unit -> year -> status (every row)


# About 0.7 MB an entry (Kolada's largest KPI: 290 kommuner × 30 years); 37 KPIs × 3 genders
# at the default years fit, and the bound keeps a process's memory in check.
@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def kpi_years(db: Db, kpi: str, gender: str, year_from: int, year_to: int) -> KpiYears:
    """Read one KPI once for all kommuner; each kommun's series is then a few lookups.

    A query per kommun and KPI cost a cold page most of its time; the band and Riket are the
    same for every kommun, and the comparison mean is a mean of a handful of lookups.
    """
    params = {"kpi": kpi, "gender": gender, "year_from": year_from, "year_to": year_to}
    units = run(db, "series_units", params)
    values: dict[str, dict[int, float]] = {}
    statuses: dict[str, dict[int, str | None]] = {}
    for unit, year, value, status in zip(
        units["municipality_id"].tolist(),
        units["year"].tolist(),
        units["value"].tolist(),
        units["status"].tolist(),
        strict=True,
    ):
        statuses.setdefault(unit, {})[year] = None if is_missing(status) else str(status)
        if not is_missing(value):
            values.setdefault(unit, {})[year] = float(value)
    return KpiYears(run(db, "series_shared", params), values, statuses)


def series(
    db: Db,
    kpi: str,
    kommun_id: str,
    members: tuple[str, ...],
    gender: str,
    year_from: int,
    year_to: int,
) -> pd.DataFrame:
    """One KPI over time for the kommun, comparison mean, Riket and the all-kommuner band.

    Columns: year, value, status, riket, riket_status, cmp_mean, cmp_n, all_min, all_p25,
    all_p75, all_median, all_max, all_n, all_size. A year without a row of the kommun has the status
    'Unpublished'; the mean is unweighted over the members with a value that year.
    """
    t = kpi_years(db, kpi, gender, year_from, year_to)
    years = t.shared["year"].tolist()
    own, own_status = t.values.get(kommun_id, {}), t.statuses.get(kommun_id, {})
    group = [t.values[m] for m in dict.fromkeys(members) if m in t.values]
    means = [[g[y] for g in group if y in g] for y in years]
    shared = t.shared
    return pd.DataFrame(
        {
            "year": shared["year"],
            "value": [own.get(y, math.nan) for y in years],
            "status": pd.Series([own_status.get(y, "Unpublished") for y in years], dtype="str"),
            "riket": shared["riket"],
            "riket_status": shared["riket_status"],
            "cmp_mean": [sum(m) / len(m) if m else math.nan for m in means],
            "cmp_n": [len(m) for m in means],
            **{col: shared[col] for col in BAND_COLUMNS},
        }
    )


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def standing(db: Db, kpi: str, year: int) -> pd.DataFrame:
    """All kommuner's total values for one KPI and year."""
    return run(db, "standing", {"kpi": kpi, "year": year})


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def provenance(db: Db) -> pd.DataFrame:
    """Source provenance joined with the last successful run."""
    return run(db, "provenance")
