"""Plain-language Swedish sentences and notes about a series (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from trygghet.core.format import fmt_change, fmt_num, fmt_value, is_missing
from trygghet.core.frames import rows

KOLADA_KPI_URL = "https://www.kolada.se/verktyg/fri-sokning/?kpis={kpi}"
REASONS = {
    "Missing": "saknas (Missing)",
    "Privacy": "sekretess, för få svar (Privacy)",
    "Not applicable": "ej tillämpligt (Not applicable)",
    "Unpublished": "ej publicerat",
}
GENDER_WORDS = {"T": "", "K": "kvinnor", "M": "män"}


def reason(status: object) -> str:
    """Swedish reason for a missing value from Kolada's status (or a missing row)."""
    if is_missing(status):
        return "saknas"
    return REASONS.get(str(status), str(status))


def kpi_url(kpi: str) -> str:
    """Link to the KPI in Kolada's free search."""
    return KOLADA_KPI_URL.format(kpi=kpi)


def latest_pair(df: pd.DataFrame, col: str = "value") -> tuple[pd.Series | None, pd.Series | None]:
    """The latest row with a value and the latest earlier row with a value."""
    have = df[df[col].notna()]
    if have.empty:
        return None, None
    last = have.iloc[-1]
    earlier = have[have["year"] < last["year"]]
    return last, (earlier.iloc[-1] if len(earlier) else None)


def summary_sentence(df: pd.DataFrame, kommun: str, unit: str, gender: str = "T") -> str:
    """'År 2022 var värdet för Kalmar 1 234,5 antal/100 000 inv, 3,2 % lägre än 2021.'"""
    who = kommun + (f" ({GENDER_WORDS[gender]})" if GENDER_WORDS.get(gender) else "")
    last, prev = latest_pair(df)
    if last is None:
        return f"Det finns inga publicerade värden för {who} under de valda åren."
    year = int(last["year"])
    head = f"År {year} var värdet för {who} {fmt_value(last['value'], unit)}"
    if prev is None:
        return head + ". Det finns inget tidigare värde att jämföra med under de valda åren."
    size, word = fmt_change(float(last["value"]), float(prev["value"]), unit)
    prev_year = int(prev["year"])
    if word == "oförändrat":
        return head + f", oförändrat jämfört med {prev_year}."
    skipped = "" if prev_year == year - 1 else f" ({skipped_years(df, prev_year, year)})"
    return head + f", {size} {word} än {prev_year}{skipped}."


def skipped_years(df: pd.DataFrame, after: int, before: int) -> str:
    """'2023–2024 saknas: ej publicerat' (or '2023: ...; 2024: ...') for the years between."""
    years = list(range(after + 1, before))
    reasons = {gap_reason(df, y) for y in years}
    if len(reasons) == 1:
        return f"{year_ranges(years)} saknas: {reasons.pop()}"
    return "; ".join(f"{y}: {gap_reason(df, y)}" for y in years)


def gap_reason(df: pd.DataFrame, year: int) -> str:
    """Why the kommun has no value in a year of the frame."""
    row = df[df["year"] == year]
    return reason(row["status"].iloc[0]) if len(row) else "utanför valda år"


def gap_note(df: pd.DataFrame, kommun: str) -> str:
    """'Saknas för Kalmar: 2021 (ej publicerat), 2019 (sekretess ...).' or '' if no gaps."""
    gaps = df[df["value"].isna()]
    if gaps.empty:
        return ""
    parts = [f"{int(r.year)} ({reason(r.status)})" for r in rows(gaps)]
    return f"Luckor för {kommun}: " + ", ".join(parts) + ". Luckor visas som avbrott i linjen."


def standing_text(own: float, others: pd.Series, group: str) -> str:
    """'lägre än 5 av 7 liknande kommuner' / 'högre än 200 av 289 kommuner'."""
    values = others.dropna()
    n = len(values)
    if n == 0:
        return f"inga värden för {group}"
    higher = int((values > own).sum())
    lower = int((values < own).sum())
    if higher >= lower:
        return f"lägre än {higher} av {n} {group}"
    return f"högre än {lower} av {n} {group}"


def change_text(df: pd.DataFrame, years_back: int, unit: str) -> str:
    """Change of the latest value against the value `years_back` years before it."""
    last, _ = latest_pair(df)
    if last is None:
        return "–"
    year = int(last["year"]) - years_back
    row = df[(df["year"] == year) & df["value"].notna()]
    if row.empty:
        known = df[df["year"] == year]
        why = f" ({reason(known['status'].iloc[0])})" if len(known) else ""
        return f"inget värde {year}{why}"
    size, word = fmt_change(float(last["value"]), float(row["value"].iloc[0]), unit)
    return f"oförändrat mot {year}" if word == "oförändrat" else f"{size} {word} än {year}"


def fmt_or_reason(value: object, status: object) -> str:
    """A formatted number, or the reason it is missing."""
    return reason(status) if is_missing(value) else fmt_num(value)


def year_ranges(years: object) -> str:
    """[2008, 2009, 2010, 2012] -> '2008–2010, 2012' ('–' when there are none)."""
    if years is None or (not isinstance(years, (list, tuple)) and is_missing(years)):
        return "–"
    ordered = sorted(int(y) for y in cast(Iterable[Any], years))  # a LIST cell
    if not ordered:
        return "–"
    parts, start, prev = [], ordered[0], ordered[0]
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)
