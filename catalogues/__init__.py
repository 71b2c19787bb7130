"""The ground the ETL and the dashboard both stand on: the hand-kept catalogues (TOML beside
this file) and the settings.

- indicators.toml: which Kolada KPIs to load and how to present them;
- programme.toml: the programme "Ett tryggare Kalmar", its points and their indicators;
- polisen_categories.toml: Polisen notice types -> categories and their Swedish labels;
- pages.toml: the dashboard's pages in menu order and the themes' Swedish names;
- covariates.toml (read by `catalogues.covariates`): the structure model's outcomes and covariates;
- `catalogues.settings`: paths and endpoints, the only module that reads the environment;
- `catalogues.swedish`: Swedish month names for parsing and for charts.

This package imports nothing from the ETL or the dashboard, so either may import it, and the
dashboard imports nothing from `etl/` (an import-linter contract holds it). Each reader checks
the entries it uses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Page:
    """One page of the dashboard: its file, menu title and icon; a theme page names its theme."""

    file: str
    title: str
    icon: str
    theme: str = ""
    default: bool = False


@cache
def pages() -> tuple[Page, ...]:
    """The dashboard's pages in menu order (pages.toml), checked: one default, files exist.
    Read once per process: dashboard.py asks on every page run."""
    entries = load("pages").get("page")
    if not isinstance(entries, list) or not entries:
        raise ValueError("pages.toml: needs [[page]] entries")
    found = [Page(**entry) for entry in entries]
    if sum(p.default for p in found) != 1:
        raise ValueError("pages.toml: exactly one page must be the default")
    missing = [p.file for p in found if not (DIR.parent / p.file).is_file()]
    if missing:
        raise ValueError(f"pages.toml: no such page file: {missing}")
    return tuple(found)


def themes() -> dict[str, str]:
    """Every theme an indicator may have -> its Swedish name (pages.toml [themes])."""
    names = load("pages").get("themes")
    if not isinstance(names, dict) or not names:
        raise ValueError("pages.toml: needs a [themes] table")
    return {str(k): str(v) for k, v in names.items()}


@cache
def theme_pages() -> dict[str, Page]:
    """Theme -> the page that shows it."""
    return {p.theme: p for p in pages() if p.theme}
