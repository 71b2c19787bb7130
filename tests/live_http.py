"""Test helpers for the live paths: the runner's HTTP clients answer from a local handler; a DB
file's digest; its refresh lock held by another process."""

from __future__ import annotations

import hashlib
import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from etl import runner
from etl.http import HttpClient


def serve_with(
    monkeypatch: pytest.MonkeyPatch,
    handler: Callable[[httpx.Request], httpx.Response],
    **client_kwargs: Any,
) -> None:
    """Every client the runner makes sends its requests to `handler` and never sleeps.

    The client gets the settings' limits (deadlines, page cap) unless `client_kwargs` names them.
    """
    monkeypatch.setattr(
        runner,
        "_client",
        lambda settings, **kw: HttpClient(
            user_agent=settings.user_agent,
            transport=httpx.MockTransport(handler),
            sleep=lambda s: None,
            **({"limits": settings.limits} | client_kwargs),
            **kw,
        ),
    )


@contextmanager
def trickling_server(interval_s: float = 0.05) -> Iterator[str]:
    """A real HTTP server on localhost whose body never ends: one byte every `interval_s`.

    Each byte arrives well within any read timeout, so only an overall deadline stops a client.
    Yields the server's base URL; the server stops when the block ends.
    """
    stop = threading.Event()

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            try:
                while not stop.is_set():
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(interval_s)
            except OSError:  # the client hung up: what a deadline does
                pass

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def file_digest(path: Path) -> str:
    """The file's SHA-256: equal digests mean a run left the DB byte-for-byte as it was."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


REPO = Path(__file__).resolve().parents[1]
# Takes the DB's refresh lock the way a running refresh does, says so, and keeps it.
_HOLD_LOCK = (
    "import sys, time; from etl.load import lock_for; from pathlib import Path; "
    "lock = lock_for(Path(sys.argv[1])); lock.acquire(); "
    "print('locked', flush=True); time.sleep(30)"
)


@contextmanager
def lock_held_elsewhere(db: Path) -> Iterator[None]:
    """Another process holds `db`'s refresh lock (etl.load.lock_for) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()
