"""Kolada v3: fetch KPI metadata, municipalities, groups and KPI values, live or from a snapshot."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import httpx

from etl.errors import FetchError
from etl.http import HttpClient
from etl.sources.wire import Page, read_json

log = logging.getLogger("etl.kolada")
PER_PAGE = 5000  # the API's maximum page size
MAX_IDS_PER_SEGMENT = 25  # the API's limit on comma lists in one path segment
FIRST_YEAR = 1990
LICENCE = "Fri användning; ange 'Källa: Kolada' för oförändrade värden (kolada.se/om-oss/api)"
TITLE = "Kolada (RKA), nyckeltal för kommuner och regioner"


def chunks(ids: Sequence[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Split ids into path segments the API accepts."""
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


class KoladaSource(Protocol):
    origin: str

    @property
    def requests(self) -> int: ...

    def kpis(self, kpi_ids: Sequence[str]) -> Iterator[Page]: ...
    def municipalities(self) -> Iterator[Page]: ...
    def groups(self) -> Iterator[Page]: ...
    def data(self, kpi_ids: Sequence[str], from_date: date | None = None) -> Iterator[Page]: ...


class KoladaLive:
    """The live v3 API: pages through `next_url`, 25 ids per segment, per_page=5000."""

    def __init__(self, client: HttpClient, base_url: str, this_year: int | None = None) -> None:
        self.client = client
        self.origin = base_url.rstrip("/")
        self.this_year = this_year or date.today().year

    @property
    def requests(self) -> int:
        return self.client.requests

    def _pages(self, url: str, params: dict[str, Any]) -> Iterator[Page]:
        next_url: str | None = url
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **params}
        seen: set[str] = set()
        max_pages = self.client.limits.max_pages
        while next_url:
            # Compared as full URLs, so a next_url naming the first page (query and all) repeats.
            here = str(httpx.URL(next_url).copy_merge_params(query or {}))
            if here in seen:
                raise FetchError(
                    f"GET {url}: next_url points back at a page already fetched ({next_url}); "
                    f"stopped after {len(seen)} pages"
                )
            if len(seen) >= max_pages:
                raise FetchError(
                    f"GET {url}: still a next_url after {max_pages} pages "
                    f"(Limits.max_pages); stopped at {next_url}"
                )
            seen.add(here)
            payload = self.client.get_json(next_url, query)
            yield Page(next_url, payload)
            # next_url already carries every query parameter, so it is followed as given.
            next_url = payload.get("next_url") if isinstance(payload, dict) else None
            query = None

    def kpis(self, kpi_ids: Sequence[str]) -> Iterator[Page]:
        for ids in chunks(sorted(kpi_ids)):
            yield from self._pages(f"{self.origin}/kpi/{','.join(ids)}", {})

    def municipalities(self) -> Iterator[Page]:
        yield from self._pages(f"{self.origin}/municipality", {})

    def groups(self) -> Iterator[Page]:
        yield from self._pages(f"{self.origin}/municipality_groups", {})

    def data(self, kpi_ids: Sequence[str], from_date: date | None = None) -> Iterator[Page]:
        years = [str(y) for y in range(FIRST_YEAR, self.this_year + 1)]
        params = {"from_date": from_date.isoformat()} if from_date else {}
        for ids in chunks(sorted(kpi_ids)):
            for year_chunk in chunks(years):
                url = f"{self.origin}/data/kpi/{','.join(ids)}/year/{','.join(year_chunk)}"
                yield from self._pages(url, params)


class KoladaSnapshot:
    """The same wire format read from `<snapshot>/kolada/` (one joined envelope per file)."""

    def __init__(self, snapshot_dir: Path) -> None:
        self.root = snapshot_dir / "kolada"
        self.origin = str(self.root)
        self.requests = 0

    def _read(self, path: Path) -> Page:
        payload = read_json(path)
        self.requests += 1
        return Page(str(path), payload)

    def kpis(self, kpi_ids: Sequence[str]) -> Iterator[Page]:
        yield self._read(self.root / "kpi.json")  # the transform keeps only the wanted ids

    def municipalities(self) -> Iterator[Page]:
        yield self._read(self.root / "municipality.json")

    def groups(self) -> Iterator[Page]:
        yield self._read(self.root / "municipality_groups.json")

    def data(self, kpi_ids: Sequence[str], from_date: date | None = None) -> Iterator[Page]:
        for kpi_id in sorted(kpi_ids):
            path = self.root / "data" / f"{kpi_id}.json"
            if not path.exists():
                # A KPI the snapshot lacks stays a visible gap; the live client can fill it.
                log.warning("the snapshot has no data file for KPI %s (%s)", kpi_id, path)
                continue
            yield self._read(path)
