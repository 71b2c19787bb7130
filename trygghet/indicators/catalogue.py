"""The indicator as every feature reads it, and the reviewed catalogue data beside it, pure.

`Indicator` is the one shape of a catalogued Kolada KPI (catalogues/indicators.toml joined with
Kolada's own metadata; built once per DB by trygghet.indicators.queries.indicators). Series
breaks (catalogues/series_breaks.toml): a break is a date where a series changes what it counts;
charts mark it, tables and CSVs name it, and core.judgement withholds a verdict whose window
spans one that moves the level. Riket notes and survey uncertainty companions come from
catalogues/indicators.toml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, NamedTuple

import catalogues
from trygghet.core import style
from trygghet.core.format import md_esc

_KPI = re.compile(r"^[NU]\d{5}$")


class Indicator(NamedTuple):
    """One catalogued Kolada KPI: the catalogue's words and Kolada's title and description.

    Immutable, so it is part of a cache key: a cached call takes the indicator, never loose
    (kpi, label, unit) values. A NamedTuple rather than a dataclass: Streamlit hashes a tuple
    item by item but a dataclass through a deep copy (dataclasses.asdict), which cost Samband a
    quarter of its warm run.
    """

    kpi_id: str  # Kolada's id, "N07540"
    label: str  # the catalogue's short Swedish label for charts and cards
    unit: str  # as on an axis: "antal/100 000 inv", "%"
    direction: str  # higher_better | lower_better | neutral
    theme: str  # brott | trygghet | skola | unga_fritid | befolkning | kontext
    headline: bool  # the one indicator a theme shows on Översikt
    title: str  # Kolada's own title; the label where Kolada's catalogue has none
    description: str  # Kolada's own description, "" where it has none
    by_gender: bool  # Kolada publishes women and men apart

    @property
    def source(self) -> str:
        """Where the values come from, as a caption names it: "Kolada, KPI N07540"."""
        return f"Kolada, KPI {self.kpi_id}"


@dataclass(frozen=True)
class Break:
    """One reviewed break: from `year` on, the series counts something else."""

    year: int
    day: date
    kpis: tuple[str, ...]
    label: str
    what: str
    level: bool  # the level moves: no verdict across it
    source: str
    url: str
    reviewed: date


def _entry(raw: dict[str, Any]) -> Break:
    kpis = tuple(str(k) for k in raw["kpis"])
    bad = [k for k in kpis if not _KPI.match(k)]
    if bad or not raw["url"].startswith("https://"):
        raise ValueError(f"series_breaks.toml: bad KPI {bad} or url {raw['url']!r}")
    return Break(
        int(raw["year"]),
        date.fromisoformat(str(raw["date"])),
        kpis,
        str(raw["label"]),
        " ".join(str(raw["what"]).split()),
        bool(raw["level"]),
        " ".join(str(raw["source"]).split()),
        str(raw["url"]),
        date.fromisoformat(str(raw["reviewed"])),
    )


@cache
def breaks() -> tuple[Break, ...]:
    """Every reviewed break, oldest first."""
    return tuple(
        sorted((_entry(b) for b in catalogues.load("series_breaks")["break"]), key=lambda b: b.day)
    )


def breaks_for(kpi: str) -> tuple[Break, ...]:
    """The breaks of one KPI, oldest first."""
    return tuple(b for b in breaks() if kpi in b.kpis)


def level_years(kpi: str) -> tuple[int, ...]:
    """The years from which the KPI's level is not comparable with the years before."""
    return tuple(b.year for b in breaks_for(kpi) if b.level)


def break_cells(kpi: str, years: list[int]) -> list[str]:
    """A table column: each year's break ('2015: ny fördelning …: what …'), '' otherwise."""
    by_year = {b.year: f"{b.label}. {b.what}" for b in breaks_for(kpi)}
    return [by_year.get(y, "") for y in years]


def break_marks(
    breaks: Sequence[Break], years: Sequence[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A dashed line just before each break's first year, and its label with the hover.

    Only breaks inside the shown years; the label names the change, the hover says what
    changed and where that was read.
    """
    shown = [b for b in breaks if years and min(years) < b.year <= max(years)]
    shapes = [
        {
            "type": "line",
            "x0": b.year - 0.5,
            "x1": b.year - 0.5,
            "xref": "x",
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": style.REFERENCE, "width": 1.5, "dash": "dash"},
        }
        for b in shown
    ]
    labels = [
        {
            "x": b.year - 0.5,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "top",
            "xanchor": "left",
            "text": f"Seriebrott {b.year}",  # short: a phone's plot is narrow
            "showarrow": False,
            "font": {"color": style.MUTED_TEXT, "size": 11},
            "hovertext": f"{b.label}: {b.what}<br>Källa: {b.source}",
        }
        for b in shown
    ]
    return shapes, labels


@dataclass(frozen=True)
class RiketNote:
    """Why a KPI's Riket is not the kommun level (catalogues/indicators.toml, riket_notes)."""

    text: str
    source: str
    reviewed: date


@cache
def _riket_notes() -> dict[str, RiketNote]:
    raw = catalogues.load("indicators")
    notes = {
        key: RiketNote(
            " ".join(str(n["text"]).split()),
            " ".join(str(n["source"]).split()),
            date.fromisoformat(str(n["reviewed"])),
        )
        for key, n in raw.get("riket_notes", {}).items()
    }
    return {
        str(e["kpi_id"]): notes[str(e["riket_note"])]
        for e in raw.get("indicator", [])
        if e.get("riket_note")
    }


def riket_note(kpi: str) -> RiketNote | None:
    """The KPI's Riket note, None where Riket is a true national figure of the kommun level."""
    return _riket_notes().get(kpi)


def riket_sentence_md(
    kpi: str,
    riket: float | None,
    median: float | None,
    counts: tuple[int, int],
    year: int,
    fmt: Callable[[float], str],
) -> str:
    """'Riket 2025: 13 757; kommunernas median: 8 922 (8 av 290 kommuner över Riket). Rikets …'

    `fmt` formats a value; counts = (kommuner above Riket, kommuner with a value that year).
    """
    above, n = counts
    note = riket_note(kpi)
    if note is None or median is None:
        return ""
    if riket is None:
        head = f"Kommunernas median {year}: {fmt(median)} (Riket har inget värde {year})."
    else:
        head = (
            f"Riket {year}: {fmt(riket)}; kommunernas median: {fmt(median)} ({above} av {n} "
            "kommuner med värde ligger över Riket)."
        )
    # The note and its source are catalogue text: escaped like any text from outside the code.
    text = note.text[:1].upper() + note.text[1:]
    return f"{head} {md_esc(text)} (Källa: {md_esc(note.source)})"


@cache
def _companions() -> dict[str, str]:
    raw = catalogues.load("indicators")
    return {
        str(e["uncertainty_of"]): str(e["kpi_id"])
        for e in raw.get("indicator", [])
        if e.get("uncertainty_of")
    }


def uncertainty_kpi(kpi: str) -> str | None:
    """Kolada's osäkerhetstal KPI published for a survey KPI, None where none is catalogued."""
    return _companions().get(kpi)
