"""Kolada's first live load in batches: same rows as the snapshot, no more requests than koladapy.

koladapy (1.0.1, `KoladaAPI.get_values`) splits KPI ids and years into batches of 25, asks for
every combination of one KPI batch and one year batch, and pages through each with `page`
while the answer has a next_url. `_koladapy_requests` reproduces that plan from its source
against the fake's real row counts; benchmarks/bench_kolada_requests.py drives koladapy itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import httpx
import pandas as pd
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.http import HttpClient
from etl.indicators import load_catalogue
from etl.sources.kolada import FIRST_YEAR, PER_PAGE, KoladaLive, KoladaSnapshot, chunks
from etl.transforms import kolada as transform
from tests.kolada_fake import BASE, FakeKolada
from tests.live_http import serve_with

THIS_YEAR = 2026
YEARS = list(range(FIRST_YEAR, THIS_YEAR + 1))


def _koladapy_requests(fake: FakeKolada, kpi_ids: list[str]) -> int:
    """Data requests of koladapy's plan: every (KPI batch, year batch) pair, paged by 5000."""
    total = 0
    for ids in chunks(kpi_ids):  # koladapy keeps the order it is given
        for years in chunks([str(y) for y in YEARS]):
            wanted = {int(y) for y in years}
            rows = sum(
                1 for k in ids for r in fake._values(f"data/{k}.json") if r["period"] in wanted
            )
            total += max(1, math.ceil(rows / PER_PAGE))
    return total


def _frame(values: pd.DataFrame) -> pd.DataFrame:
    return values.sort_values(transform.VALUE_KEY).reset_index(drop=True)


@pytest.fixture()
def fake(snapshot_dir: Path) -> FakeKolada:
    return FakeKolada(snapshot_dir, page_size=PER_PAGE)  # the real API's page size


def test_batched_live_values_equal_the_snapshot_and_need_no_more_requests_than_koladapy(
    fake, snapshot_dir
):
    kpi_ids = load_catalogue()["kpi_id"].tolist()
    client = HttpClient(user_agent="t", transport=fake.transport(), min_interval_s=0)
    live = KoladaLive(client, BASE, this_year=THIS_YEAR)

    batched, _ = transform.value_rows(live.data(kpi_ids))
    offline, _ = transform.value_rows(KoladaSnapshot(snapshot_dir).data(kpi_ids))

    assert len(batched) > 250_000  # every catalogue KPI with data in the snapshot, all years
    pd.testing.assert_frame_equal(_frame(batched), _frame(offline))
    data = [r for r in fake.requests if r.url.path.startswith("/v3/data/")]
    for request in data:
        _, _, _, ids, _, years = request.url.path.strip("/").split("/")
        assert len(ids.split(",")) <= 25 and len(years.split(",")) <= 25
    first_pages = [r for r in data if "page" not in r.url.params]
    assert all(r.url.params["per_page"] == "5000" for r in first_pages)
    # The catalogue's KPIs x 37 years: a KPI batch per 25 KPIs x 2 year batches, each paged.
    assert len(first_pages) == math.ceil(len(kpi_ids) / 25) * 2
    assert len(data) <= _koladapy_requests(fake, kpi_ids)
    per_kpi = sum(_koladapy_requests(fake, [k]) for k in kpi_ids)  # one KPI a call, as on main
    assert len(data) < per_kpi / 2


def test_first_live_pipeline_run_needs_no_more_requests_than_koladapy(fake, tmp_path, monkeypatch):
    serve_with(monkeypatch, fake.handle)
    settings = load_settings().with_overrides(db_path=tmp_path / "k.duckdb", kolada_base_url=BASE)
    [outcome] = runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    assert outcome.result is not None, outcome.error
    kpi_ids = load_catalogue()["kpi_id"].tolist()
    data = [r for r in fake.requests if r.url.path.startswith("/v3/data/")]
    assert len(data) <= _koladapy_requests(fake, kpi_ids)


def test_the_fake_serves_koladapys_query_style_like_the_path_style(fake):
    path_style = fake.serve(httpx.Request("GET", f"{BASE}/data/kpi/N07403,U09800/year/2020,2021"))
    query_style = fake.serve(
        httpx.Request("GET", f"{BASE}/data/?kpi_id=N07403&kpi_id=U09800&year=2020&year=2021&page=1")
    )
    assert path_style.json()["values"] == query_style.json()["values"]
    assert path_style.json()["count"] > 0
