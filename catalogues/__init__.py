"""The ground the ETL and the dashboard both stand on: the hand-kept catalogues (TOML beside
this file) and the settings.

- indicators.toml: which Kolada KPIs to load and how to present them;
- programme.toml: the programme "Ett tryggare Kalmar", its points and their indicators;
- polisen_categories.toml: Polisen notice types -> categories and their Swedish labels;
- covariates.toml (read by `catalogues.covariates`): the structure model's outcomes and covariates;
- `catalogues.settings`: paths and endpoints, the only module that reads the environment;
- `catalogues.swedish`: Swedish month names for parsing and for charts.

This package imports nothing from the ETL or the dashboard, so either may import it, and the
dashboard imports nothing from `etl/` (an import-linter contract holds it). Each reader checks
the entries it uses.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The file of catalogue `name` (e.g. "programme" -> catalogues/programme.toml)."""
    return DIR / f"{name}.toml"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed catalogue (read once per process; treat the result as read-only)."""
    return tomllib.loads(path(name).read_text(encoding="utf-8"))


def polisen_labels() -> dict[str, str]:
    """Polisen categories -> Swedish labels, in display order."""
    labels = load("polisen_categories").get("categories")
    if not isinstance(labels, dict):
        raise ValueError("polisen_categories.toml: needs a [categories] table")
    return {str(k): str(v) for k, v in labels.items()}
