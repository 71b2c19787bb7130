"""Pure shaping of the scorecard: one row per indicator, its facts, the shown and the CSV table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trygghet.core.format import is_missing
from trygghet.programme.text import NO_VERDICT, change_cell, figure, place, verdict

CHANGE = "Förändring sedan {baseline}"  # the column header
FEW_EVENTS = 20  # fewer events than this behind a rate in either year: no verdict
POPULATION = "N01951"  # Kolada: inhabitants, to count the events behind a rate per 100 000
NO_VALUES = "inga värden"  # the kommun has no value of the indicator in the DB at all


def school_year(year_end: int) -> str:
    """2025 -> '2024/25' as trygghet.schools says it (not imported: that module queries)."""
    return f"{year_end - 1}/{str(year_end)[-2:]}"


@dataclass(frozen=True)
class Facts:
    """What the data says about one series for one kommun since a base year."""

    latest_year: int | None
    latest: float | None
    base_year: int | None  # the first year at or after the chosen base year with a value
    base: float | None
    cmp_base: float | None  # comparison mean in base_year over the members with both years
    cmp_latest: float | None  # the same members' mean in latest_year
    cmp_n: int  # members with a value in both years
    peers: tuple[float, ...]  # the members' values in latest_year (the kommun left out)
    trend: tuple[float | None, ...]  # the kommun's values from the base year to latest_year
    events: float | None = None  # fewest events behind a rate per 100 000 (base or latest year)


@dataclass(frozen=True)
class Row:
    """One scorecard row: an indicator under a commitment, with its facts."""

    group: str
    label: str
    code: str  # Kolada KPI or Skolverket measure
    source: str  # "Kolada" | "Skolverket"
    role: str  # "Mäter" | "Sammanhang"
    unit: str
    direction: str
    facts: Facts

    def year(self, year: int | None) -> str:
        """A year as the source names it: Skolverket's school years as '2024/25'."""
        if year is None:
            return NO_VALUES
        return school_year(year) if self.source == "Skolverket" else str(year)

    @property
    def few(self) -> bool:
        """The rate rests on so few events that a change may be chance."""
        return self.facts.events is not None and self.facts.events < FEW_EVENTS

    @property
    def verdict(self) -> str:
        return (
            NO_VERDICT if self.few else verdict(self.facts.latest, self.facts.base, self.direction)
        )

    @property
    def cmp_verdict(self) -> str:
        return verdict(self.facts.cmp_latest, self.facts.cmp_base, self.direction)


def _value(frame: pd.DataFrame, year: int) -> float | None:
    hit = frame.loc[frame["year"] == year, "value"]
    return None if hit.empty or is_missing(hit.iloc[0]) else float(hit.iloc[0])


def inhabitants(values: pd.DataFrame, kommun: str) -> dict[int, float]:
    """The kommun's inhabitants by year (Kolada N01951) from the values frame."""
    own = values[
        (values["kpi_id"] == POPULATION)
        & (values["municipality_id"] == kommun)
        & values["value"].notna()
    ]
    return {int(y): float(v) for y, v in zip(own["year"], own["value"], strict=True)}


def events(rate: float, year: int, population: dict[int, float]) -> float | None:
    """Events behind a rate per 100 000: rate × inhabitants / 100 000.

    Inhabitants of the year, or of the nearest year with a count (Kolada skips some years);
    a population moves too slowly between neighbouring years to matter for this estimate.
    """
    if not population:
        return None
    near = min(population, key=lambda y: (abs(y - year), -y))
    return rate * population[near] / 100_000


def facts(
    values: pd.DataFrame,
    code: str,
    kommun: str,
    members: tuple[str, ...],
    baseline: int,
    population: dict[int, float] | None = None,
) -> Facts:
    """values: kpi_id, municipality_id, year, value (programme_values/_report.sql).

    population (the kommun's inhabitants by year) is given for rates per 100 000 only.
    """
    rows = values[(values["kpi_id"] == code) & values["value"].notna()]
    own = rows[rows["municipality_id"] == kommun].sort_values("year")
    if own.empty:
        return Facts(None, None, None, None, None, None, 0, (), ())
    year, value = int(own["year"].iloc[-1]), float(own["value"].iloc[-1])
    after = own[(own["year"] >= baseline) & (own["year"] < year)]
    base_year = int(after["year"].iloc[0]) if not after.empty else None
    base = float(after["value"].iloc[0]) if not after.empty else None
    peers = rows[rows["municipality_id"].isin(members) & (rows["municipality_id"] != kommun)]
    now = peers[peers["year"] == year].set_index("municipality_id")["value"]
    cmp_base = cmp_latest = None
    both = 0
    if base_year is not None:
        then = peers[peers["year"] == base_year].set_index("municipality_id")["value"]
        common = now.index.intersection(then.index)
        both = len(common)
        if both:
            cmp_base, cmp_latest = float(then[common].mean()), float(now[common].mean())
    trend = tuple(_value(own, y) for y in range(min(baseline, year), year + 1))
    counts = [
        events(v, y, population or {})
        for y, v in ((year, value), (base_year, base))
        if y is not None and v is not None
    ]
    fewest = min((c for c in counts if c is not None), default=None)
    return Facts(
        year,
        value,
        base_year,
        base,
        cmp_base,
        cmp_latest,
        both,
        tuple(float(v) for v in now),
        trend,
        fewest,
    )


def _trend(values: tuple[float | None, ...]) -> list[float]:
    """The points of a mini chart. The grid's line chart cannot draw a missing point (it shows
    the raw list instead), so years without a value are left out, as the page says; one point
    alone would draw as a flat line, which reads as 'unchanged', so it draws nothing."""
    points = [v for v in values if v is not None]
    return points if len(points) > 1 else []


def shown(rows: list[Row], baseline: int) -> pd.DataFrame:
    """The scorecard as the page shows it: Swedish text cells, a trend list per row."""

    def since(r: Row) -> str:
        f = r.facts
        cell = change_cell(f.latest, f.base, r.unit)
        if f.base_year is not None and r.year(f.base_year) != str(baseline):
            cell += f" sedan {r.year(f.base_year)}"  # a later first year, or a school year
        return cell + (" · få fall" if r.few else "")

    return pd.DataFrame(
        {
            "Åtagande": [r.group for r in rows],
            "Indikator": [r.label for r in rows],
            "Senaste": [figure(r.facts.latest, r.unit) for r in rows],
            "År": [r.year(r.facts.latest_year) for r in rows],
            CHANGE.format(baseline=baseline): [since(r) for r in rows],
            "Bedömning": [r.verdict for r in rows],
            "Gruppens förändring": [
                change_cell(r.facts.cmp_latest, r.facts.cmp_base, r.unit) for r in rows
            ],
            "Gruppens bedömning": [r.cmp_verdict for r in rows],
            "Plats i gruppen": [place(r.facts.latest, r.facts.peers) for r in rows],
            "Trend": [_trend(r.facts.trend) for r in rows],
            "Roll": [r.role for r in rows],
            "Enhet": [r.unit for r in rows],
            "Källa": [f"{r.source} {r.code}" for r in rows],
        }
    )


def download(rows: list[Row], kommun: str, group_label: str, baseline: int) -> pd.DataFrame:
    """The scorecard's numbers for the CSV: raw values, Swedish column names, sources named."""
    return pd.DataFrame(
        {
            "Åtagande": [r.group for r in rows],
            "Indikator": [r.label for r in rows],
            "Kod": [r.code for r in rows],
            "Källa": [
                f"{r.source} (kommunens värden); egen bearbetning av data från {r.source} "
                "(gruppens medelvärde och plats)"
                for r in rows
            ],
            "Roll": [r.role for r in rows],
            "Enhet": [r.unit for r in rows],
            "Kommun": kommun,
            "Valt basår": baseline,
            "Senaste år": [r.year(r.facts.latest_year) for r in rows],
            "Senaste värde": [r.facts.latest for r in rows],
            "Jämförelseår": [
                None if r.facts.base_year is None else r.year(r.facts.base_year) for r in rows
            ],
            "Värde jämförelseåret": [r.facts.base for r in rows],
            "Bedömning": [r.verdict for r in rows],
            "Uppskattat antal fall (färre av de två åren)": [
                None if r.facts.events is None else round(r.facts.events) for r in rows
            ],
            "Jämförelsegrupp": group_label,
            "Gruppens antal kommuner med värde båda åren": [r.facts.cmp_n for r in rows],
            "Gruppens medelvärde jämförelseåret (ovägt)": [r.facts.cmp_base for r in rows],
            "Gruppens medelvärde senaste år (ovägt)": [r.facts.cmp_latest for r in rows],
            "Gruppens bedömning": [r.cmp_verdict for r in rows],
            "Plats i gruppen": [place(r.facts.latest, r.facts.peers) for r in rows],
        }
    )
