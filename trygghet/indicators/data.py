"""Tables behind the charts and the About page (pure: DataFrame in, DataFrame out)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from trygghet.core.format import fmt_num, is_missing
from trygghet.indicators.text import fmt_or_reason, reason, year_ranges

THEMES = {
    "brott": "Brott",
    "trygghet": "Trygghet",
    "skola": "Skola",
    "unga_fritid": "Unga & fritid",
    "befolkning": "Befolkning",
    "kontext": "Sammanhang",
}


def table_frame(df: pd.DataFrame, kommun: str, comparison: str) -> pd.DataFrame:
    """The chart's numbers as Swedish-formatted text, gaps spelled out."""
    return pd.DataFrame(
        {
            "År": df["year"].astype(str),
            kommun: [fmt_or_reason(v, s) for v, s in zip(df["value"], df["status"], strict=True)],
            f"{comparison}, medelvärde (ovägt)": [fmt_num(v) for v in df["cmp_mean"]],
            "Riket": [
                fmt_or_reason(v, s) for v, s in zip(df["riket"], df["riket_status"], strict=True)
            ],
            "Alla kommuner, 25:e percentil": [fmt_num(v) for v in df["all_p25"]],
            "Alla kommuner, 75:e percentil": [fmt_num(v) for v in df["all_p75"]],
            "Alla kommuner, lägst": [fmt_num(v) for v in df["all_min"]],
            "Alla kommuner, högst": [fmt_num(v) for v in df["all_max"]],
        }
    )


def csv_frame(
    df: pd.DataFrame, ind: pd.Series, kommun_id: str, kommun: str, comparison: str, gender: str
) -> pd.DataFrame:
    """Raw numbers for download, with the KPI, unit and a source column per value kind."""
    return pd.DataFrame(
        {
            "kpi": ind["kpi_id"],
            "indikator": ind["label"],
            "enhet": ind["unit"],
            "kon": gender,
            "ar": df["year"],
            "kommun_id": kommun_id,
            "kommun": kommun,
            "varde": df["value"],
            "status": [
                reason(s) if is_missing(v) else None
                for v, s in zip(df["value"], df["status"], strict=True)
            ],
            "riket": df["riket"],
            "jamforelse": comparison,
            "jamforelse_medel_ovagt": df["cmp_mean"],
            "jamforelse_antal": df["cmp_n"],
            "alla_p25": df["all_p25"],
            "alla_p75": df["all_p75"],
            "alla_min": df["all_min"],
            "alla_max": df["all_max"],
            "alla_antal": df["all_n"],
            "kalla": "Kolada (kommun, riket); egen bearbetning av data från Kolada (övriga)",
        }
    )


def _listish(value: object) -> list[Any]:
    """DuckDB LIST cells arrive as arrays, lists or NA (no rows at all)."""
    if value is None or (not hasattr(value, "__len__") and is_missing(value)):
        return []
    return list(cast(Iterable[Any], value))


def coverage_table(cov: pd.DataFrame) -> pd.DataFrame:
    """Years with a value and gaps with reasons per indicator, for the About page."""
    return pd.DataFrame(
        {
            "Tema": [THEMES.get(t, t) for t in cov["theme"]],
            "Indikator": cov["label"],
            "KPI": cov["kpi_id"],
            "År med värde": [year_ranges(_listish(y)) for y in cov["years_with_value"]],
            "Luckor (orsak)": [
                ", ".join(
                    f"{y}: {reason(s)}" for y, s in zip(_listish(ys), _listish(ss), strict=True)
                )
                for ys, ss in zip(cov["gap_years"], cov["gap_status"], strict=True)
            ],
        }
    )
