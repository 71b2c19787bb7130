"""Test helpers for the live paths: the runner's HTTP clients answer from a local handler."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
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
    """Every client the runner makes sends its requests to `handler` and never sleeps."""
    monkeypatch.setattr(
        runner,
        "_client",
        lambda settings, **kw: HttpClient(
            user_agent=settings.user_agent,
            transport=httpx.MockTransport(handler),
            sleep=lambda s: None,
            **client_kwargs,
            **kw,
        ),
    )


def file_digest(path: Path) -> str:
    """The file's SHA-256: equal digests mean a run left the DB byte-for-byte as it was."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
