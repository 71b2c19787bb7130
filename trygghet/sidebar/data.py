"""Pure shaping behind the sidebar: the comparison group's members and label, the freshness line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd

from trygghet.core.frames import rows

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def members_and_label(
    kind: str, kommun: str, kommuner: pd.DataFrame, peers: pd.DataFrame, egna: list[str]
) -> tuple[tuple[str, ...], str]:
    """The comparison kommuner of `kind` for `kommun` and the label that names them."""
    if kind == "liknande":
        return tuple(peers["member_id"]), f"liknande kommuner ({len(peers)})"
    if kind == "lan":
        region = kommuner.loc[kommuner["municipality_id"] == kommun, "region_id"].iloc[0]
        same = kommuner[(kommuner["region_id"] == region) & (kommuner["municipality_id"] != kommun)]
        name = str(same["region"].iloc[0]) if len(same) else "länet"
        return tuple(same["municipality_id"]), f"övriga kommuner i {name} ({len(same)})"
    if kind == "riket":
        others = kommuner[kommuner["municipality_id"] != kommun]
        return tuple(others["municipality_id"]), f"alla kommuner ({len(others)})"
    chosen = tuple(m for m in egna if m != kommun)
    return chosen, f"egna val ({len(chosen)})"


def freshness_line(runs: pd.DataFrame) -> str:
    """'Data uppdaterad: kolada 2026-11-26 05.52, ...' (Swedish time) from v_etl_last_run."""
    if runs.empty:
        return "Ingen lyckad uppdatering registrerad."
    parts = []
    for row in rows(runs):
        ts = pd.Timestamp(row.last_success).to_pydatetime()
        local = ts.astimezone(STOCKHOLM) if ts.tzinfo else ts
        parts.append(f"{row.source} {local:%Y-%m-%d %H.%M}")
    return "Data uppdaterad: " + ", ".join(parts)
