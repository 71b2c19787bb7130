"""Pure Swedish sentences of Jämför: how many of the group have a value, where the kommun
stands (counted from the highest value, which says nothing about better or worse), and who
has no value."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from trygghet.core.format import md_esc

if TYPE_CHECKING:  # only the type: the sentences read a Ranking, data builds it
    from trygghet.themes.data import Ranking


def count_sentence(r: Ranking, year: int, group_md: str) -> str:
    """'Kalmar och liknande kommuner (7): alla 8 har ett värde för 2022.'"""
    n = len(r.ranked)
    if n == r.group_size:
        have = f"alla {r.group_size} har ett värde" if n > 1 else "har ett värde"
    else:
        have = f"{n} av {r.group_size} har ett värde"
    return f"{group_md}: {have} för {year}."


def place_sentence(r: Ranking, kommun_md: str, year: int, reason: str) -> str:
    """Where the kommun stands, counted from the highest value; or why it is not ranked."""
    n = len(r.ranked)
    if r.place is None:
        return f"{kommun_md} har inget värde för {year} ({reason}) och finns inte i rangordningen."
    shared = " (delad plats)" if r.tied else ""
    if n == 1:
        return f"{kommun_md} är den enda kommunen i gruppen med ett värde för {year}."
    if r.place == 1:
        return f"{kommun_md} har det högsta värdet av de {n}{shared}."
    if r.place + int((r.ranked["place"] == r.place).sum()) - 1 == n:  # last, alone or tied
        return f"{kommun_md} har det lägsta värdet av de {n}{shared}."
    return f"{kommun_md} ligger på plats {r.place} av {n}, räknat från det högsta värdet{shared}."


def missing_line(r: Ranking, year: int, reason: Callable[[object], str]) -> str:
    """'Saknar värde för 2022: Borgholm (ej publicerat), ...' or '' when none is missing."""
    if r.missing.empty:
        return ""
    named = ", ".join(
        f"{md_esc(m.municipality)} ({reason(m.status)})" for m in r.missing.itertuples()
    )
    return f"Saknar värde för {year} och visas inte: {named}."
