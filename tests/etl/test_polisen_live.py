"""The live Polisen path against httpx.MockTransport: request shape, polls, faults, rate limits."""

from __future__ import annotations

from pathlib import Path

import duckdb
import httpx
import orjson
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.errors import FetchError
from etl.sources.polisen import CallLedger, ledger_path
from tests.live_http import file_digest, serve_with

FIXTURES = Path(__file__).parents[1] / "fixtures" / "polisen"
BASE = "https://polisen.test/api"


class FakePolisen:
    """Serves queued bodies (bytes), statuses or exceptions, and records every request."""

    def __init__(self) -> None:
        self.queue: list[object] = []
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.queue.pop(0) if len(self.queue) > 1 else self.queue[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, int):
            return httpx.Response(step, headers={"Retry-After": "1"}, text="busy")
        return httpx.Response(200, content=step, headers={"Content-Type": "application/json"})


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakePolisen:
    fake = FakePolisen()
    serve_with(monkeypatch, fake.handler, max_retries=2)
    # The cross-run ledger must not make tests wait 10 s between runs.
    monkeypatch.setattr("etl.sources.polisen.time.sleep", lambda s: None)
    return fake


@pytest.fixture()
def settings(tmp_path: Path, snapshot_dir: Path):
    return load_settings().with_overrides(
        db_path=tmp_path / "live.duckdb", snapshot_dir=snapshot_dir, polisen_base_url=BASE
    )


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _run(settings) -> runner.Outcome:
    [outcome] = runner.refresh(["polisen"], settings, offline=False, show_progress=False)
    return outcome


def test_live_poll_asks_for_the_county_and_its_kommuner_with_the_project_user_agent(fake, settings):
    fake.queue = [_fixture("events_kalmar_lan.json")]
    outcome = _run(settings)
    assert outcome.error is None, outcome.error
    assert (outcome.result.stats.added, outcome.result.requests) == (4, 1)
    [request] = fake.requests
    assert str(request.url).startswith("https://polisen.test/api/events?")
    names = request.url.params["locationname"].split(";")
    assert (
        names[0] == "Kalmar län" and "Kalmar" in names and "Västervik" in names and len(names) == 13
    )
    assert request.headers["User-Agent"].startswith("trygghet-i-kalmar/")
    assert len(orjson.loads(ledger_path(settings.db_path).read_bytes())) == 1


def test_a_later_poll_with_an_edit_keeps_the_new_version_and_the_old_one(fake, settings):
    fake.queue = [_fixture("events_kalmar_lan.json")]
    assert _run(settings).error is None
    fake.queue = [_fixture("events_kalmar_lan_edited.json")]
    outcome = _run(settings)
    assert outcome.error is None
    assert (
        outcome.result.stats.added,
        outcome.result.stats.changed,
        outcome.result.stats.unchanged,
    ) == (0, 1, 3)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        current = con.execute(
            "SELECT type, category, versions, first_seen < last_seen FROM v_incidents "
            "WHERE id = 650237"
        ).fetchall()
        history = con.execute(
            "SELECT type, is_current FROM v_incident_versions WHERE id = 650237 ORDER BY version_no"
        ).fetchall()
    assert current == [("Trafikolycka, personskada", "trafik", 2, True)]
    assert history == [("Trafikolycka", False), ("Trafikolycka, personskada", True)]


def test_a_notice_that_leaves_the_window_is_kept(fake, settings):
    fake.queue = [_fixture("events_kalmar_lan.json")]
    assert _run(settings).error is None
    fake.queue = [orjson.dumps(orjson.loads(_fixture("events_kalmar_lan.json"))[:1])]
    assert _run(settings).error is None
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM v_incidents").fetchall() == [(4,)]


@pytest.mark.parametrize(
    "fault, message",
    [
        (b'[{"id": 650237, "datetime": "2026-08-21 17:16:51 +02:00", "na', "invalid JSON"),
        (b"<html><body>Service Unavailable</body></html>", "invalid JSON"),
        (429, "HTTP 429"),
        (500, "HTTP 500"),
        (httpx.ReadTimeout("timed out"), "timed out"),
        (b'{"events": []}', "expected an array"),
        (b'[{"id": 1, "datetime": "2026-08-21 17:16:51 +02:00"}]', "field 'location'"),
    ],
)
def test_faults_fail_the_run_clearly_and_leave_the_db_unchanged(fake, settings, fault, message):
    fake.queue = [_fixture("events_kalmar_lan.json")]
    assert _run(settings).error is None
    before = file_digest(settings.db_path)
    fake.requests.clear()
    fake.queue = [fault]
    outcome = _run(settings)
    assert outcome.error is not None and message in outcome.error
    assert "polisen.test/api/events" in outcome.error
    assert file_digest(settings.db_path) == before
    attempts = 3 if isinstance(fault, (int, Exception)) else 1  # max_retries=2 in the fake client
    assert len(fake.requests) == attempts
    # Failed calls count against the hourly budget too.
    assert len(orjson.loads(ledger_path(settings.db_path).read_bytes())) == 1 + attempts


def test_http_base_url_is_refused(fake, settings):
    outcome = _run(settings.with_overrides(polisen_base_url="http://polisen.se/api"))
    assert outcome.error is not None and "HTTPS" in outcome.error
    assert fake.requests == []


def test_an_exhausted_hourly_budget_refuses_before_calling(fake, settings):
    now = __import__("time").time()
    ledger_path(settings.db_path).write_bytes(orjson.dumps([now - 60.0 * i for i in range(58)]))
    fake.queue = [_fixture("events_kalmar_lan.json")]
    outcome = _run(settings)
    assert (
        outcome.error is not None and "rate limit" in outcome.error and "58 calls" in outcome.error
    )
    assert fake.requests == []
    assert not settings.db_path.exists()


def test_ledger_waits_for_the_interval_and_forgets_calls_older_than_an_hour(tmp_path):
    clock = [1000.0]
    slept: list[float] = []
    ledger = CallLedger(tmp_path / "calls.json", clock=lambda: clock[0], sleep=slept.append)
    ledger.before_call(1)
    ledger.record(1)
    clock[0] += 3.0
    ledger.before_call(1)
    assert slept == [pytest.approx(7.0)]
    ledger.record(59)
    with pytest.raises(FetchError, match="60 calls in the last hour"):
        ledger.before_call(1)
    clock[0] += 3600.0
    ledger.before_call(5)
    assert len(orjson.loads((tmp_path / "calls.json").read_bytes())) == 60  # pruned on next record
