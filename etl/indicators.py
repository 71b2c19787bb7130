"""The indicator catalogue (catalogues/indicators.toml): which KPIs to load and how to show them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

import catalogues

CATALOGUE = catalogues.path("indicators")
# osakerhet: Kolada's published uncertainty of a survey KPI (uncertainty_of names it); loaded
# like any KPI, shown on no theme page, read by the judgement of the survey KPI's change.
THEMES = tuple(catalogues.themes())  # catalogues/pages.toml [themes]
DIRECTIONS = ("higher_better", "lower_better", "neutral")
COLUMNS = [
    "kpi_id",
    "theme",
    "label",
    "unit",
    "direction",
    "headline",
    "sort_order",
    "erratum",
    "erratum_evidence",
    "erratum_reviewed",
]
ERRATUM_FIELDS = ("note", "evidence", "reviewed")


def _erratum(entry: dict[str, object], name: str) -> dict[str, str | None]:
    """A reviewed note on the source's own error: all three fields, or no erratum at all.

    It is shown beside the source's text, never instead of it, so it must say what is wrong,
    where the correct definition is published (evidence, a URL) and when it was reviewed.
    """
    raw = entry.get("erratum")
    if raw is None:
        return {"erratum": None, "erratum_evidence": None, "erratum_reviewed": None}
    if not isinstance(raw, dict) or any(
        not isinstance(raw.get(f), str) or not raw[f] for f in ERRATUM_FIELDS
    ):
        fields = ", ".join(ERRATUM_FIELDS)
        raise ValueError(f"{name}: the erratum of {entry.get('kpi_id')} needs {fields}")
    if not str(raw["evidence"]).startswith("https://"):
        raise ValueError(f"{name}: the erratum of {entry.get('kpi_id')} needs an https evidence")
    return {
        "erratum": raw["note"],
        "erratum_evidence": raw["evidence"],
        "erratum_reviewed": raw["reviewed"],
    }


def load_catalogue(path: Path = CATALOGUE) -> pd.DataFrame:
    """Read and check the catalogue; raises ValueError naming the bad entry."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("indicator", [])
    rows = []
    for order, entry in enumerate(entries):
        kpi_id = entry.get("kpi_id", f"#{order}")
        for field in ("kpi_id", "theme", "label", "unit", "direction"):
            if not isinstance(entry.get(field), str) or not entry[field]:
                raise ValueError(f"{path.name}: indicator {kpi_id} lacks '{field}'")
        if entry["theme"] not in THEMES:
            raise ValueError(
                f"{path.name}: indicator {kpi_id} has unknown theme {entry['theme']!r}"
            )
        if entry["direction"] not in DIRECTIONS:
            raise ValueError(f"{path.name}: indicator {kpi_id} has unknown direction")
        rows.append(
            {
                **{k: entry[k] for k in COLUMNS[:5]},
                "headline": bool(entry.get("headline", False)),
                "sort_order": order,
                **_erratum(entry, path.name),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame["kpi_id"].duplicated().any():
        raise ValueError(f"{path.name}: a KPI id is listed twice")
    known = set(frame["kpi_id"])
    for entry in entries:
        of = entry.get("uncertainty_of")
        if (of is None) != (entry["theme"] != "osakerhet") or (of is not None and of not in known):
            raise ValueError(
                f"{path.name}: {entry['kpi_id']}: an osakerhet entry names the KPI it belongs to "
                "in uncertainty_of (a KPI of the catalogue), and only such an entry does"
            )
    return frame
