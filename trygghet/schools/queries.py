"""School view data: the three year-9 measures across sources; queries on Skolverket's views."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S, run


@dataclass(frozen=True)
class Measure:
    """One year-9 measure as each source names it (same idea, different definitions)."""

    key: str
    label: str
    unit: str
    short: str  # the table's column header (narrow enough for a phone)
    report: str  # measure id in v_skolverket_kommun_results (pupils by school location)
    school_metric: str  # API key in v_school_results (one school unit)
    kolada: str  # Kolada KPI (pupils by home kommun)
    kolada_label: str


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "meritvarde",
            "Genomsnittligt meritvärde (17 ämnen)",
            "meritvärde",
            "Meritvärde",
            "meritvarde_17",
            "averageGradesMeritRating9thGrade",
            "N15507",
            "meritvärde, hemkommun",
        ),
        Measure(
            "godkant",
            "Godkänt betyg i alla ämnen",
            "%",
            "Alla ämnen %",
            "godkant_alla_amnen",
            "ratioOfPupilsIn9thGradeWithAllSubjectsPassed",
            "N15508",
            "alla ämnen, hemkommun",
        ),
        Measure(
            "behorighet",
            "Behöriga till yrkesprogram",
            "%",
            "Behöriga %",
            "behoriga_yrkesprogram",
            "ratioOfPupils9thGradeEligibleForNationalProgramYR",
            "N15428",
            "behöriga, hemkommun",
        ),
    )
}
OWNER_LABELS = {
    "Samtliga": "alla skolor i kommunen",
    "Kommunal": "kommunala skolor",
    "Enskild": "fristående skolor",
}
FLAG_WORDS = {
    "suppressed": "sekretess (..)",
    "missing": "uppgift saknas (.)",
    "rounded": "avrundat (~100)",
}
NO_ROW = "ingen uppgift"  # the API sent no entry for this school and year


def school_year_label(year_end: int) -> str:
    """2025 -> '2024/25' (Kolada's year for year-9 results is the spring term's year)."""
    return f"{year_end - 1}/{str(year_end)[-2:]}"


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def report_series(db: Db, kommun: str) -> pd.DataFrame:
    """Skolverket's kommun report rows for one kommun (all owner types and measures)."""
    return run(db, "schools_report_series", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def kolada_series(db: Db, kommun: str) -> pd.DataFrame:
    """Kolada's year-9 KPIs behind the three measures for one kommun."""
    return run(
        db,
        "schools_kolada_series",
        {"kommun": kommun, "kpis": [m.kolada for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def units(db: Db, kommun: str) -> pd.DataFrame:
    """The kommun's year-9 school units."""
    return run(db, "schools_units", {"kommun": kommun})


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def results(db: Db, kommun: str) -> pd.DataFrame:
    """Per-school values (or reasons) for the three measures."""
    return run(
        db,
        "schools_results",
        {"kommun": kommun, "metrics": [m.school_metric for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def summary(db: Db, kommun: str) -> pd.DataFrame:
    """Per measure and school year: schools with and without a number, and the numbers' spread."""
    return run(
        db,
        "schools_summary",
        {"kommun": kommun, "metrics": [m.school_metric for m in MEASURES.values()]},
    )


@st.cache_data(ttl=TTL_S, max_entries=4, show_spinner=False)
def coverage(db: Db) -> pd.DataFrame:
    """Counties whose school units are loaded."""
    return run(db, "schools_coverage")
