"""A fake Kolada v3 API (httpx transport or a local HTTP server) serving the snapshot's records."""

from __future__ import annotations

import http.server
import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

BASE = "https://kolada.test/v3"


class FakeKolada:
    """Routes /kpi, /municipality, /municipality_groups and /data/kpi/<ids>/year/<years>.

    Records come from the snapshot files (real values), re-sliced to the KPIs and years asked
    for; `page_size` forces paging through `next_url`; `faults` is a queue of callables
    returning a response (or raising) that pre-empt the next requests; `changed` holds the
    records a `from_date` query returns. `/data?kpi_id=..&year=..` (ids repeated or comma
    separated) is served too, because that is how koladapy asks (benchmarks/).
    """

    def __init__(self, snapshot_dir: Path, page_size: int = 400, base: str = BASE) -> None:
        self.root = snapshot_dir / "kolada"
        self.page_size = page_size
        self.base = base
        self.faults: deque[Callable[[httpx.Request], httpx.Response]] = deque()
        self.changed: list[dict] = []
        self.requests: list[httpx.Request] = []
        self._cache: dict[str, list[dict]] = {}

    def _values(self, name: str) -> list[dict]:
        if name not in self._cache:
            path = self.root / name
            # A KPI the snapshot lacks has no values here, as one without data has none live.
            self._cache[name] = (
                json.loads(path.read_text(encoding="utf-8"))["values"]
                if path.exists() or not name.startswith("data/")
                else []
            )
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
        elif parts == ["data"] or (
            parts[:2] == ["data", "kpi"] and len(parts) == 5 and parts[3] == "year"
        ):
            if parts == ["data"]:
                ids = _listed(request, "kpi_id")
                years = {int(y) for y in _listed(request, "year")}
            else:
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
            path = request.url.path.removeprefix("/v3/")
            query = urlencode(
                [(k, v) for k, v in request.url.params.multi_items() if k != "page"]
                + [("page", str(page + 1))]
            )
            next_url = f"{self.base}/{path}?{query}"
        return httpx.Response(
            200,
            json={"count": len(chunk), "values": chunk, "next_url": next_url, "previous_url": None},
        )


def _listed(request: httpx.Request, name: str) -> list[str]:
    """A query parameter given repeated (`kpi_id=A&kpi_id=B`) or as a comma list."""
    return [v for raw in request.url.params.get_list(name) for v in raw.split(",") if v]


@contextmanager
def http_server(fake: FakeKolada) -> Iterator[str]:
    """Serve `fake` over real HTTP on localhost (for clients that cannot take an httpx transport).

    Yields the base URL (`http://127.0.0.1:<port>/v3`) and sets it as the fake's `base`, so
    next_url points back at this server.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real API offers

        def do_GET(self) -> None:
            request = httpx.Request("GET", f"http://{self.headers['Host']}{self.path}")
            response = fake.handle(request)
            body = response.content
            self.send_response(response.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # keep output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    previous = fake.base
    fake.base = f"http://127.0.0.1:{server.server_address[1]}/v3"
    try:
        yield fake.base
    finally:
        fake.base = previous
        server.shutdown()
        server.server_close()
