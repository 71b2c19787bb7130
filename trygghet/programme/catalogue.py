"""The programme catalogue (catalogues/programme.toml): commitments, phenomena, indicators."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import catalogues

CATALOGUE = catalogues.path("programme")
ROLES = {"measures": "Mäter", "context": "Sammanhang"}
ROLE_HELP = {
    "measures": "Mäter",
    "context": "Sammanhang – mäter inte punkten",
}
_KPI = re.compile(r"^[NU]\d{5}$")


@dataclass(frozen=True)
class IndicatorRef:
    """A Kolada KPI named for a commitment, with how it relates to it."""

    kpi: str
    role: str
    note: str


@dataclass(frozen=True)
class Holder:
    """Who holds data that open data lacks, what it is, and where that was checked (and when)."""

    name: str
    what: str
    sources: tuple[tuple[str, str], ...]  # (title, url or "") of each source checked
    checked: date | None  # None: nobody has checked the statement against its source


@dataclass(frozen=True)
class Commitment:
    """A commitment (or a phenomenon the programme names) and what open data says about it."""

    id: str
    title: str
    short: str
    kind: str  # commitment | named
    school: bool
    see_also: str
    not_measured: str
    holders: tuple[Holder, ...]
    indicators: tuple[IndicatorRef, ...]


def _text(raw: dict[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} lacks '{field}'")
    return value


def _holder(raw: dict[str, Any], where: str) -> Holder:
    checked = raw.get("checked")
    if checked is not None and not isinstance(checked, str):
        raise ValueError(f"{where}: 'checked' must be a date as text (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(checked) if checked else None
    except ValueError as err:
        raise ValueError(f"{where}: 'checked' {checked!r} is not a date (YYYY-MM-DD)") from err
    return Holder(_text(raw, "name", where), _text(raw, "what", where), _sources(raw, where), day)


def _sources(raw: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    """'source' and 'url' as one text each, or as two lists of the same length."""
    titles, urls = raw.get("source"), raw.get("url", "")
    if isinstance(titles, str):
        titles, urls = [titles], [urls]
    if not titles or not isinstance(urls, list) or len(urls) != len(titles):
        raise ValueError(f"{where} lacks 'source' (with as many 'url' as sources, or none)")
    pairs = tuple(zip(titles, urls, strict=True))
    if not all(isinstance(t, str) and t.strip() and isinstance(u, str) for t, u in pairs):
        raise ValueError(f"{where}: every 'source' and 'url' must be text")
    return pairs


def _indicator(raw: dict[str, Any], where: str) -> IndicatorRef:
    kpi, role = raw.get("kpi", ""), raw.get("role", "")
    if not _KPI.match(kpi):
        raise ValueError(f"{where} has a bad KPI id {kpi!r}")
    if role not in ROLES:
        raise ValueError(f"{where}/{kpi} has role {role!r}, expected one of {sorted(ROLES)}")
    return IndicatorRef(kpi, role, str(raw.get("note", "")))


def _entry(raw: dict[str, Any], kind: str, file: str) -> Commitment:
    where = f"{file}: {kind} {raw.get('id', '?')}"
    for field in ("id", "title", "short", "not_measured"):
        _text(raw, field, where)
    holders = raw.get("holder", [])
    if not holders:
        raise ValueError(f"{where} must name who holds the data ('holder')")
    return Commitment(
        raw["id"],
        raw["title"],
        raw["short"],
        kind,
        bool(raw.get("school", False)),
        str(raw.get("see_also", "")),
        raw["not_measured"],
        tuple(_holder(h, where) for h in holders),
        tuple(_indicator(i, where) for i in raw.get("indicator", [])),
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
    if sum(c.school for c in items) > 1:
        raise ValueError(f"{path.name}: 'school' on more than one entry would print it twice")
    return tuple(items)


@cache
def catalogue() -> tuple[Commitment, ...]:
    """The repo's programme catalogue (read once per process)."""
    return load()


def kpis(items: tuple[Commitment, ...]) -> list[str]:
    """Every KPI the catalogue names, once, in order."""
    return list(dict.fromkeys(ref.kpi for c in items for ref in c.indicators))
