"""Overview card content for one headline indicator (pure: DataFrames in, texts out).

A card answers "better or worse, and against whom?": the latest value rounded to fit, the
judged change since about five years before (verdict.py holds the rule), the comparison
group's mean change over the same years, the place as a phrase, and why a value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from trygghet.indicators import verdict as vd
from trygghet.indicators.text import reason, year_ranges

PAGES = {
    "brott": ("pages/crime.py", "Brott"),
    "trygghet": ("pages/safety.py", "Trygghet"),
    "skola": ("pages/school.py", "Skola"),
    "unga_fritid": ("pages/youth.py", "Unga & fritid"),
}
SURVEY_THEMES = ("trygghet",)  # survey shares: the sample size is not in the data
SURVEY_NOTE = (
    "Värdet kommer från en urvalsundersökning; hur många som svarade i kommunen finns inte "
    "i Kolada, så en liten förändring kan bero på slumpen i urvalet."
)
NO_PEER_MEAN = "Jämförelsegruppen saknar medelvärde något av åren."
NO_GROUP = "Jämförelsegruppen är tom, så det finns inget medelvärde att jämföra med."


@dataclass(frozen=True)
class Indicator:
    """A headline indicator as the card needs it (hashable: part of a cache key)."""

    kpi: str
    theme: str
    title: str
    label: str
    unit: str
    direction: str


@dataclass(frozen=True)
class Who:
    """The kommun and its comparison as a card's texts need them."""

    kommun_id: str
    name: str  # Markdown-escaped
    members: tuple[str, ...]
    group_word: str  # "liknande kommuner": for the place phrase
    group_label: str  # "liknande kommuner (7)": for the mean's change
    year_from: int


@dataclass(frozen=True)
class Card:
    """What a card shows; every number formatted from a DB value (the unit goes in the label)."""

    year: int | None
    value: str
    change: str  # "Sedan 2020: ↓ 1,9 % – oförändrat"
    peers: str  # "Liknande kommuner (medel) samma år: ↑ 5,2 % – sämre"
    place: str  # "högst av 8 liknande kommuner; bland den fjärdedel ..."
    notes: tuple[str, ...]  # gaps named, few events, survey sample, no value
    outcome: vd.Outcome


def _word(verdict: str) -> str:
    return f"**{verdict}**" if verdict != vd.NONE else "– (ingen bättre riktning)"


def _since(df: pd.DataFrame, base: int, last: int, year_from: int) -> str:
    """'Sedan 2020', or 'Sedan 2020 (inget värde 2017: ej publicerat; närmaste år med värde)'."""
    target = last - vd.YEARS_BACK
    if base == target:
        return f"Sedan {base}"
    if target < year_from:
        return f"Sedan {base} ({target} ligger före de valda åren; närmaste år med värde)"
    row = df[df["year"] == target]
    why = f": {reason(row['status'].iloc[0])}" if len(row) else ""
    return f"Sedan {base} (inget värde {target}{why}; närmaste år med värde)"


def _no_value(df: pd.DataFrame, name: str, others: pd.DataFrame | None) -> str:
    """Why a card has no value: the statuses Kolada gave, or no row at all."""
    if df.empty:
        return f"Inget värde för {name} under de valda åren."
    first, last = int(df["year"].min()), int(df["year"].max())
    head = f"Inget värde för {name} {first if first == last else f'{first}–{last}'}"
    statuses = sorted({reason(s) for s in df["status"]} - {"ej publicerat"})
    if statuses:
        return f"{head}: {', '.join(statuses)}."
    return (
        f"{head}: Kolada har inte publicerat någon siffra för kommunen "
        f"({0 if others is None else len(others)} andra kommuner har ett värde {last})."
    )


def card(
    ind: Indicator,
    series: pd.DataFrame,
    standing: pd.DataFrame | None,
    population: pd.Series,
    who: Who,
) -> Card:
    """The card of `ind` for the kommun and comparison in `who`."""
    have = series[series["value"].notna()]
    others = None if standing is None else standing[standing["municipality_id"] != who.kommun_id]
    if have.empty:
        outcome = vd.Outcome(ind.title, "", None, "", "inget värde")
        return Card(None, "–", "", "", "", (_no_value(series, who.name, others),), outcome)
    last_year = int(have["year"].iloc[-1])
    own = float(have["value"].iloc[-1])
    value = vd.fmt_rounded(own, ind.unit)
    place = _place(own, others, who.members, who.group_word)
    notes = _gap_notes(series, last_year, who.name)
    if ind.theme in SURVEY_THEMES:
        notes.append(SURVEY_NOTE)
    base = vd.base_year([int(y) for y in have["year"]], last_year)
    if base is None:
        outcome = vd.Outcome(ind.title, "", None, "", "inget tidigare värde")
        text = "Inget tidigare värde att jämföra med under de valda åren."
        return Card(last_year, value, text, "", place, tuple(notes), outcome)
    change, peers, outcome = _changes(ind, series, population, (base, last_year), who, notes)
    return Card(last_year, value, change, peers, place, tuple(notes), outcome)


def _changes(
    ind: Indicator,
    series: pd.DataFrame,
    population: pd.Series,
    years: tuple[int, int],
    who: Who,
    notes: list[str],
) -> tuple[str, str, vd.Outcome]:
    """The kommun's and the group mean's judged change between years = (base, last)."""
    base, last = years
    by_year = series.set_index("year")
    own = vd.change(by_year["value"], base, last, ind.direction)
    peer = vd.change(by_year["cmp_mean"], base, last, ind.direction)
    assert own is not None  # both years have a value by construction
    verdict = own.verdict
    why_not = "ingen bättre riktning" if verdict == vd.NONE else ""
    if ind.unit == vd.PER_100K:
        rates = {y: float(cast(float, by_year.at[y, "value"])) for y in years}
        counts = {y: vd.events(rate, population.get(y)) for y, rate in rates.items()}
        few = vd.few_events_note(counts)
        notes.extend([few] if few else [])
        if any(c is not None and c < vd.FEW_EVENTS for c in counts.values()):
            verdict, why_not = "", "få händelser"
    shown = _word(verdict) if verdict else "ingen bedömning (få händelser)"
    change = f"{_since(series, base, last, who.year_from)}: {vd.fmt_delta(own, ind.unit)} – {shown}"
    if peer is None:
        missing = NO_GROUP if not who.members else NO_PEER_MEAN
        return change, missing, vd.Outcome(ind.title, verdict, base, "", why_not)
    versus = vd.versus_peers(own, peer, ind.direction) if verdict else ""
    peers = (
        f"Medelvärdet för {who.group_label} samma år: "
        f"{vd.fmt_delta(peer, ind.unit)} – {_word(peer.verdict)}"
    )
    return change, peers, vd.Outcome(ind.title, verdict, base, versus, why_not)


def _place(
    own: float, others: pd.DataFrame | None, members: tuple[str, ...], group_word: str
) -> str:
    if others is None or others.empty:
        return ""
    group = [float(v) for v in others.loc[others["municipality_id"].isin(members), "value"]]
    everyone = [float(v) for v in others["value"]]
    missing = len(set(members)) - len(group)
    parts = [
        vd.place_in_group(own, group, group_word, missing) if members else "",
        vd.place_in_all(own, everyone),
    ]
    return "; ".join(p for p in parts if p)


def _gap_notes(series: pd.DataFrame, last_year: int, name: str) -> list[str]:
    """Name the latest years without a value after the last published one."""
    after = series[series["year"] > last_year]
    if after.empty:
        return []
    years = year_ranges([int(y) for y in after["year"]])
    why = sorted({reason(s) for s in after["status"]})
    return [
        f"Inget värde för {name} {years} ({', '.join(why)}); senaste värdet är från {last_year}."
    ]


def group_word(comparison: str) -> str:
    """How the comparison kommuner are named in a place phrase."""
    return {
        "liknande": "liknande kommuner",
        "lan": "kommuner i länet",
        "riket": "kommuner",
        "egna": "valda kommuner",
    }.get(comparison, "kommuner")
