"""A fake Kolada v3 API (httpx transport) serving the real snapshot's records in small pages."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx

BASE = "https://kolada.test/v3"


class FakeKolada:
    """Routes /kpi, /municipality, /municipality_groups and /data/kpi/<ids>/year/<years>.

    Records come from the snapshot files (real values); `page_size` forces paging through
    `next_url`; `faults` is a queue of callables returning a response (or raising) that
    pre-empt the next requests; `changed` holds the records a `from_date` query returns.
    """

    def __init__(self, snapshot_dir: Path, page_size: int = 400) -> None:
        self.root = snapshot_dir / "kolada"
        self.page_size = page_size
        self.faults: deque[Callable[[httpx.Request], httpx.Response]] = deque()
        self.changed: list[dict] = []
        self.requests: list[httpx.Request] = []
        self._cache: dict[str, list[dict]] = {}

    def _values(self, name: str) -> list[dict]:
        if name not in self._cache:
            self._cache[name] = json.loads((self.root / name).read_text(encoding="utf-8"))["values"]
        return self._cache[name]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.faults:
            return self.faults.popleft()(request)
        return self.serve(request)

    def serve(self, request: httpx.Request) -> httpx.Response:
        """Answer from the snapshot, ignoring the fault queue."""
        path = request.url.path.removeprefix("/v3/").strip("/")
        parts = path.split("/")
        if parts[0] == "kpi":
            ids = set(parts[1].split(",")) if len(parts) > 1 else None
            rows = [r for r in self._values("kpi.json") if ids is None or r["id"] in ids]
        elif parts[0] == "municipality":
            rows = self._values("municipality.json")
        elif parts[0] == "municipality_groups":
            rows = self._values("municipality_groups.json")
        elif parts[:2] == ["data", "kpi"] and len(parts) == 5 and parts[3] == "year":
            ids, years = parts[2].split(","), {int(y) for y in parts[4].split(",")}
            if len(ids) > 25 or len(years) > 25:
                return httpx.Response(400, json={"error": "too many ids"})
            if "from_date" in request.url.params:
                rows = [r for r in self.changed if r["kpi"] in ids and r["period"] in years]
            else:
                rows = [
                    r
                    for kpi in ids
                    for r in self._values(f"data/{kpi}.json")
                    if r["period"] in years
                ]
        else:
            return httpx.Response(404, json={"error": "not found"})
        return self._page(request, rows)

    def _page(self, request: httpx.Request, rows: list[dict]) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        per_page = min(int(request.url.params.get("per_page", "5000")), self.page_size)
        chunk = rows[(page - 1) * per_page : page * per_page]
        next_url = None
        if page * per_page < len(rows):
            params = dict(request.url.params) | {"page": str(page + 1)}
            next_url = f"{BASE}/{request.url.path.removeprefix('/v3/')}?{urlencode(params)}"
        return httpx.Response(
            200,
            json={"count": len(chunk), "values": chunk, "next_url": next_url, "previous_url": None},
        )
