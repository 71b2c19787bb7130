"""Polisen events API: fetch notices live (rate-limited across runs) or from the snapshot."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import orjson
from filelock import FileLock

from etl.errors import FetchError, SchemaError
from etl.http import HttpClient
from etl.sources.wire import read_json

log = logging.getLogger("etl.polisen")
TITLE = "Polisen, händelsenotiser (polisen.se/api/events)"
LICENCE = (
    "Öppna data från Polisen; notiserna är preliminära och kan ändras "
    "(polisen.se/om-polisen/om-webbplatsen/oppna-data/)"
)
MIN_INTERVAL_S = 10.0  # at least 10 s between calls
MAX_CALLS_PER_HOUR = 60  # the limit the API's users report; enforced across runs
RESPONSES_DIR = Path("polisen") / "responses"
ARCHIVE_DIR = Path("polisen") / "archive"
KOMMUN_GEOJSON = Path("geo") / "kommuner_sweden_2024_wgs84.geojson"
COUNTY_GEOJSON = Path("geo") / "lan_sweden_wgs84.geojson"
_STAMP = re.compile(r"events_(\d{4}-\d{2}-\d{2}T\d{4}Z)\.json$")


@dataclass(frozen=True)
class Poll:
    """One response body: where it came from and when it was seen (None for a backfill)."""

    where: str
    seen_at: datetime | None
    payload: Any


class CallLedger:
    """Times of past calls in a small JSON file beside the DB, shared by successive runs.

    Enforces MIN_INTERVAL_S between calls (waiting) and MAX_CALLS_PER_HOUR (refusing), so a
    cron job polling too often, or a retry storm, cannot exceed the API's limits.
    """

    def __init__(
        self,
        path: Path,
        *,
        min_interval_s: float = MIN_INTERVAL_S,
        max_per_hour: int = MAX_CALLS_PER_HOUR,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.path = path
        self.min_interval_s = min_interval_s
        self.max_per_hour = max_per_hour
        self._clock = clock
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))  # looked up late: patchable
        self._lock = FileLock(str(path) + ".lock", timeout=120)

    def _recent(self) -> list[float]:
        try:
            times = orjson.loads(self.path.read_bytes())
        except FileNotFoundError:
            return []
        except (OSError, orjson.JSONDecodeError):
            log.warning("unreadable call log %s: treating the last hour as fully used", self.path)
            return [self._clock()] * self.max_per_hour
        now = self._clock()
        return sorted(t for t in times if isinstance(t, (int, float)) and now - t < 3600)

    def before_call(self, attempts: int) -> None:
        """Wait for the interval, or raise FetchError when `attempts` would break the hourly cap."""
        with self._lock:
            calls = self._recent()
            if len(calls) + attempts > self.max_per_hour:
                # The call whose expiry frees enough room for this run's attempts.
                oldest = (
                    calls[min(len(calls) + attempts - self.max_per_hour, len(calls)) - 1]
                    if calls
                    else self._clock()
                )
                free_at = datetime.fromtimestamp(oldest + 3600, tz=UTC)
                raise FetchError(
                    f"Polisen rate limit: {len(calls)} calls in the last hour "
                    f"(max {self.max_per_hour}, "
                    f"this run may need {attempts}); try again after "
                    f"{free_at:%Y-%m-%d %H:%M:%S} UTC (call log {self.path})"
                )
            if calls:
                wait = calls[-1] + self.min_interval_s - self._clock()
                if wait > 0:
                    log.info("waiting %.1f s since the previous Polisen call", wait)
                    self._sleep(wait)

    def record(self, calls: int) -> None:
        """Remember `calls` requests made just now (written atomically)."""
        if calls <= 0:
            return
        with self._lock:
            times = self._recent() + [self._clock()] * calls
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_bytes(orjson.dumps(times))
            os.replace(tmp, self.path)


def ledger_path(db_path: Path) -> Path:
    """The call log beside the DB file (not inside it: a failed run must still count its calls)."""
    return db_path.with_name(db_path.name + ".polisen-calls.json")


class PolisenSource(Protocol):
    origin: str

    @property
    def requests(self) -> int: ...

    def polls(self) -> Iterator[Poll]: ...


class PolisenLive:
    """`GET {base}/events?locationname=<län>;<kommun>;...`: one call per run.

    Without location names the call has no filter: the latest notices of the whole country.
    """

    def __init__(
        self,
        client: HttpClient,
        base_url: str,
        ledger: CallLedger,
        location_names: Sequence[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not base_url.startswith("https://"):
            raise FetchError(f"Polisen base URL must use HTTPS: {base_url}")
        self.client = client
        self.origin = base_url.rstrip("/")
        self.ledger = ledger
        self.location_names = list(location_names)
        self._clock = clock

    @property
    def requests(self) -> int:
        return self.client.requests

    def polls(self) -> Iterator[Poll]:
        url = f"{self.origin}/events"
        params = {"locationname": ";".join(self.location_names)} if self.location_names else {}
        self.ledger.before_call(self.client.max_retries + 1)
        before = self.client.requests
        try:
            payload = self.client.get_json(url, params or None)
        finally:
            self.ledger.record(self.client.requests - before)
        where = f"GET {url}" + (f"?locationname={params['locationname']}" if params else "")
        yield Poll(where, self._clock(), payload)


class PolisenSnapshot:
    """The snapshot: the archive as a backfill, then the verbatim responses in time order."""

    def __init__(self, snapshot_dir: Path) -> None:
        self.root = snapshot_dir
        self.origin = str(snapshot_dir)
        self.requests = 0

    def _files(self, sub: Path) -> list[Path]:
        folder = self.root / sub
        if not folder.is_dir():
            raise FetchError(f"snapshot folder not found: {folder}")
        return sorted(folder.glob("*.json"))

    def polls(self) -> Iterator[Poll]:
        for path in self._files(ARCHIVE_DIR):
            self.requests += 1
            yield Poll(str(path), None, read_json(path))
        stamped = []
        for path in self._files(RESPONSES_DIR):
            match = _STAMP.search(path.name)
            if not match:
                raise FetchError(f"{path}: expected a name like events_2024-10-01T0636Z.json")
            seen = datetime.strptime(match.group(1), "%Y-%m-%dT%H%MZ").replace(tzinfo=UTC)
            stamped.append((seen, path))
        for seen, path in sorted(stamped):
            self.requests += 1
            yield Poll(str(path), seen, read_json(path))


def read_boundary_names(
    snapshot_dir: Path,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """(kommun code, name) and (län code, name) from the snapshot's boundary files, if present."""
    kommun_file, county_file = snapshot_dir / KOMMUN_GEOJSON, snapshot_dir / COUNTY_GEOJSON
    if not (kommun_file.is_file() and county_file.is_file()):
        return None
    pairs = []
    for path, code, name in (
        (kommun_file, "kommun_kod", "kommun"),
        (county_file, "lan_kod", "lan"),
    ):
        doc = read_json(path)
        try:
            pairs.append(
                [(str(f["properties"][code]), str(f["properties"][name])) for f in doc["features"]]
            )
        except (KeyError, TypeError) as exc:
            raise SchemaError(
                str(path), f"features[].properties.{code}/{name}", "is missing"
            ) from exc
    return pairs[0], pairs[1]
