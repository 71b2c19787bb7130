"""Bounded work against every API: deadlines per request and per run, page caps, repeating pages."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from catalogues.settings import Limits, Settings, load_settings
from etl import runner
from etl.errors import FetchError
from etl.http import HttpClient
from etl.indicators import load_catalogue
from tests.kolada_fake import BASE as KOLADA_BASE
from tests.kolada_fake import FakeKolada
from tests.live_http import serve_with, trickling_server

SKOLVERKET_FIXTURES = Path(__file__).parents[1] / "fixtures" / "skolverket"
SKOLVERKET_BASE = "https://skolverket.test/planned-educations"


def test_a_trickling_body_fails_at_the_request_deadline_not_never():
    # One byte every 50 ms never trips the 5 s read timeout; only the 1 s overall deadline can.
    client = HttpClient(
        user_agent="t",
        timeout_s=5.0,
        min_interval_s=0,
        limits=Limits(request_deadline_s=1.0),
        transport=httpx.HTTPTransport(),  # a real socket to localhost, no proxy from the env
    )
    with trickling_server() as base, client:
        url = f"{base}/events"
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            client.get_json(url)
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 2.5
    message = str(caught.value)
    assert message.startswith(f"GET {url} stopped after ")
    assert "the request deadline of 1 s (Limits.request_deadline_s)" in message
    assert "\n" not in message
    assert client.requests == 1  # a deadline is not retried: the next attempt would trickle too


class FakeClock:
    """A monotonic clock that each served request moves on by `step` seconds."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        return self.now


def test_the_run_deadline_stops_a_source_run_between_requests():
    clock = FakeClock(step=1.0)

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += clock.step
        return httpx.Response(200, json={"ok": True})

    client = HttpClient(
        user_agent="t",
        min_interval_s=0,
        transport=httpx.MockTransport(handler),
        sleep=lambda s: None,
        clock=clock,
        limits=Limits(run_deadline_s=5.0),
    )
    for _ in range(5):
        assert client.get_json("https://api.test/x") == {"ok": True}
    with pytest.raises(
        FetchError,
        match=r"^GET https://api.test/x not sent: the source run passed its deadline of 5 s "
        r"\(Limits.run_deadline_s\) after 5 requests$",
    ):
        client.get_json("https://api.test/x")
    assert client.requests == 5


def test_a_long_retry_after_is_cut_to_the_run_deadline():
    clock = FakeClock(step=0.0)
    sleeps: list[float] = []
    answers = [httpx.Response(429, headers={"Retry-After": "50"}), httpx.Response(200, json={})]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    client = HttpClient(
        user_agent="t",
        min_interval_s=0,
        transport=httpx.MockTransport(lambda r: answers.pop(0)),
        sleep=sleep,
        clock=clock,
        limits=Limits(run_deadline_s=20.0),
    )
    clock.now = 17.0
    with pytest.raises(FetchError, match="passed its deadline of 20 s"):
        client.get_json("https://api.test/x")
    assert sleeps == [3.0]  # not the 50 s the server asked for


# --- Kolada: next_url that repeats, and too many pages ------------------------------------------


@pytest.fixture()
def kolada(snapshot_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FakeKolada:
    fake = FakeKolada(snapshot_dir, page_size=400)
    catalogue = load_catalogue()
    one_kpi = catalogue[catalogue["kpi_id"] == "N07403"].reset_index(drop=True)
    monkeypatch.setattr("etl.pipelines.kolada.load_catalogue", lambda: one_kpi)
    return fake


def _settings(tmp_path: Path, **limits: float) -> Settings:
    return dataclasses.replace(
        load_settings().with_overrides(
            db_path=tmp_path / "live.duckdb",
            kolada_base_url=KOLADA_BASE,
            skolverket_base_url=SKOLVERKET_BASE,
        ),
        limits=Limits(**limits),
    )


def test_a_next_url_pointing_back_at_its_own_page_fails_the_source(kolada, tmp_path, monkeypatch):
    def handler(request: httpx.Request) -> httpx.Response:
        kolada.requests.append(request)
        response = kolada.serve(request)
        if "/data/" in request.url.path and request.url.params.get("page") == "2":
            # page 2 of the values names itself as the next page
            body = json.loads(response.content)
            body["next_url"] = str(request.url)
            return httpx.Response(200, json=body)
        return response

    serve_with(monkeypatch, handler)
    [outcome] = runner.refresh(["kolada"], _settings(tmp_path), offline=False, show_progress=False)
    assert outcome.result is None
    data = [r for r in kolada.requests if "/data/" in r.url.path]
    first = str(data[0].url).split("?")[0]
    assert outcome.error == (
        f"GET {first}: next_url points back at a page already fetched "
        f"({data[-1].url}); stopped after 2 pages"
    )
    assert len(data) == 2  # page 1, page 2, then the repeat is caught before it is sent


def test_more_pages_than_the_cap_fail_the_source(kolada, tmp_path, monkeypatch):
    kolada.page_size = 50
    serve_with(monkeypatch, kolada.handle)
    [outcome] = runner.refresh(
        ["kolada"], _settings(tmp_path, max_pages=3), offline=False, show_progress=False
    )
    assert outcome.result is None
    # The list of 312 municipalities is the first listing longer than 3 pages of 50.
    assert outcome.error == (
        f"GET {KOLADA_BASE}/municipality: still a next_url after 3 pages (Limits.max_pages); "
        f"stopped at {KOLADA_BASE}/municipality?per_page=5000&page=4"
    )
    assert len([r for r in kolada.requests if r.url.path.endswith("/municipality")]) == 3


# --- Skolverket: a declared page count far beyond reason ----------------------------------------


def test_a_huge_declared_total_pages_fails_at_once(tmp_path, snapshot_dir, monkeypatch):
    page = json.loads((SKOLVERKET_FIXTURES / "compact_page0.json").read_text(encoding="utf-8"))
    page["body"]["page"]["totalPages"] = 1_000_000_000
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=page)

    serve_with(monkeypatch, handler)
    settings = dataclasses.replace(_settings(tmp_path), snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["skolverket"], settings, offline=False, show_progress=False)
    assert outcome.result is None
    assert outcome.error == (
        f"GET {SKOLVERKET_BASE}/v4/compact-school-units?page=0: declares "
        "totalPages=1000000000, more than the 200 pages allowed (Limits.max_pages)"
    )
    assert len(seen) == 1


def test_a_trickling_kolada_page_fails_the_source_with_one_line(kolada, tmp_path, monkeypatch):
    def trickle() -> Iterator[bytes]:
        for _ in range(400):  # at most 20 s: the test must end even if the deadline broke
            yield b" "
            time.sleep(0.05)

    def handler(request: httpx.Request) -> httpx.Response:
        kolada.requests.append(request)
        if "/data/" in request.url.path:
            return httpx.Response(200, content=trickle())
        return kolada.serve(request)

    serve_with(monkeypatch, handler)
    started = time.monotonic()
    [outcome] = runner.refresh(
        ["kolada"], _settings(tmp_path, request_deadline_s=0.5), offline=False, show_progress=False
    )
    assert time.monotonic() - started < 5
    assert outcome.result is None and outcome.error is not None
    [data] = [r for r in kolada.requests if "/data/" in r.url.path]
    assert outcome.error.startswith(f"GET {data.url} stopped after ")
    assert outcome.error.endswith(
        "the body did not finish within the request deadline of 0.5 s (Limits.request_deadline_s)"
    )
