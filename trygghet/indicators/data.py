"""Tables behind the charts and the About page (pure: DataFrame in, DataFrame out)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

import catalogues
from trygghet.core.export import export_csv
from trygghet.core.format import fmt_num, is_missing
from trygghet.indicators.catalogue import break_cells
from trygghet.indicators.text import GENDERS, count_of, fmt_or_reason, reason, year_ranges

THEMES = catalogues.themes()  # theme -> its Swedish name (catalogues/pages.toml)


BREAK_COLUMN = "Seriebrott"  # a reviewed break in the series from that year (series_breaks.toml)


def table_frame(
    df: pd.DataFrame, kommun_name: str, comparison: str, group_size: int, kpi: str = ""
) -> pd.DataFrame:
    """The chart's numbers as Swedish-formatted text, gaps spelled out, counts behind each mean."""
    return pd.DataFrame(
        {
            "År": df["year"].astype(str),
            kommun_name: [
                fmt_or_reason(v, s) for v, s in zip(df["value"], df["status"], strict=True)
            ],
            f"{comparison}, medelvärde (ovägt)": [fmt_num(v) for v in df["cmp_mean"]],
            f"{comparison}, antal med värde": [count_of(n, group_size) for n in df["cmp_n"]],
            "Riket": [
                fmt_or_reason(v, s) for v, s in zip(df["riket"], df["riket_status"], strict=True)
            ],
            "Alla kommuner, 25:e percentil": [fmt_num(v) for v in df["all_p25"]],
            "Alla kommuner, 75:e percentil": [fmt_num(v) for v in df["all_p75"]],
            "Alla kommuner, lägst": [fmt_num(v) for v in df["all_min"]],
            "Alla kommuner, högst": [fmt_num(v) for v in df["all_max"]],
            "Alla kommuner, antal med värde": [
                count_of(n, size) for n, size in zip(df["all_n"], df["all_size"], strict=True)
            ],
            BREAK_COLUMN: break_cells(kpi, [int(y) for y in df["year"]]),
        }
    )


@dataclass(frozen=True)
class Export:
    """What a downloaded table says about itself (the CSV's header block)."""

    kpi: str
    label: str
    kpi_title: str
    unit: str
    gender: str
    kommun_id: str
    kommun_name: str
    comparison: str
    members: str
    origin: str
    licence: str
    link: str
    erratum: str = ""


def csv_frame(df: pd.DataFrame, meta: Export, group_size: int) -> pd.DataFrame:
    """The numbers for download with Swedish column names; numbers stay numbers."""
    return pd.DataFrame(
        {
            "År": df["year"],
            "Kommun": meta.kommun_name,
            "Värde": df["value"],
            "Orsak till lucka": [
                reason(s) if is_missing(v) else None
                for v, s in zip(df["value"], df["status"], strict=True)
            ],
            "Riket": df["riket"],
            "Riket, orsak till lucka": [
                reason(s) if is_missing(v) else None
                for v, s in zip(df["riket"], df["riket_status"], strict=True)
            ],
            "Jämförelse, medelvärde (ovägt)": df["cmp_mean"],
            "Jämförelse, antal kommuner med värde": df["cmp_n"],
            "Jämförelse, antal kommuner i gruppen": group_size,
            "Alla kommuner, 25:e percentil": df["all_p25"],
            "Alla kommuner, 75:e percentil": df["all_p75"],
            "Alla kommuner, lägst": df["all_min"],
            "Alla kommuner, högst": df["all_max"],
            "Alla kommuner, antal med värde": df["all_n"],
            "Alla kommuner, antal totalt": df["all_size"],
            BREAK_COLUMN: break_cells(meta.kpi, [int(y) for y in df["year"]]),
        }
    )


def csv_header(df: pd.DataFrame, meta: Export) -> list[tuple[str, str]]:
    """The header block: what, where, which years, from where, under which licence."""
    years = df["year"]
    header = [
        ("Indikator", f"{meta.label} ({meta.kpi})"),
        ("Koladas titel", meta.kpi_title),
        ("Enhet", meta.unit),
        ("Kön", GENDERS.get(meta.gender, meta.gender)),  # as Karta's CSV and the switch name it
        ("År", f"{int(years.min())}–{int(years.max())}" if len(years) else "–"),
        ("Kommun", f"{meta.kommun_name} ({meta.kommun_id})"),
        ("Jämförelse", f"{meta.comparison}: {meta.members}"),
        ("Källa", f"Kolada (RKA), KPI {meta.kpi}: värden för kommunen och Riket"),
        ("Egen bearbetning", "jämförelsens medelvärde (ovägt) och spridningen bland alla kommuner"),
        ("Licens", meta.licence),
        ("Hämtad", meta.origin),
        ("Länk", meta.link),
    ]
    if meta.erratum:
        header.append(("Rättelse", meta.erratum))
    return header


def citable_csv(header: list[tuple[str, str]], frame: pd.DataFrame) -> bytes:
    """The view's file in the one export format (core.export): header block, then the table."""
    return export_csv(frame, header)


def _listish(value: object) -> list[Any]:
    """DuckDB LIST cells arrive as arrays, lists or NA (no rows at all)."""
    if value is None or (not hasattr(value, "__len__") and is_missing(value)):
        return []
    return list(cast(Iterable[Any], value))


def coverage_table(cov: pd.DataFrame) -> pd.DataFrame:
    """Years with a value and gaps with reasons per indicator, for the About page.

    The indicator and its years come first: a phone shows two columns before a swipe.
    """
    return pd.DataFrame(
        {
            "Indikator": cov["label"],
            "År med värde": [year_ranges(_listish(y)) for y in cov["years_with_value"]],
            "Luckor (orsak)": [
                ", ".join(
                    f"{y}: {reason(s)}" for y, s in zip(_listish(ys), _listish(ss), strict=True)
                )
                for ys, ss in zip(cov["gap_years"], cov["gap_status"], strict=True)
            ],
            "Tema": [THEMES.get(t, t) for t in cov["theme"]],
            "KPI": cov["kpi_id"],
        }
    )
