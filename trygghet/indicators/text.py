"""Plain-language Swedish sentences and notes about a series (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlsplit

import pandas as pd

from trygghet.core.format import NBSP, fmt_change, fmt_num, fmt_value, is_missing
from trygghet.core.frames import rows
from trygghet.core.judgement import NO_UNCERTAINTY, NONE, Judgement, pooled_years

KOLADA_KPI_URL = "https://www.kolada.se/verktyg/fri-sokning/?kpis={kpi}"
# Kolada's status codes are English; a visitor reads the Swedish word only (issue 13).
REASONS = {
    "Missing": "saknas",
    "Privacy": "sekretess",
    "Not applicable": "ej tillämpligt",
    "Unpublished": "ej publicerat",
}
GENDER_WORDS = {"T": "", "K": "kvinnor", "M": "män"}
GENDERS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}  # the ?kon= choice as a label
BAND_SHARE = 0.9  # the band is named as thin in a year with values for fewer than 90 % of kommuner


def reason(status: object) -> str:
    """Swedish reason for a missing value from Kolada's status (or a missing row)."""
    if is_missing(status):
        return "saknas"
    # An unknown future code is not shown in English either: it is still a gap.
    return REASONS.get(str(status), "saknas")


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


def summary_sentence(df: pd.DataFrame, kommun_name: str, unit: str, gender: str = "T") -> str:
    """'År 2022 var värdet för Kalmar 1 234,5 antal/100 000 inv, 3,2 % lägre än 2021.'"""
    who = kommun_name + (f" ({GENDER_WORDS[gender]})" if GENDER_WORDS.get(gender) else "")
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


def gap_note(df: pd.DataFrame, kommun_name: str) -> str:
    """'Saknas för Kalmar: 2021 (ej publicerat), 2019 (sekretess ...).' or '' if no gaps."""
    gaps = df[df["value"].isna()]
    if gaps.empty:
        return ""
    parts = [f"{int(r.year)} ({reason(r.status)})" for r in rows(gaps)]
    return f"Luckor för {kommun_name}: " + ", ".join(parts) + ". Luckor visas som avbrott i linjen."


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


def count_of(n: object, size: object) -> str:
    """'4 av 7' (how many of a group have a value); just '7' when all of them do."""
    have, total = int(n), int(size)  # type: ignore[call-overload]  # counts from SQL
    return str(have) if have >= total else f"{have} av {total}"


def _count_runs(pairs: list[tuple[int, int]]) -> str:
    """[(2010, 4), (2011, 5), (2013, 6), (2014, 6)] -> '2010 (4), 2011 (5), 2013–2014 (6)'."""
    runs: list[list[int]] = []  # [first year, last year, count]
    for year, n in pairs:
        if runs and runs[-1][1] == year - 1 and runs[-1][2] == n:
            runs[-1][1] = year
        else:
            runs.append([year, year, n])
    return ", ".join(
        f"{first if first == last else f'{first}–{last}'} ({n})" for first, last, n in runs
    )


def count_note(df: pd.DataFrame, comparison: str, group_size: int) -> str:
    """Names the years whose mean or band rests on fewer kommuner than it claims ('' if none).

    The rule is stated in the sentence itself: the mean is thin below the group's size, the
    band below 90 % of all kommuner. Years with no value at all are gaps, shown as gaps.
    """
    parts = []
    cmp = [(int(r.year), int(r.cmp_n)) for r in rows(df) if 0 < int(r.cmp_n) < group_size]
    if cmp:
        parts.append(
            f"Ofyllda punkter: medelvärdet för {comparison} bygger på färre än {group_size} "
            f"kommuner {_count_runs(cmp)}."
        )
    size = int(df["all_size"].max()) if len(df) else 0
    band = [(int(r.year), int(r.all_n)) for r in rows(df) if 0 < int(r.all_n) < BAND_SHARE * size]
    if band:
        parts.append(
            f"Streckat: spridningen bland alla kommuner bygger på färre än 90{NBSP}% av landets "
            f"{size} kommuner {_count_runs(band)}."
        )
    if not parts:
        return ""
    return " ".join(parts) + " Antalet kommuner med värde står inom parentes."


def origin_text(origin: object, fetched_at: object) -> str:
    """Where a source's data came from, as a person reads it (never a server path).

    'från källans API (api.kolada.se), hämtad 2026-11-30' or 'ur en sparad ögonblicksbild,
    inläst 2026-11-30'. A snapshot's own date is not recorded, so the day it was read is named.
    """
    kinds: list[str] = []
    for part in str(origin or "").split(";"):
        host = urlsplit(part.strip()).netloc if "://" in part else ""
        kind = f"från källans API ({host})" if host else "ur en sparad ögonblicksbild"
        if part.strip() and kind not in kinds:
            kinds.append(kind)
    if not kinds:
        return "okänt ursprung"
    verb = "hämtad" if kinds[0].startswith("från") else "inläst"
    when = "" if is_missing(fetched_at) else f", {verb} {_day(fetched_at)}"
    return " och ".join(kinds) + when


def _day(moment: object) -> str:
    """A timestamp as its date in Swedish time ('2026-11-30')."""
    stamp = pd.Timestamp(cast(Any, moment))
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("Europe/Stockholm")
    return stamp.strftime("%Y-%m-%d")


def citation(kpi: str, kpi_title: str, kommun_name: str, years: str, origin: str, link: str) -> str:
    """The text to paste under a quoted figure: source, KPI, place, years, retrieval, link."""
    return (
        f"Källa: Kolada (RKA), {kpi_title} (KPI {kpi}), {kommun_name} {years}; {origin}. "
        "Jämförelsegruppens medelvärde och spridningen bland alla kommuner: egen bearbetning "
        f"av data från Kolada. Visas i Trygghet i Kalmar: {link}"
    )


def judged_sentence(
    df: pd.DataFrame, kommun_name: str, unit: str, j: Judgement | None, kpi: str = ""
) -> str:
    """'År 2025 var värdet för Kalmar 12 956 antal/100 000 inv. Sedan 2020: ↓ 1,9 % (95 %:
    −24 till +26 %), ingen säker förändring.' The same window and word as Översikt's card."""
    have = df[df["value"].notna()]
    if have.empty or j is None:
        return summary_sentence(df, kommun_name, unit)
    last = have.iloc[-1]
    head = f"År {int(last['year'])} var värdet för {kommun_name} {fmt_value(last['value'], unit)}."
    word = j.word if j.judged else ("ingen bättre riktning" if j.word == NONE else j.why)
    if not j.judged and j.why and j.why != NO_UNCERTAINTY:
        word = f"ingen bedömning ({j.why})"
    pooled = pooled_years(kpi, j.base_year, j.last_year)
    since = f"{pooled} (tvåårsmedel)" if pooled else f"Sedan {j.base_year}"
    return f"{head} {since}: {j.phrase()}, {word}."
