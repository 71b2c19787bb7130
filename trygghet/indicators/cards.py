"""Overview card content for one headline indicator (pure: DataFrames in, texts out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trygghet.core.format import fmt_num
from trygghet.indicators.text import change_text, latest_pair, standing_text

PAGES = {
    "brott": ("pages/crime.py", "Brott"),
    "trygghet": ("pages/safety.py", "Trygghet"),
    "skola": ("pages/school.py", "Skola"),
    "unga_fritid": ("pages/youth.py", "Unga & fritid"),
}


@dataclass(frozen=True)
class Card:
    """What a card shows; every number formatted from a DB value (the unit goes in the label)."""

    year: int | None
    value: str
    change_1: str
    change_5: str
    in_group: str
    in_all: str


def card(
    series: pd.DataFrame,
    standing: pd.DataFrame | None,
    kommun_id: str,
    members: tuple[str, ...],
    group_word: str,
    unit: str,
) -> Card:
    """Latest value, change from 1 and 5 years before, and standing in group and among all."""
    last, _ = latest_pair(series)
    if last is None:
        return Card(None, "–", "inga värden", "", "", "")
    own = float(last["value"])
    in_group = in_all = ""
    if standing is not None and not standing.empty:
        others = standing[standing["municipality_id"] != kommun_id]
        group = others[others["municipality_id"].isin(members)]["value"]
        in_group = standing_text(own, group, group_word) if members else ""
        in_all = standing_text(own, others["value"], "kommuner")
    return Card(
        int(last["year"]),
        fmt_num(own),
        change_text(series, 1, unit),
        change_text(series, 5, unit),
        in_group,
        in_all,
    )


def group_word(comparison: str) -> str:
    """How the comparison kommuner are named in a standing sentence."""
    return {
        "liknande": "liknande kommuner",
        "lan": "kommuner i länet",
        "riket": "kommuner",
        "egna": "valda kommuner",
    }.get(comparison, "kommuner")
