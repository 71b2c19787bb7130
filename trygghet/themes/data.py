"""Pure ranking of the comparison group for one indicator and year (Jämför).

Only kommuner with a value that year are ranked; the others are named with their reason.
The place is counted from the highest value and says nothing about better or worse: the
direction differs between indicators, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trygghet.core.format import is_missing
from trygghet.core.kolada import RIKET_ID


@dataclass(frozen=True)
class Ranking:
    """The group's kommuner with a value, highest first, and those without one."""

    ranked: pd.DataFrame  # municipality_id, municipality, value, place (1 = highest)
    missing: pd.DataFrame  # municipality_id, municipality, status
    group_size: int  # the kommun and its comparison kommuner
    riket: float | None
    place: int | None  # the kommun's place; None when it has no value
    median: float | None = None  # the median of all kommuner with a value that year
    above_riket: int = 0  # kommuner (of all) with a value above Riket
    n_all: int = 0  # kommuner (of all) with a value

    @property
    def tied(self) -> bool:
        """True when another kommun shares the kommun's place."""
        return self.place is not None and int((self.ranked["place"] == self.place).sum()) > 1


def ranking(values: pd.DataFrame, kommun_id: str, members: tuple[str, ...]) -> Ranking:
    """Rank the kommun and `members` in `values` (compare_values.sql: all kommuner and Riket)."""
    group = [kommun_id, *(m for m in members if m != kommun_id)]
    rows = values[values["municipality_id"].isin(group)]
    has = rows[rows["value"].notna()]
    ranked = has.assign(
        place=has["value"].rank(method="min", ascending=False).astype("int64")
    ).sort_values(["place", "municipality"])[["municipality_id", "municipality", "value", "place"]]
    missing = rows[rows["value"].isna()].sort_values("municipality")[
        ["municipality_id", "municipality", "status"]
    ]
    riket_row = values.loc[values["municipality_id"] == RIKET_ID, "value"]
    riket = (
        float(riket_row.iloc[0]) if len(riket_row) and not is_missing(riket_row.iloc[0]) else None
    )
    own = ranked.loc[ranked["municipality_id"] == kommun_id, "place"]
    kommuner = (
        values["municipality_type"] == "K"
        if "municipality_type" in values
        else values["municipality_id"] != RIKET_ID
    )
    everyone = values.loc[kommuner & values["value"].notna(), "value"].astype(float)
    return Ranking(
        ranked.reset_index(drop=True),
        missing.reset_index(drop=True),
        len(rows),
        riket,
        int(own.iloc[0]) if len(own) else None,
        float(everyone.median()) if len(everyone) else None,
        int((everyone > riket).sum()) if riket is not None else 0,
        len(everyone),
    )
