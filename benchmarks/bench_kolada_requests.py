"""Benchmark: requests and seconds of a first live Kolada load, ours against koladapy's.

One local fake of the Kolada v3 API (tests/kolada_fake.py over real HTTP on localhost) serves
the snapshot's real records (`<snapshot>/kolada`), re-sliced per request to the KPIs and years
asked for, 5000 per page with next_url, as the live API does. Every client runs at the same
rate (5 requests/s) for the same KPIs (the catalogue, catalogues/indicators.toml) and years
(1990..this year, as etl/sources/kolada.py asks):

- `etl refresh kolada`: the whole live pipeline of this branch (fetch, transform, DB load);
- `KoladaLive batched`: our source asked for every KPI at once (25 ids x 25 years a request,
  the plan the pipeline uses once it passes KPIs in batches), with our transform;
- `koladapy`: koladapy's KoladaAPI (requests, backoff) against the same server, for the same
  metadata (KPIs, municipalities, groups) and `get_data_as_dataframe` for the same KPIs/years.

Run: python benchmarks/bench_kolada_requests.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402  (after the sys.path line)
import httpx  # noqa: E402  (after the sys.path line)

from catalogues.settings import USER_AGENT, load_settings  # noqa: E402  (after the sys.path line)
from etl import runner  # noqa: E402  (after the sys.path line)
from etl.http import HttpClient  # noqa: E402  (after the sys.path line)
from etl.indicators import load_catalogue  # noqa: E402  (after the sys.path line)
from etl.sources.kolada import FIRST_YEAR, KoladaLive  # noqa: E402  (after the sys.path line)
from etl.transforms import kolada as transform  # noqa: E402  (after the sys.path line)
from tests.kolada_fake import FakeKolada, http_server  # noqa: E402  (after the sys.path line)

RATE_PER_S = 5.0


def _line(label: str, requests: int, seconds: float, rows: int) -> None:
    print(f"{label:<34} {requests:>8} {seconds:>9.1f} {rows:>10}")


def main() -> None:
    settings = load_settings()
    this_year = date.today().year
    kpi_ids = load_catalogue()["kpi_id"].tolist()
    years = list(range(FIRST_YEAR, this_year + 1))
    fake = FakeKolada(settings.snapshot_dir, page_size=5000)
    print(
        f"{len(kpi_ids)} KPIs, years {years[0]}..{years[-1]}, at most {RATE_PER_S:g} requests/s, "
        f"fake Kolada on localhost serving {settings.snapshot_dir / 'kolada'}"
    )
    # values: rows (KPI, municipality, year, gender) each client ends up with.
    print(f"{'client':<34} {'requests':>8} {'seconds':>9} {'values':>10}")
    with http_server(fake) as base, tempfile.TemporaryDirectory() as tmp:
        # 1. The pipeline end to end, exactly as `python -m etl refresh kolada` runs it.
        live = settings.with_overrides(db_path=Path(tmp) / "bench.duckdb", kolada_base_url=base)
        before = len(fake.requests)
        started = time.perf_counter()
        [outcome] = runner.refresh(["kolada"], live, offline=False, show_progress=False)
        seconds = time.perf_counter() - started
        if outcome.result is None:
            raise SystemExit(outcome.error)
        with duckdb.connect(str(live.db_path), read_only=True) as con:
            (stored,) = con.execute("SELECT count(*) FROM kolada_value").fetchone() or (0,)
        _line("etl refresh kolada (pipeline)", len(fake.requests) - before, seconds, stored)

        # 2. Our source asked for all KPIs at once, then our transform.
        client = HttpClient(
            user_agent=USER_AGENT,
            min_interval_s=1 / RATE_PER_S,
            transport=httpx.HTTPTransport(),  # localhost, never a proxy from the environment
        )
        src = KoladaLive(client, base, this_year=this_year)
        started = time.perf_counter()
        transform.kpi_rows(src.kpis(kpi_ids), set(kpi_ids))
        transform.municipality_rows(src.municipalities())
        transform.group_rows(src.groups())
        values, _ = transform.value_rows(src.data(kpi_ids))
        seconds = time.perf_counter() - started
        _line("KoladaLive batched + transform", src.requests, seconds, len(values))
        client.close()

        # 3. koladapy against the same server, at the same rate.
        from koladapy import KoladaAPI

        api = KoladaAPI(base_url=base + "/", max_requests_per_second=RATE_PER_S)
        before = len(fake.requests)
        started = time.perf_counter()
        api.get_kpis(kpi_ids)
        api.get_municipalities()
        api.get_municipality_groups()
        frame = api.get_data_as_dataframe(kpi_id=kpi_ids, years=years)
        seconds = time.perf_counter() - started
        _line("koladapy 1.0.1", len(fake.requests) - before, seconds, len(frame))


if __name__ == "__main__":
    main()
