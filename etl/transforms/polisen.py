"""Pure: Polisen event items -> typed notice rows (UTC times, kommun code, category, lat/lon)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from typing import Any

import orjson
import pandas as pd

from etl.errors import SchemaError
from etl.transforms.polisen_reference import Categories, Places
from etl.transforms.polisen_times import parse_incident, parse_published

POLISEN_SITE = "https://polisen.se"
COLUMNS = [
    "id",
    "content_hash",
    "datetime_raw",
    "published_utc",
    "incident_utc",
    "name",
    "type",
    "category",
    "summary",
    "url",
    "location_name",
    "gps",
    "lat",
    "lon",
    "kommun_id",
    "county_id",
    "type_raw",
    "url_raw",
]


def parse_gps(raw: str) -> tuple[float | None, float | None]:
    """'56.663445,16.356779' -> (lat, lon); anything else -> (None, None)."""
    try:
        lat, lon = (float(p) for p in raw.split(","))
    except (ValueError, AttributeError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def place_of(location_name: str, name: str, places: Places) -> tuple[str | None, str | None]:
    """(kommun code, län code): the location when it is a kommun, else the end of `name`.

    Since 2026 every location is a län ('Kalmar län'); the kommun is then only the last
    comma part of the title ('21 augusti 16.33, Trafikolycka, Kalmar').
    """
    loc = location_name.strip().casefold()
    kommun = places.kommun_by_name.get(loc)
    if kommun:
        return kommun, kommun[:2]
    county = places.county_by_name.get(loc)
    suffix = name.rsplit(",", 1)[-1].strip().casefold() if "," in name else ""
    kommun = places.kommun_by_name.get(suffix)
    if kommun and (county is None or kommun[:2] == county):
        return kommun, kommun[:2]
    return None, county or places.county_by_name.get(suffix)


def content_hash(item: Mapping[str, Any]) -> str:
    """A stable fingerprint of one version of a notice (all verbatim fields)."""
    return hashlib.sha1(orjson.dumps(item, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _str(where: str, item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise SchemaError(
            where, key, f"is {value!r}, expected a string (notice {item.get('id')!r})"
        )
    return value


def _wanted(county: str | Collection[str] | None) -> Collection[str] | None:
    """One län code, several, or None (no filter) as a collection of codes."""
    return {county} if isinstance(county, str) else county


def notice_row(
    item: Any,
    where: str,
    places: Places,
    categories: Categories,
    county: str | Collection[str] | None = None,
) -> dict[str, Any] | None:
    """One API item -> one row (None outside `county`: one län or several); SchemaError names
    a bad field."""
    if not isinstance(item, dict):
        raise SchemaError(where, "[]", f"holds {type(item).__name__}, expected an object")
    notice_id = item.get("id")
    if not isinstance(notice_id, int) or isinstance(notice_id, bool):
        raise SchemaError(where, "id", f"is {notice_id!r}, expected an integer")
    location = item.get("location")
    if not isinstance(location, dict):
        raise SchemaError(
            where, "location", f"is {location!r}, expected an object (notice {notice_id})"
        )
    name, location_name = _str(where, item, "name"), _str(where, location, "name")
    kommun_id, county_id = place_of(location_name, name, places)
    wanted = _wanted(county)
    if wanted is not None and county_id not in wanted:
        return None  # another län: only the fields that place it are checked
    raw_time = _str(where, item, "datetime")
    try:
        published = parse_published(raw_time)
    except ValueError:
        raise SchemaError(
            where, "datetime", f"is {raw_time!r}, expected 'YYYY-MM-DD H:MM:SS +HH:MM'"
        ) from None
    raw_type, url, gps = (
        _str(where, item, "type"),
        _str(where, item, "url"),
        _str(where, location, "gps"),
    )
    lat, lon = parse_gps(gps)
    notice_type = raw_type.strip()
    return {
        "id": notice_id,
        "content_hash": content_hash(item),
        "datetime_raw": raw_time,
        "published_utc": published,
        "incident_utc": parse_incident(name, published),
        "name": name,
        "type": notice_type,
        "category": categories.of(notice_type),
        "summary": _str(where, item, "summary"),
        "url": POLISEN_SITE + url if url.startswith("/") else url,
        "location_name": location_name,
        "gps": gps,
        "lat": lat,
        "lon": lon,
        "kommun_id": kommun_id,
        "county_id": county_id,
        "type_raw": raw_type,
        "url_raw": url,
    }


def notice_rows(
    payload: Any,
    where: str,
    places: Places,
    categories: Categories,
    county: str | Collection[str] | None = None,
) -> pd.DataFrame:
    """A response body (a bare JSON array, newest first) -> rows, one per notice id.

    With `county` (one län code or several), notices of other län are dropped before the full
    parse (the snapshot's responses are nationwide; the live client may ask for some län).
    """
    if not isinstance(payload, list):
        raise SchemaError(
            where, "(body)", f"is {type(payload).__name__}, expected an array of notices"
        )
    wanted = _wanted(county)
    rows = [
        row
        for item in payload
        if (row := notice_row(item, where, places, categories, wanted)) is not None
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    # The array is newest first; should an id repeat, its first entry is the current one.
    frame = frame.drop_duplicates(subset="id", keep="first").reset_index(drop=True)
    for col in ("published_utc", "incident_utc"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    frame["id"] = frame["id"].astype("int64")
    for col in ("lat", "lon"):
        frame[col] = frame[col].astype("float64")
    return frame
