"""Settings of the ETL and the dashboard: the only module that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "trygghet-i-kalmar/0.1 (open-data dashboard; +https://github.com/trygghet-i-kalmar)"
ALL_COUNTIES = "all"


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one source run may do against an API, whatever the API answers.

    Each limit fails the source with one line naming the URL and the limit, so a server that
    trickles, loops or declares absurd sizes cannot keep a run (and the DB lock) forever.
    """

    request_deadline_s: float = 120.0  # one request, whole body included (not per read)
    run_deadline_s: float = 1800.0  # one source run: every request, retry and throttle wait
    max_pages: int = 200  # pages followed (Kolada next_url) or declared (Skolverket totalPages)


@dataclass(frozen=True)
class Settings:
    """Where the data lives and which endpoints the live clients call."""

    db_path: Path
    snapshot_dir: Path
    kolada_base_url: str
    polisen_base_url: str
    skolverket_base_url: str
    county_id: str = "08"  # the län whose schools are loaded, and the home län of the notices
    # Police notices: these län; () means county_id alone, None the whole country (all).
    polisen_counties: tuple[str, ...] | None = ()
    user_agent: str = USER_AGENT
    timeout_s: float = 30.0
    max_retries: int = 4
    limits: Limits = Limits()

    @property
    def notice_counties(self) -> tuple[str, ...] | None:
        """The län whose police notices are loaded, or None for every län."""
        if self.polisen_counties is None:
            return None
        return self.polisen_counties or (self.county_id,)

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
        **_counties(os.environ.get("TRYGGHET_COUNTY", "08")),
    )


def _counties(raw: str) -> dict[str, Any]:
    """`08`, `08,09` or `all` -> county_id (the first län, 08 with all) and polisen_counties."""
    if raw.strip().lower() == ALL_COUNTIES:
        return {"county_id": "08", "polisen_counties": None}
    codes = [c.strip() for c in raw.split(",")]
    if not codes or not all(len(c) == 2 and c.isdigit() for c in codes):
        raise ValueError(
            f"TRYGGHET_COUNTY must be a 2-digit län code such as 08, not {raw!r} "
            "(or a comma list such as 08,09, or all)"
        )
    # One län: notices follow county_id (so an override of county_id moves both).
    several = tuple(dict.fromkeys(codes))
    return {"county_id": codes[0], "polisen_counties": several if len(several) > 1 else ()}
