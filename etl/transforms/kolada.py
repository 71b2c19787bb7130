"""Pure: Kolada v3 envelopes -> typed DataFrames, checking every field the loader relies on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from etl.errors import SchemaError
from etl.sources.wire import Page

GENDERS = {"T", "K", "M"}
STATUSES = {"Missing", "Privacy", "Not applicable"}
VALUE_KEY = ["kpi_id", "municipality_id", "year", "gender"]


def _records(page: Page) -> list[dict[str, Any]]:
    payload = page.payload
    if not isinstance(payload, dict):
        raise SchemaError(page.url, "(body)", f"is {type(payload).__name__}, expected an object")
    values = payload.get("values")
    if not isinstance(values, list):
        raise SchemaError(page.url, "values", "is missing or not a list")
    return values


def _str(page: Page, rec: Any, field: str, *, required: bool = True) -> str | None:
    if not isinstance(rec, dict):
        raise SchemaError(page.url, "values[]", f"holds {type(rec).__name__}, expected an object")
    val = rec.get(field)
    if val is None and not required:
        return None
    if not isinstance(val, str):
        raise SchemaError(page.url, field, f"is {val!r}, expected a string")
    return val


def kpi_rows(pages: Iterable[Page], wanted: set[str]) -> pd.DataFrame:
    """KPI catalog rows for the wanted ids."""
    rows = []
    for page in pages:
        for rec in _records(page):
            kpi_id = _str(page, rec, "id")
            if kpi_id not in wanted:
                continue
            period = rec.get("publ_period")
            rows.append(
                {
                    "kpi_id": kpi_id,
                    "title": _str(page, rec, "title"),
                    "description": _str(page, rec, "description", required=False),
                    "is_divided_by_gender": bool(rec.get("is_divided_by_gender")),
                    "municipality_type": _str(page, rec, "municipality_type", required=False),
                    "operating_area": _str(page, rec, "operating_area", required=False),
                    "publication_date": _str(page, rec, "publication_date", required=False),
                    "publ_period": int(period)
                    if isinstance(period, (int, str)) and str(period).isdigit()
                    else None,
                }
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "kpi_id",
            "title",
            "description",
            "is_divided_by_gender",
            "municipality_type",
            "operating_area",
            "publication_date",
            "publ_period",
        ],
    )
    frame["publ_period"] = frame["publ_period"].astype("Int64")
    return frame.drop_duplicates("kpi_id", keep="last")


def municipality_rows(pages: Iterable[Page]) -> pd.DataFrame:
    """Municipalities (kommuner, regions, Riket)."""
    rows = [
        {
            "municipality_id": _str(p, r, "id"),
            "title": _str(p, r, "title"),
            "type": _str(p, r, "type"),
        }
        for p in pages
        for r in _records(p)
    ]
    return pd.DataFrame(rows, columns=["municipality_id", "title", "type"]).drop_duplicates(
        "municipality_id", keep="last"
    )


def group_rows(pages: Iterable[Page]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Municipality groups and their members."""
    groups: list[dict[str, str | None]] = []
    members: list[dict[str, str | None]] = []
    for page in pages:
        for rec in _records(page):
            group_id = _str(page, rec, "id")
            groups.append({"group_id": group_id, "title": _str(page, rec, "title")})
            member_list = rec.get("members")
            if not isinstance(member_list, list):
                raise SchemaError(page.url, "members", f"of group {group_id} is not a list")
            members.extend(
                {"group_id": group_id, "member_id": _str(page, m, "id")} for m in member_list
            )
    return (
        pd.DataFrame(groups, columns=["group_id", "title"]).drop_duplicates(
            "group_id", keep="last"
        ),
        pd.DataFrame(members, columns=["group_id", "member_id"]).drop_duplicates(),
    )


def _year(page: Page, period: Any) -> int:
    if isinstance(period, int) and not isinstance(period, bool):
        return period
    if isinstance(period, str) and period.isdigit():
        return int(period)
    raise SchemaError(page.url, "period", f"is {period!r}, expected a year")


def _number(page: Page, raw: Any, where: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise SchemaError(page.url, "value", f"is {raw!r} at {where}, expected a number or null")
    return float(raw)


def value_rows(pages: Iterable[Page]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KPI values, one row per KPI/municipality/year/gender, and the keys flagged `isdeleted`."""
    rows: list[tuple[object, ...]] = []
    deleted: list[tuple[object, ...]] = []
    for page in pages:
        for rec in _records(page):
            # The hot loop checks types inline; the helpers only build the error message.
            if type(rec) is not dict:
                raise SchemaError(
                    page.url, "values[]", f"holds {type(rec).__name__}, expected an object"
                )
            kpi_id, mun = rec.get("kpi"), rec.get("municipality")
            if type(kpi_id) is not str or type(mun) is not str:
                _str(page, rec, "kpi")  # raises the SchemaError naming the bad field
                _str(page, rec, "municipality")
            year = _year(page, rec.get("period"))
            entries = rec.get("values")
            if type(entries) is not list:
                raise SchemaError(page.url, "values", f"of {kpi_id}/{mun}/{year} is not a list")
            for entry in entries:
                gender = entry.get("gender") if type(entry) is dict else None
                if gender not in GENDERS:
                    raise SchemaError(page.url, "gender", f"is {gender!r} at {kpi_id}/{mun}/{year}")
                if entry.get("isdeleted") or entry.get("is_deleted"):
                    deleted.append((kpi_id, mun, year, gender))
                    continue
                value = entry.get("value")
                if value is not None and type(value) is not float:
                    value = _number(page, value, f"{kpi_id}/{mun}/{year}")
                status = entry.get("status") or None
                if status is not None:
                    if status not in STATUSES:
                        raise SchemaError(
                            page.url, "status", f"is {status!r} at {kpi_id}/{mun}/{year}"
                        )
                    value = None  # a flagged value is never a number
                elif value is None:
                    status = "Missing"  # Kolada sends a bare null for an absent value
                count = entry.get("count")
                rows.append(
                    (
                        kpi_id,
                        mun,
                        year,
                        gender,
                        value,
                        status,
                        count if type(count) is int else None,
                    )
                )
    values = pd.DataFrame(rows, columns=[*VALUE_KEY, "value", "status", "n_count"])
    values = values.astype({"year": "int32", "value": "float64", "n_count": "Int32"})
    gone = pd.DataFrame(deleted, columns=VALUE_KEY).astype({"year": "int32"})
    # A later page wins over an earlier one for the same key (live paging can repeat a row).
    return values.drop_duplicates(VALUE_KEY, keep="last"), gone.drop_duplicates()
