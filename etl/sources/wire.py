"""What every source hands to its transform (a Page), and reading one snapshot file of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from etl.errors import FetchError


@dataclass(frozen=True)
class Page:
    """One decoded response body (or snapshot file) and where it came from."""

    url: str
    payload: Any


def read_json(path: Path) -> Any:
    """Decode a snapshot JSON file; a missing, unreadable or broken file is a FetchError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read snapshot file {path}: {exc.strerror or exc}") from exc
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise FetchError(f"snapshot file {path} is not valid JSON: {exc}") from exc
