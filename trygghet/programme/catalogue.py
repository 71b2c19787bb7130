"""The programme catalogue (catalogues/programme.toml): commitments, phenomena, indicators."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import catalogues

CATALOGUE = catalogues.path("programme")
ROLES = {"measures": "Mäter", "context": "Sammanhang – mäter inte åtagandet"}
_KPI = re.compile(r"^[NU]\d{5}$")


@dataclass(frozen=True)
class IndicatorRef:
    """A Kolada KPI named for a commitment, with how it relates to it."""

    kpi: str
    role: str
    note: str


@dataclass(frozen=True)
class Commitment:
    """A commitment (or a phenomenon the programme names) and what open data says about it."""

    id: str
    title: str
    kind: str  # commitment | named
    school: bool
    not_measured: str
    holders: tuple[str, ...]
    indicators: tuple[IndicatorRef, ...]


def _entry(raw: dict[str, Any], kind: str, where: str) -> Commitment:
    for field in ("id", "title", "not_measured"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise ValueError(f"{where}: {kind} {raw.get('id', '?')} lacks '{field}'")
    holders = raw.get("holders", [])
    if not holders or not all(isinstance(h, str) and h for h in holders):
        raise ValueError(f"{where}: {kind} {raw['id']} must name who holds the data ('holders')")
    refs = []
    for ind in raw.get("indicator", []):
        kpi, role = ind.get("kpi", ""), ind.get("role", "")
        if not _KPI.match(kpi):
            raise ValueError(f"{where}: {raw['id']} has a bad KPI id {kpi!r}")
        if role not in ROLES:
            raise ValueError(
                f"{where}: {raw['id']}/{kpi} has role {role!r}, expected one of {sorted(ROLES)}"
            )
        refs.append(IndicatorRef(kpi, role, str(ind.get("note", ""))))
    return Commitment(
        raw["id"],
        raw["title"],
        kind,
        bool(raw.get("school", False)),
        raw["not_measured"],
        tuple(holders),
        tuple(refs),
    )


def load(path: Path = CATALOGUE) -> tuple[Commitment, ...]:
    """All commitments in the programme's order, then the phenomena; ValueError on a bad entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = [_entry(c, "commitment", path.name) for c in data.get("commitment", [])] + [
        _entry(n, "named", path.name) for n in data.get("named", [])
    ]
    ids = [c.id for c in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: an id is used twice")
    return tuple(items)


@cache
def catalogue() -> tuple[Commitment, ...]:
    """The repo's programme catalogue (read once per process)."""
    return load()


def kpis(items: tuple[Commitment, ...]) -> list[str]:
    """Every KPI the catalogue names, once, in order."""
    return list(dict.fromkeys(ref.kpi for c in items for ref in c.indicators))
