"""The shared HTTP client: retries on 429/5xx/timeouts with backoff, Retry-After, clear errors."""

from __future__ import annotations

import httpx
import pytest

from etl.errors import FetchError
from etl.http import HttpClient

URL = "https://api.test/v3/kpi"


def _client(handler, sleeps: list[float], **kwargs) -> HttpClient:
    return HttpClient(
        user_agent="trygghet-test/1",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        min_interval_s=0,
        **kwargs,
    )


def _sequence(*responses):
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


def test_retries_429_and_503_then_succeeds_honouring_retry_after():
    handler, seen = _sequence(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503),
        httpx.Response(200, json={"values": []}),
    )
    sleeps: list[float] = []
    assert _client(handler, sleeps).get_json(URL) == {"values": []}
    assert len(seen) == 3
    assert sleeps[0] == 7.0  # Retry-After wins over the backoff
    assert 0 < sleeps[1] <= 60  # then exponential backoff with jitter
    assert seen[0].headers["User-Agent"] == "trygghet-test/1"


def test_gives_up_with_a_message_naming_url_and_status():
    handler, seen = _sequence(*[httpx.Response(500)] * 3)
    with pytest.raises(
        FetchError, match=r"GET https://api.test/v3/kpi failed with HTTP 500 after 3 attempts"
    ):
        _client(handler, [], max_retries=2).get_json(URL)
    assert len(seen) == 3


def test_survives_a_timeout():
    handler, seen = _sequence(httpx.ReadTimeout("slow"), httpx.Response(200, json={"ok": 1}))
    assert _client(handler, []).get_json(URL) == {"ok": 1}
    assert len(seen) == 2


def test_repeated_timeouts_fail_clearly():
    handler, _ = _sequence(*[httpx.ConnectTimeout("down")] * 2)
    with pytest.raises(FetchError, match="timed out after 2 attempts"):
        _client(handler, [], max_retries=1).get_json(URL)


def test_broken_json_names_the_url():
    handler, _ = _sequence(httpx.Response(200, content=b'{"values": [1, 2'))
    with pytest.raises(FetchError, match=r"https://api.test/v3/kpi returned invalid JSON"):
        _client(handler, []).get_json(URL)


def test_client_error_is_not_retried():
    handler, seen = _sequence(httpx.Response(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        _client(handler, []).get_json(URL)
    assert len(seen) == 1


def test_throttle_spaces_requests():
    handler, _ = _sequence(*[httpx.Response(200, json={})] * 3)
    sleeps: list[float] = []
    client = HttpClient(
        user_agent="t",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        min_interval_s=0.2,
    )
    for _ in range(3):
        client.get_json(URL)
    # Requests follow each other at once here, so the throttle must have waited twice.
    assert len(sleeps) == 2 and all(0 < s <= 0.2 for s in sleeps)
