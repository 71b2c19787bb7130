"""Last error per source, kept beside the DB file so a failed run never has to touch it."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path


def _path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".errors.json")


def read_errors(db_path: Path) -> dict[str, dict[str, str]]:
    """{source: {"at": iso time, "error": message}} of the latest failure per source."""
    try:
        errors: dict[str, dict[str, str]] = json.loads(_path(db_path).read_text(encoding="utf-8"))
        return errors
    except (OSError, ValueError):
        return {}


def write_error(db_path: Path, source: str, at: datetime, message: str) -> None:
    """Remember a failed run (written atomically, like the DB)."""
    errors = read_errors(db_path)
    errors[source] = {"at": at.isoformat(timespec="seconds"), "error": message}
    tmp = _path(db_path).with_suffix(".tmp")
    tmp.write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, _path(db_path))
