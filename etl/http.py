"""One HTTP client for every source: timeouts, deadlines, retries with backoff, UA, throttle."""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from catalogues.settings import Limits
from etl.errors import FetchError

log = logging.getLogger("etl.http")
RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Fetched:
    """A complete answer: the final URL (query included), status, headers and the whole body."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes


class RetryableStatus(Exception):
    """A response whose status says 'try again later' (429 or 5xx)."""

    def __init__(self, response: Fetched) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


class DeadlineExceeded(Exception):
    """A request or the source run went past its deadline: not retried, the run stops."""


def _retry_after_seconds(response: Fetched) -> float | None:
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    if raw.strip().isdigit():
        return float(raw)
    parsed = email.utils.parsedate_to_datetime(raw)
    return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class Throttle:
    """Spaces calls at least `min_interval` seconds apart (in this process)."""

    def __init__(
        self,
        min_interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if self._last is not None:
                delay = self._last + self.min_interval - now
                if delay > 0:
                    self._sleep(delay)
                    now = self._clock()
            self._last = now


class HttpClient:
    """GET JSON with the project's User-Agent, a throttle and retries on timeouts, 429 and 5xx.

    Two deadlines bound the time (Limits): one per request, over the whole body rather than per
    read (a server trickling a byte at a time never trips a read timeout), and one for the
    source run, counted from the client's creation (one client per run) over every request,
    retry and wait. Limits.max_pages is read by the sources that page.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        accept: str = "application/json",
        timeout_s: float = 30.0,
        max_retries: int = 4,
        min_interval_s: float = 0.2,
        backoff_initial_s: float = 1.0,
        backoff_max_s: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": accept},
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=True,
            transport=transport,
        )
        self._throttle = Throttle(min_interval_s, sleep=sleep)
        self._sleep = sleep
        self._clock = clock
        self.timeout_s = timeout_s
        self.limits = limits or Limits()
        self._run_deadline = clock() + self.limits.run_deadline_s
        self.max_retries = max_retries
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        wait: float = wait_exponential_jitter(
            initial=self.backoff_initial_s, max=self.backoff_max_s
        )(state)
        if isinstance(exc, RetryableStatus):
            after = _retry_after_seconds(exc.response)
            if after is not None:
                wait = min(after, self.backoff_max_s)
        # A wait that would end past the run's deadline is cut short: the next attempt fails
        # on the deadline at once instead of sleeping first.
        return max(0.0, min(wait, self._run_deadline - self._clock()))

    def _check_run_deadline(self, url: str) -> None:
        if self._clock() >= self._run_deadline:
            raise DeadlineExceeded(
                f"GET {url} not sent: the source run passed its deadline of "
                f"{self.limits.run_deadline_s:g} s (Limits.run_deadline_s) "
                f"after {self.requests} requests"
            )

    def _once(self, url: str, params: dict[str, Any] | None) -> Fetched:
        self._check_run_deadline(url)
        self._throttle.wait()
        self._check_run_deadline(url)
        self.requests += 1
        started = self._clock()
        per_request = started + self.limits.request_deadline_s
        deadline = min(per_request, self._run_deadline)
        # No single read may outlast the deadline either (httpx fixes it when the body starts).
        timeout = httpx.Timeout(max(0.001, min(self.timeout_s, deadline - started)))
        with self._client.stream("GET", url, params=params, timeout=timeout) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if self._clock() > deadline:
                    which = (
                        f"the request deadline of {self.limits.request_deadline_s:g} s "
                        "(Limits.request_deadline_s)"
                        if deadline == per_request
                        else f"the source run's deadline of {self.limits.run_deadline_s:g} s "
                        "(Limits.run_deadline_s)"
                    )
                    raise DeadlineExceeded(
                        f"GET {response.request.url} stopped after {len(body)} bytes in "
                        f"{self._clock() - started:.1f} s: the body did not finish within {which}"
                    )
            fetched = Fetched(
                str(response.request.url), response.status_code, response.headers, bytes(body)
            )
        log.info(
            "GET %s -> %s (%.0f ms)",
            fetched.url,
            fetched.status_code,
            (self._clock() - started) * 1000,
        )
        if fetched.status_code in RETRY_STATUS:
            raise RetryableStatus(fetched)
        return fetched

    def get_response(self, url: str, params: dict[str, Any] | None = None) -> Fetched:
        """GET with retries; raises FetchError naming the URL when it finally fails."""
        retrying = Retrying(
            retry=retry_if_exception(
                lambda e: isinstance(
                    e, (RetryableStatus, httpx.TimeoutException, httpx.TransportError)
                )
            ),
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            response = retrying(self._once, url, params)
        except DeadlineExceeded as exc:
            raise FetchError(str(exc)) from exc
        except RetryableStatus as exc:
            raise FetchError(
                f"GET {exc.response.url} failed with HTTP {exc.response.status_code} "
                f"after {self.max_retries + 1} attempts"
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"GET {url} timed out after {self.max_retries + 1} attempts") from exc
        except httpx.TransportError as exc:
            raise FetchError(f"GET {url} failed: {exc}") from exc
        if response.status_code >= 400:
            raise FetchError(f"GET {response.url} failed with HTTP {response.status_code}")
        return response

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """GET and decode JSON; a body that is not JSON is a FetchError naming the URL."""
        response = self.get_response(url, params)
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise FetchError(f"GET {response.url} returned invalid JSON: {exc}") from exc
