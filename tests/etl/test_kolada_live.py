"""The live Kolada path against a fake v3 API: paging, chunking, incremental runs, bad shapes."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import httpx
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.http import HttpClient
from etl.indicators import load_catalogue
from etl.sources.kolada import KoladaLive
from tests.kolada_fake import BASE, FakeKolada
from tests.live_http import file_digest, serve_with

KPIS = ["N07403", "U09800", "N15508"]


@pytest.fixture()
def fake(snapshot_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FakeKolada:
    fake = FakeKolada(snapshot_dir, page_size=2000)
    serve_with(monkeypatch, fake.handle)
    catalogue = load_catalogue()
    monkeypatch.setattr(
        "etl.pipelines.kolada.load_catalogue",
        lambda: catalogue[catalogue["kpi_id"].isin(KPIS)].reset_index(drop=True),
    )
    return fake


@pytest.fixture()
def settings(tmp_path: Path):
    return load_settings().with_overrides(db_path=tmp_path / "live.duckdb", kolada_base_url=BASE)


def _values(db: Path) -> set[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("SELECT * FROM kolada_value").fetchall())


def test_full_live_load_equals_offline_load(fake, settings, db_con):
    [outcome] = runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    assert outcome.error is None
    assert outcome.result.kind == "full"
    offline = set(
        db_con.execute("SELECT * FROM kolada_value WHERE kpi_id IN (?, ?, ?)", KPIS).fetchall()
    )
    assert _values(settings.db_path) == offline
    pages = [r for r in fake.requests if "page=2" in str(r.url)]
    assert pages, "the fake served several pages, so next_url must have been followed"
    assert all(r.headers["User-Agent"].startswith("trygghet-i-kalmar/") for r in fake.requests)
    assert all(
        r.url.params.get("per_page") == "5000" for r in fake.requests if "page=" not in str(r.url)
    )


def test_incremental_run_asks_from_date_applies_changes_and_deletions(fake, settings):
    runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    before = _values(settings.db_path)
    kalmar_2022 = next(
        r
        for r in fake._values("data/N07403.json")
        if r["municipality"] == "0880" and r["period"] == 2022
    )
    revised = copy.deepcopy(kalmar_2022)
    revised["values"][0]["value"] += 1.0  # a revision as Kolada would publish it
    removed = {
        "kpi": "U09800",
        "municipality": "0880",
        "period": 2023,
        "values": [{"gender": "K", "count": 1, "status": None, "value": None, "isdeleted": True}],
    }
    fake.changed = [revised, removed]
    fake.requests.clear()

    [outcome] = runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    assert outcome.error is None, outcome.error
    assert outcome.result.kind == "incremental"
    stats = outcome.result.stats
    assert (stats.changed, stats.deleted) == (1, 1)
    assert len(fake.requests) <= 8, [str(r.url) for r in fake.requests]
    data_requests = [r for r in fake.requests if "/data/" in r.url.path]
    assert data_requests and all(
        r.url.params["from_date"] == (date.today() - timedelta(days=1)).isoformat()
        for r in data_requests
    )
    after = _values(settings.db_path)
    assert before - after == {
        ("N07403", "0880", 2022, "T", kalmar_2022["values"][0]["value"], None, 1),
        (
            "U09800",
            "0880",
            2023,
            "K",
            next(v for v in before if v[:4] == ("U09800", "0880", 2023, "K"))[4],
            None,
            1,
        ),
    }
    assert ("N07403", "0880", 2022, "T", kalmar_2022["values"][0]["value"] + 1.0, None, 1) in after


def test_ids_and_years_are_chunked_25_per_segment(snapshot_dir):
    fake = FakeKolada(snapshot_dir)
    client = HttpClient(
        user_agent="t", transport=fake.transport(), sleep=lambda s: None, min_interval_s=0
    )
    ids = [f"N{n:05d}" for n in range(30)]
    fake._cache.update({f"data/{i}.json": [] for i in ids})
    pages = list(KoladaLive(client, BASE, this_year=2026).data(ids))
    segments = [p.url.split("/data/kpi/")[1].split("/year/") for p in pages]
    assert [len(k.split(",")) for k, _ in segments] == [25, 25, 5, 5]
    assert [len(y.split(",")) for _, y in segments] == [25, 12, 25, 12]
    assert sorted({i for k, _ in segments for i in k.split(",")}) == ids


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": 0, "next_url": None}, "field 'values' is missing or not a list"),
        (
            {
                "values": [
                    {
                        "kpi": "N07403",
                        "municipality": "0880",
                        "period": 2022,
                        "values": [{"gender": "T", "count": 1, "status": None, "value": "1234,5"}],
                    }
                ]
            },
            "field 'value' is '1234,5' at N07403/0880/2022, expected a number or null",
        ),
        (
            {
                "values": [
                    {"kpi": "N07403", "municipality": "0880", "period": "tjugo", "values": []}
                ]
            },
            "field 'period' is 'tjugo', expected a year",
        ),
    ],
)
def test_changed_shape_fails_the_source_naming_url_and_field(
    fake, settings, built_db, body, message
):
    shutil.copy(built_db, settings.db_path)
    digest = file_digest(settings.db_path)

    def changed_shape(request: httpx.Request) -> httpx.Response:
        if "/data/" in request.url.path:
            return httpx.Response(200, json=body)
        return fake.serve(request)

    fake.faults.extend([changed_shape] * 10)
    [outcome] = runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    assert outcome.result is None
    assert message in outcome.error
    assert f"{BASE}/data/kpi/" in outcome.error
    assert file_digest(settings.db_path) == digest


def test_server_errors_fail_the_run_and_keep_the_db(fake, settings, built_db):
    shutil.copy(built_db, settings.db_path)
    digest = file_digest(settings.db_path)
    fake.faults.extend([lambda r: httpx.Response(503)] * 10)
    [outcome] = runner.refresh(["kolada"], settings, offline=False, show_progress=False)
    assert "failed with HTTP 503 after 5 attempts" in outcome.error
    assert file_digest(settings.db_path) == digest
