"""Pure: Skolverket API bodies and report sheets -> typed frames, keeping why a value is missing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from etl.errors import SchemaError
from etl.sources.skolverket import Sheet
from etl.sources.wire import Page

# API statistics keys (gr) loaded per school: key -> (Swedish label, unit). Keys are kept as ids.
METRICS: dict[str, tuple[str, str]] = {
    "averageGradesMeritRating9thGrade": ("Genomsnittligt meritvärde åk 9", "meritvärde"),
    "ratioOfPupils9thGradeEligibleForNationalProgramYR": ("Behöriga till yrkesprogram åk 9", "%"),
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed": ("Godkänt i alla ämnen åk 9", "%"),
    "averageResultNationalTestsSubjectSVE9thGrade": (
        "Nationellt prov svenska åk 9, medel",
        "betygspoäng 0–20",
    ),
    "averageResultNationalTestsSubjectSVA9thGrade": (
        "Nationellt prov svenska som andraspråk åk 9, medel",
        "betygspoäng 0–20",
    ),
    "averageResultNationalTestsSubjectENG9thGrade": (
        "Nationellt prov engelska åk 9, medel",
        "betygspoäng 0–20",
    ),
    "averageResultNationalTestsSubjectMA9thGrade": (
        "Nationellt prov matematik åk 9, medel",
        "betygspoäng 0–20",
    ),
    "certifiedTeachersQuota": ("Lärare med legitimation och behörighet", "%"),
}
# A school is a year-9 school when any of these has an entry (a number or a reason for none).
YEAR9_KEYS = (
    "averageGradesMeritRating9thGrade",
    "ratioOfPupils9thGradeEligibleForNationalProgramYR",
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed",
)
SCHOOL_COLUMNS = [
    "school_unit_code",
    "name",
    "municipality_id",
    "county_id",
    "organizer_type",
    "lat",
    "lon",
]
STAT_KEY = ["school_unit_code", "metric", "school_year"]
STAT_COLUMNS = [*STAT_KEY, "value", "value_type", "raw_value"]
REPORT_KEY = ["municipality_id", "owner_type", "measure", "school_year"]
REPORT_COLUMNS = [*REPORT_KEY, "municipality", "value", "value_flag", "raw_value"]
# Report rows ("Uppgift") -> measure id. Other rows of the report are context and not loaded.
REPORT_MEASURES = {
    "Totalt antal elever årskurs 9": "elever_ak9",
    "Genomsnittligt meritvärde (17 ämnen)": "meritvarde_17",
    "Genomsnittligt meritvärde (16 ämnen)": "meritvarde_16",
    "Andel (%) behöriga till yrkesprogram": "behoriga_yrkesprogram",
    "Andel (%) som fått godkänt betyg i alla ämnen": "godkant_alla_amnen",
}
OWNER_SHEETS = ("Samtliga", "Kommunal", "Enskild")
REPORT_HEADER = ("Kommun", "Kommunkod", "Län", "Länskod", "Uppgift")
# The report's symbols: '..' suppressed (few pupils), '.' missing,
# '~100' rounded (1-4 not eligible).
REPORT_FLAGS = {"..": "suppressed", ".": "missing", "~100": "rounded"}
_SCHOOL_YEAR = re.compile(r"^\d{4}/\d{2}$")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")


def parse_number(raw: str) -> float:
    """'241,3' -> 241.3; anything else is not a number the API promised (ValueError)."""
    text = raw.strip()
    if not _NUMBER.match(text):
        raise ValueError(f"not a decimal-comma number: {raw!r}")
    return float(text.replace(",", "."))


def _nonempty_text(url: str, key: str, entry: dict[str, Any], field: str) -> str:
    val = entry.get(field)
    if not isinstance(val, str) or not val:
        raise SchemaError(url, f"{key}[].{field}", f"is {val!r}, expected a non-empty string")
    return val


def parse_entry(url: str, key: str, entry: Any) -> tuple[str, float | None, str, str]:
    """One period object -> (school_year, value, valueType, raw); only EXISTS carries a number."""
    if not isinstance(entry, dict):
        raise SchemaError(url, key, f"holds {type(entry).__name__}, expected period objects")
    period, raw, value_type = (
        _nonempty_text(url, key, entry, field) for field in ("timePeriod", "value", "valueType")
    )
    if value_type != "EXISTS":
        return period, None, value_type, raw  # '..', '.', '~100': a reason, never a number
    try:
        return period, parse_number(raw), value_type, raw
    except ValueError as exc:
        raise SchemaError(
            url, f"{key}[{period}].value", f"is {raw!r} with valueType EXISTS"
        ) from exc


def school_rows(pages: Iterable[Page], county_id: str) -> pd.DataFrame:
    """Compact school units of one county (the API lists the whole country; filtered here)."""
    rows = []
    for page in pages:
        units = page.payload["body"].get("_embedded", {}).get("compactSchoolUnits", [])
        if not isinstance(units, list):
            raise SchemaError(page.url, "_embedded.compactSchoolUnits", "is not a list")
        for unit in units:
            if not isinstance(unit, dict):
                raise SchemaError(page.url, "compactSchoolUnits[]", "holds a non-object")
            code, mun = unit.get("schoolUnitCode"), unit.get("municipalityCode")
            if not isinstance(code, str) or not isinstance(mun, str) or len(mun) != 4:
                raise SchemaError(
                    page.url,
                    "schoolUnitCode/municipalityCode",
                    f"are {code!r}/{mun!r}, expected strings (kommun: 4 digits)",
                )
            if not mun.startswith(county_id):
                continue
            lat, lon = unit.get("wgs84Lat"), unit.get("wgs84Long")
            rows.append(
                {
                    "school_unit_code": code,
                    "name": str(unit.get("name") or code),
                    "municipality_id": mun,
                    "county_id": mun[:2],
                    "organizer_type": unit.get("organizerType") or None,
                    "lat": float(lat) if isinstance(lat, (int, float)) else None,
                    "lon": float(lon) if isinstance(lon, (int, float)) else None,
                }
            )
    frame = pd.DataFrame(rows, columns=SCHOOL_COLUMNS).astype({"lat": "float64", "lon": "float64"})
    return frame.drop_duplicates("school_unit_code", keep="last")


def statistic_rows(page: Page) -> pd.DataFrame:
    """One school's statistics body -> long rows (one per metric and school year)."""
    body = page.payload["body"]
    code = body.get("schoolUnit")
    if not isinstance(code, str):
        raise SchemaError(page.url, "body.schoolUnit", f"is {code!r}, expected a school unit code")
    rows = []
    for key in METRICS:
        entries = body.get(key, [])
        if not isinstance(entries, list):
            raise SchemaError(page.url, key, "is not a list of period objects")
        for entry in entries:
            period, value, value_type, raw = parse_entry(page.url, key, entry)
            rows.append((code, key, period, value, value_type, raw))
    frame = pd.DataFrame(rows, columns=STAT_COLUMNS).astype({"value": "float64"})
    return frame.drop_duplicates(STAT_KEY, keep="last")


def has_year9(stats: pd.DataFrame) -> bool:
    """Whether a school reports year-9 results at all (suppressed entries count: it exists)."""
    return bool(stats["metric"].isin(YEAR9_KEYS).any())


def _report_cell(
    sheet: Sheet, row_no: int, raw: Any
) -> tuple[float | None, str | None, str | None]:
    if isinstance(raw, bool):
        raise SchemaError(f"{sheet.path} [{sheet.name}] row {row_no}", "value", f"is {raw!r}")
    if isinstance(raw, (int, float)):
        return float(raw), None, None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "missing", None
    text = str(raw).strip()
    if text in REPORT_FLAGS:
        return None, REPORT_FLAGS[text], text
    try:
        return parse_number(text), None, text
    except ValueError as exc:
        raise SchemaError(
            f"{sheet.path} [{sheet.name}] row {row_no}",
            "value",
            f"is {text!r}: neither a number nor one of {sorted(REPORT_FLAGS)}",
        ) from exc


def report_rows(sheets: Iterable[Sheet]) -> pd.DataFrame:
    """The report's owner-type sheets -> one row per kommun, owner type, measure and school year."""
    rows: list[tuple[Any, ...]] = []
    seen = set()
    for sheet in sheets:
        if sheet.name not in OWNER_SHEETS:
            continue  # the definitions sheet
        seen.add(sheet.name)
        header_at = next(
            (i for i, r in enumerate(sheet.rows) if tuple(r[:5]) == REPORT_HEADER), None
        )
        if header_at is None:
            raise SchemaError(
                f"{sheet.path} [{sheet.name}]", "header", f"row {REPORT_HEADER} not found"
            )
        years = [str(y) for y in sheet.rows[header_at][5:] if y is not None]
        if not years or not all(_SCHOOL_YEAR.match(y) for y in years):
            raise SchemaError(f"{sheet.path} [{sheet.name}]", "header", f"years are {years!r}")
        for row_no, row in enumerate(sheet.rows[header_at + 1 :], start=header_at + 2):
            if not row or row[0] is None:
                continue
            measure = REPORT_MEASURES.get(str(row[4]).strip())
            if measure is None:
                continue
            code = str(row[1]).strip()
            if not re.fullmatch(r"\d{4}", code):
                raise SchemaError(
                    f"{sheet.path} [{sheet.name}] row {row_no}", "Kommunkod", f"is {row[1]!r}"
                )
            # A row may stop before the last year column (read-only openpyxl drops trailing
            # empty cells): the years it lacks are then simply not reported.
            for year, raw in zip(years, row[5 : 5 + len(years)], strict=False):
                value, flag, raw_text = _report_cell(sheet, row_no, raw)
                rows.append((code, sheet.name, measure, year, str(row[0]), value, flag, raw_text))
    missing = set(OWNER_SHEETS) - seen
    if missing:
        raise SchemaError("Skolverket report", "sheets", f"lack {sorted(missing)}")
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS).astype({"value": "float64"})
    if frame.duplicated(REPORT_KEY).any():
        dup = frame[frame.duplicated(REPORT_KEY)].iloc[0].tolist()
        raise SchemaError("Skolverket report", "rows", f"repeat a kommun/measure/year: {dup}")
    return frame


def metric_rows() -> pd.DataFrame:
    """The metric labels as a table, so views and analysts get Swedish names from the DB."""
    return pd.DataFrame(
        [(k, label, unit, i) for i, (k, (label, unit)) in enumerate(METRICS.items())],
        columns=["metric", "label", "unit", "sort_order"],
    )
