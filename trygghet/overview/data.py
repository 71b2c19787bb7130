"""Overview card content for one headline indicator (pure: DataFrames in, texts out).

A card answers "better or worse, and against whom?": the latest value rounded to fit, the
change since about five years before with its 95 % interval and the word core.judgement
gives it, the group members' mean change over the same years (the same members in both),
the place as a phrase, and why a value is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

import catalogues
from trygghet.core import judgement as jd
from trygghet.core.format import NBSP, fmt_num
from trygghet.indicators.catalogue import Indicator, riket_note, riket_sentence_md
from trygghet.indicators.text import reason, year_ranges
from trygghet.overview import text as card_text

# Theme -> (its page, its title), in menu order: one card per theme page.
PAGES = {t: (p.file, p.title) for t, p in catalogues.theme_pages().items()}
NO_PEER_MEAN = "Ingen kommun i jämförelsegruppen har värde båda åren."
NO_GROUP = "Jämförelsegruppen är tom, så det finns inget medelvärde att jämföra med."


def theme_title(ind: Indicator) -> str:
    """The title of the indicator's theme page ("Brott"): the card's heading and its name in
    the summary."""
    return PAGES[ind.theme][1]


@dataclass(frozen=True)
class Who:
    """The kommun and its comparison as a card's texts need them."""

    kommun_id: str
    kommun_md: str  # the name, escaped for Markdown
    members: tuple[str, ...]
    group_word: str  # "liknande kommuner": for the place phrase
    group_label: str  # "liknande kommuner (7)": for the mean's change
    year_from: int


@dataclass(frozen=True)
class Card:
    """What a card shows; every number formatted from a DB value (the unit goes in the label)."""

    year: int | None
    value: str
    change: str  # "Sedan 2020: ↓ 1,9 % (95 %: −4,7 till +0,9 %) – ingen säker förändring"
    peers: str  # "Liknande kommuner (7), 7 med värde båda åren: i snitt ↑ 5,2 %; ..."
    place: str  # "högst av 8 liknande kommuner; bland den fjärdedel ..."
    notes: tuple[str, ...]  # gaps named, few events, survey sample, no value
    outcome: card_text.Outcome


def _word(j: jd.Judgement) -> str:
    return f"**{j.word}**" if j.judged else j.word_text()


def _since(df: pd.DataFrame, base: int, last: int, year_from: int, kpi: str = "") -> str:
    """'Sedan 2020', or 'Sedan 2020 (inget värde 2017: ej publicerat; närmaste år med värde)'.

    NTU's kommun values pool two survey years, so their window names both pairs.
    """
    pooled = jd.pooled_years(kpi, base, last)
    if pooled:
        return f"{pooled} (tvåårsmedel)"
    target = last - jd.YEARS_BACK
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


Group = Mapping[str, Mapping[int, float]]  # member -> year -> value


def card(
    ind: Indicator,
    series: pd.DataFrame,
    standing: pd.DataFrame | None,
    evidence: jd.Evidence,
    who: Who,
    group: Group | None = None,
    history: Mapping[int, float] | None = None,
) -> Card:
    """The card of `ind` for the kommun and comparison in `who`.

    `evidence` carries what the noise model needs (population, cohorts, published
    uncertainty); `group` the members' values, so their changes compare like with like;
    `history` the kommun's whole series, which the noise is estimated from.
    """
    have = series[series["value"].notna()]
    others = None if standing is None else standing[standing["municipality_id"] != who.kommun_id]
    if have.empty:
        outcome = card_text.Outcome(theme_title(ind), "", None, "", "inget värde")
        return Card(None, "–", "", "", "", (_no_value(series, who.kommun_md, others),), outcome)
    last_year = int(have["year"].iloc[-1])
    own = float(have["value"].iloc[-1])
    value = card_text.fmt_rounded(own, ind.unit)
    place = _place(own, others, who.members, who.group_word)
    notes = _gap_notes(series, last_year, who.kommun_md)
    notes.extend(_riket_notes(ind.kpi_id, series, standing, last_year))
    base = jd.base_year([int(y) for y in have["year"]], last_year)
    if base is None:
        outcome = card_text.Outcome(theme_title(ind), "", None, "", "inget tidigare värde")
        text = "Inget tidigare värde att jämföra med under de valda åren."
        return Card(last_year, value, text, "", place, tuple(notes), outcome)
    change, peers, outcome = _changes(
        ind, series, evidence, (base, last_year), who, group or {}, history or {}
    )
    if not jd.pooled_years(ind.kpi_id, base, last_year):  # a pooled survey has no gap between
        notes.extend(_window_notes(series, (base, last_year), who.kommun_md))
    return Card(last_year, value, change, peers, place, tuple(notes), outcome)


def _changes(
    ind: Indicator,
    series: pd.DataFrame,
    evidence: jd.Evidence,
    years: tuple[int, int],
    who: Who,
    group: Group,
    history: Mapping[int, float],
) -> tuple[str, str, card_text.Outcome]:
    """The kommun's judged change between years = (base, last) and its group's."""
    base, last = years
    have = series[series["value"].notna()]
    values = dict(zip(have["year"].astype(int).tolist(), have["value"].tolist(), strict=True))
    # The noise is estimated from the whole series, not just the years the sidebar shows, so
    # the word does not depend on the chosen years (the scorecard reads all years too).
    values = {**{y: v for y, v in history.items() if y <= last}, **values}
    kind = jd.kind_of(ind.unit, ind.theme)
    j = jd.judge(kind, values, years, ind.direction, ind.unit, evidence)
    why_not = "" if j.judged else ("ingen bättre riktning" if j.word == jd.NONE else j.why)
    why_not = jd.NO_UNCERTAINTY_SHORT if j.why == jd.NO_UNCERTAINTY else why_not
    since = _since(series, base, last, who.year_from, ind.kpi_id)
    change = f"{since}: {j.phrase()} – {_word(j)}"
    if j.events is not None and kind == jd.COUNTS:
        c0, c1 = (fmt_num(c, 0) for c in j.events)
        change += f" (omkring {c0} anmälda brott {base} och {c1} {last})"
    members = [m for m in dict.fromkeys(who.members) if m != who.kommun_id]
    changes = [
        c
        for m in members
        if (c := jd.member_change(kind, ind.unit, group.get(m, {}), years)) is not None
    ]
    if not changes:
        missing = NO_GROUP if not who.members else NO_PEER_MEAN
        return change, missing, card_text.Outcome(theme_title(ind), j.word, base, "", why_not)
    v = jd.versus_group(j, changes, ind.direction)
    mean = sum(changes) / len(changes)
    arrow = "↑" if mean > 0 else "↓" if mean < 0 else "→"
    size = f"{fmt_num(abs(mean), 0 if j.relative and abs(mean) >= 10 else 1)}{NBSP}"
    size += "%" if j.relative else "procentenheter"
    peers = (
        f"{who.group_label[:1].upper()}{who.group_label[1:]}, {len(changes)} med värde båda "
        f"åren: i snitt {arrow}{NBSP}{size}"
    )
    if v.word:
        low, high = (jd.signed(x, False) for x in (v.low, v.high))
        peers += (
            f". Mot gruppen: **{v.word}** (skillnad {jd.signed(v.gap, False)}{NBSP}"
            f"procentenheter, 95{NBSP}%: {low} till {high})"
        )
    return change, peers, card_text.Outcome(theme_title(ind), j.word, base, v.word, why_not)


def _riket_notes(
    kpi: str, series: pd.DataFrame, standing: pd.DataFrame | None, year: int
) -> list[str]:
    """Riket beside the kommun median, and why Riket is higher (flagged KPIs only)."""
    if riket_note(kpi) is None or standing is None or standing.empty:
        return []
    everyone = [float(v) for v in standing["value"]]
    row = series[series["year"] == year]
    riket = (
        None
        if row.empty or "riket" not in row or pd.isna(row["riket"].iloc[0])
        else float(row["riket"].iloc[0])
    )
    median = float(pd.Series(everyone).median())
    above = sum(v > riket for v in everyone) if riket is not None else 0
    text = riket_sentence_md(kpi, riket, median, (above, len(everyone)), year, _fmt)
    return [text] if text else []


def _fmt(value: float) -> str:
    return fmt_num(value, 0 if abs(value) >= 100 else 1)


def _window_notes(series: pd.DataFrame, years: tuple[int, int], name: str) -> list[str]:
    """Name the years inside the window without a value (the change skips over them)."""
    base, last = years
    inside = series[(series["year"] > base) & (series["year"] < last) & series["value"].isna()]
    if inside.empty:
        return []
    gaps = year_ranges([int(y) for y in inside["year"]])
    why = sorted({reason(s) for s in inside["status"]})
    return [f"Inget värde för {name} {gaps} ({', '.join(why)}) mellan {base} och {last}."]


def _place(
    own: float, others: pd.DataFrame | None, members: tuple[str, ...], group_word: str
) -> str:
    if others is None or others.empty:
        return ""
    group = [float(v) for v in others.loc[others["municipality_id"].isin(members), "value"]]
    everyone = [float(v) for v in others["value"]]
    missing = len(set(members)) - len(group)
    parts = [
        card_text.place_in_group(own, group, group_word, missing) if members else "",
        card_text.place_in_all(own, everyone),
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
