"""Settings of the ETL and the dashboard: the only module that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "trygghet-i-kalmar/0.1 (open-data dashboard; +https://github.com/trygghet-i-kalmar)"


@dataclass(frozen=True)
class Settings:
    """Where the data lives and which endpoints the live clients call."""

    db_path: Path
    snapshot_dir: Path
    kolada_base_url: str
    polisen_base_url: str
    skolverket_base_url: str
    county_id: str = "08"  # the län whose police notices and schools are loaded (08 Kalmar län)
    user_agent: str = USER_AGENT
    timeout_s: float = 30.0
    max_retries: int = 4

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy where the non-None overrides (CLI flags) win over env and defaults.

        Any field may be overridden (CLI flags, tests); replace() rejects an unknown name.
        """
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in ("db_path", "snapshot_dir"):
            if key in given:
                given[key] = Path(given[key])  # the CLI gives a str
        return replace(self, **given)


def _path(env: str, default: Path) -> Path:
    raw = os.environ.get(env)
    path = Path(raw) if raw else default
    return path if path.is_absolute() else (Path.cwd() / path)


def load_settings() -> Settings:
    """Read settings from the environment, falling back to the documented defaults."""
    return Settings(
        db_path=_path("TRYGGHET_DB", REPO_ROOT / "data" / "trygghet.duckdb"),
        snapshot_dir=_path("TRYGGHET_SNAPSHOT", REPO_ROOT.parent / "shared" / "data" / "snapshot"),
        kolada_base_url=os.environ.get("KOLADA_BASE_URL", "https://api.kolada.se/v3").rstrip("/"),
        polisen_base_url=os.environ.get("POLISEN_BASE_URL", "https://polisen.se/api").rstrip("/"),
        skolverket_base_url=os.environ.get(
            "SKOLVERKET_BASE_URL", "https://api.skolverket.se/planned-educations"
        ).rstrip("/"),
        county_id=_county(os.environ.get("TRYGGHET_COUNTY", "08")),
    )


def _county(raw: str) -> str:
    if not (len(raw) == 2 and raw.isdigit()):
        raise ValueError(f"TRYGGHET_COUNTY must be a 2-digit län code such as 08, not {raw!r}")
    return raw
