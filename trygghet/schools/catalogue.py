"""The three year-9 measures as each source names them, and how their years and flags read.

Pure definitions (no Streamlit): queries, charts, tables and the programme page share them.
"""

from __future__ import annotations

from dataclasses import dataclass


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
