"""Skolverket: schools and year-9 statistics (Planned Educations API v4), the kommun report."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from etl.errors import FetchError, SchemaError
from etl.http import HttpClient
from etl.sources.wire import Page, read_json

log = logging.getLogger("etl.skolverket")

# Source settings (dlt style: apart from the code that uses them).
PAGE_SIZE = 100  # the API's maximum page size
MIN_INTERVAL_S = 0.25  # at most 4 requests per second against a free public API
ACCEPT_V4 = "application/vnd.skolverket.plannededucations.api.v4.hal+json"
REPORT_FILE = "Grundskola - Jämförelse av betygsresultat över tid 2025 Kommun_Åk9.xlsx"
TITLE = (
    "Skolverket: Planerade utbildningar API v4 och rapporten Jämförelse av betygsresultat över tid"
)
LICENCE = "Öppna data från Skolverket; ange 'Källa: Skolverket'"


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the downloaded report: its name and its rows as cell values."""

    path: str
    name: str
    rows: list[tuple[Any, ...]]


class SkolverketSource(Protocol):
    origin: str

    @property
    def requests(self) -> int: ...

    def compact_school_units(self) -> Iterator[Page]: ...
    def statistics(self, school_unit_code: str) -> Page: ...


def _check_envelope(url: str, payload: Any) -> dict[str, Any]:
    """The API wraps every body in {"status": "OK", "message": "", "body": {...}}."""
    if not isinstance(payload, dict):
        raise SchemaError(url, "(envelope)", f"is {type(payload).__name__}, expected an object")
    if payload.get("status") != "OK":
        raise FetchError(
            f"GET {url} answered status {payload.get('status')!r}: {payload.get('message')!r}"
        )
    body = payload.get("body")
    if not isinstance(body, dict):
        raise SchemaError(url, "body", "is missing or not an object")
    return body


class SkolverketLive:
    """The live API: compact school units by page (HAL paging), one statistics call a school."""

    def __init__(self, client: HttpClient, base_url: str) -> None:
        # The API picks its version from the Accept header: make the client with accept=ACCEPT_V4.
        self.client = client
        self.origin = base_url.rstrip("/")

    @property
    def requests(self) -> int:
        return self.client.requests

    def compact_school_units(self) -> Iterator[Page]:
        url = f"{self.origin}/v4/compact-school-units"
        page, total = 0, 1
        while page < total:
            params = {
                "typeOfSchooling": "gr",
                "coordinateSystemType": "WGS84",
                "page": page,
                "size": PAGE_SIZE,
            }
            payload = self.client.get_json(url, params)
            where = f"{url}?page={page}"
            body = _check_envelope(where, payload)
            info = body.get("page")
            if not isinstance(info, dict) or not isinstance(info.get("totalPages"), int):
                raise SchemaError(where, "body.page.totalPages", "is missing or not an integer")
            total = info["totalPages"]
            if total > self.client.limits.max_pages:
                raise FetchError(
                    f"GET {where}: declares totalPages={total}, more than the "
                    f"{self.client.limits.max_pages} pages allowed (Limits.max_pages)"
                )
            yield Page(where, payload)
            page += 1

    def statistics(self, school_unit_code: str) -> Page:
        url = f"{self.origin}/v4/school-units/{school_unit_code}/statistics/gr"
        payload = self.client.get_json(url)
        _check_envelope(url, payload)
        return Page(url, payload)


class SkolverketSnapshot:
    """The same wire format from `<snapshot>/skolverket/` (county's units, one body a school)."""

    def __init__(self, snapshot_dir: Path) -> None:
        self.root = snapshot_dir / "skolverket"
        self.origin = str(self.root)
        self.requests = 0

    def _read(self, path: Path) -> Page:
        payload = read_json(path)
        self.requests += 1
        _check_envelope(str(path), payload)
        return Page(str(path), payload)

    def compact_school_units(self) -> Iterator[Page]:
        yield self._read(self.root / "compact-school-units_gr_kalmar_lan.json")

    def statistics(self, school_unit_code: str) -> Page:
        return self._read(self.root / "statistics" / "gr" / f"{school_unit_code}.json")


def report_path(snapshot_dir: Path) -> Path:
    """Where the downloaded kommun report lives: Skolverket publishes it as a manual download."""
    return snapshot_dir / "skolverket" / "exports" / REPORT_FILE


def read_report(path: Path) -> list[Sheet]:
    """Every worksheet of the xlsx report as raw cell values (the transform interprets them)."""
    import openpyxl  # imported here: only this step needs it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise FetchError(f"the Skolverket report is missing: {path}") from exc
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise FetchError(f"cannot read the Skolverket report {path}: {exc}") from exc
    try:
        return [
            Sheet(str(path), ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)])
            for ws in workbook.worksheets
        ]
    finally:
        workbook.close()
