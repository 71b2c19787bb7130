"""Pure shaping behind the sidebar: the choice as one frozen value (cached functions take it as
an argument), the comparison group's members and label, the freshness line."""

from __future__ import annotations

from typing import NamedTuple
from zoneinfo import ZoneInfo

import pandas as pd

from trygghet.core.format import md_esc
from trygghet.core.frames import rows

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Choice(NamedTuple):
    """The chosen kommun, its comparison group and the years (hashable, Streamlit keys on it).

    A NamedTuple, not a dataclass: every cached bundle hashes it, and Streamlit hashes a tuple
    item by item but a dataclass through a deep copy (dataclasses.asdict).
    """

    kommun_id: str
    kommun_name: str
    comparison: str  # liknande | riket | lan | egna
    members: tuple[str, ...]
    comparison_label: str  # e.g. "liknande kommuner (7)": lower-case start, fits mid-sentence
    year_from: int
    year_to: int

    @property
    def kommun_md(self) -> str:
        """The kommun's name escaped for Markdown contexts (titles, captions, metrics)."""
        return md_esc(self.kommun_name)

    @property
    def comparison_md(self) -> str:
        """The comparison label (may contain a län's name) escaped for Markdown."""
        return md_esc(self.comparison_label)

    @property
    def comparison_title(self) -> str:
        """The comparison label with a capital first letter (legends, table headers)."""
        return self.comparison_label[:1].upper() + self.comparison_label[1:]


def members_and_label(
    kind: str, kommun_id: str, kommuner: pd.DataFrame, peers: pd.DataFrame, egna: list[str]
) -> tuple[tuple[str, ...], str]:
    """The comparison kommuner of `kind` for `kommun_id` and the label that names them."""
    if kind == "liknande":
        return tuple(peers["member_id"]), f"liknande kommuner ({len(peers)})"
    if kind == "lan":
        region = kommuner.loc[kommuner["municipality_id"] == kommun_id, "region_id"].iloc[0]
        same = kommuner[
            (kommuner["region_id"] == region) & (kommuner["municipality_id"] != kommun_id)
        ]
        name = str(same["region"].iloc[0]) if len(same) else "länet"
        return tuple(same["municipality_id"]), f"övriga kommuner i {name} ({len(same)})"
    if kind == "riket":
        others = kommuner[kommuner["municipality_id"] != kommun_id]
        return tuple(others["municipality_id"]), f"alla kommuner ({len(others)})"
    chosen = tuple(m for m in egna if m != kommun_id)
    return chosen, f"egna val ({len(chosen)})"


# The ETL's step names as a visitor reads them (the sources' own names; the model step in Swedish).
STEP_NAMES = {
    "kolada": "Kolada",
    "polisen": "Polisen",
    "skolverket": "Skolverket",
    "expected": "förväntat utifrån struktur",
}


def freshness_line(runs: pd.DataFrame) -> str:
    """'Data uppdaterad: Kolada 2026-11-26 05.52, ...' (Swedish time) from v_etl_last_run."""
    if runs.empty:
        return "Ingen lyckad uppdatering registrerad."
    parts = []
    for row in rows(runs):
        ts = pd.Timestamp(row.last_success).to_pydatetime()
        local = ts.astimezone(STOCKHOLM) if ts.tzinfo else ts
        parts.append(f"{STEP_NAMES.get(row.source, row.source)} {local:%Y-%m-%d %H.%M}")
    return "Data uppdaterad: " + ", ".join(parts)


def source_facts(provenance: pd.DataFrame, source: str) -> list[tuple[str, str]]:
    """Källa, Licens and Hämtad for a CSV's header block, from v_sources and v_etl_last_run.

    The date is the last successful load; from a snapshot it is the day the snapshot was
    read, which the line says, since the data itself may be older.
    """
    row = provenance[provenance["source"] == source]
    if row.empty:
        return [("Källa", source)]
    r = next(rows(row))
    facts = [("Källa", str(r.title)), ("Licens", str(r.licence))]
    when = r.last_success if not pd.isna(r.last_success) else r.fetched_at
    if not pd.isna(when):
        ts = pd.Timestamp(when).to_pydatetime()
        local = ts.astimezone(STOCKHOLM) if ts.tzinfo else ts
        how = " (inläst från en sparad ögonblicksbild)" if r.mode == "offline" else ""
        facts.append(("Hämtad", f"{local:%Y-%m-%d}{how}"))
    return facts
