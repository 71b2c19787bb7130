"""Pure frames and sentences for the school view: the per-school table, its CSV and notes."""

from __future__ import annotations

import pandas as pd

from trygghet.core.format import NBSP, esc, fmt_num, is_missing
from trygghet.core.frames import rows
from trygghet.schools.catalogue import (
    FLAG_WORDS,
    MEASURES,
    NO_ROW,
    OWNER_LABELS,
    Measure,
    school_year_label,
)

OWNER_WORDS = {"Kommunal": "Kommunal", "Fristående": "Fristående"}


def cell_text(value: object, status: object) -> str:
    """A number in Swedish style, or the reason there is none (never a blank)."""
    if not is_missing(value):
        return fmt_num(value, 1)
    return str(status) if not is_missing(status) else NO_ROW


def school_years(results: pd.DataFrame) -> list[str]:
    """School years with any entry, newest first."""
    return sorted(results["school_year"].unique(), reverse=True) if not results.empty else []


def school_table(
    units: pd.DataFrame, results: pd.DataFrame, school_year: str, first: str | None = None
) -> pd.DataFrame:
    """One row per school: each measure's value or reason for one school year, then the owner.

    The key columns come first (number, school, the measure `first`), so a phone shows a value
    without a sideways swipe.
    """
    year = results[results["school_year"] == school_year]
    table = pd.DataFrame(
        {
            "Nr": range(1, len(units) + 1),
            "Skola": units["school"],
            "Huvudman": units["organizer_type"].map(lambda o: OWNER_WORDS.get(o, o or "okänd")),
            "_code": units["school_unit_code"],
        }
    )
    order = sorted(MEASURES, key=lambda k: k != first)  # stable: the chosen measure first
    for m in (MEASURES[k] for k in order):
        by_school = year[year["metric"] == m.school_metric].set_index("school_unit_code")
        texts = [
            cell_text(by_school.at[c, "value"], by_school.at[c, "status"])
            if c in by_school.index
            else NO_ROW
            for c in table["_code"]
        ]
        table[m.short] = texts
    table = table[[c for c in table.columns if c != "Huvudman"] + ["Huvudman"]]
    return table.drop(columns="_code").reset_index(drop=True)


def school_csv_frame(units: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Every school, measure and school year as long rows: numbers stay numbers, reasons beside."""
    merged = results.merge(
        units[["school_unit_code", "is_municipal"]], on="school_unit_code", how="left"
    )
    frame = pd.DataFrame(
        {
            "Skola": merged["school"],
            "Läsår": merged["school_year"],
            "Mått": merged["metric_label"],
            "Värde": merged["value"],
            "Enhet": merged["unit"],
            "Huvudman": merged["organizer_type"],
            "Skolenhetskod": merged["school_unit_code"],
            "Värdetyp (Skolverket)": merged["value_type"],
            "Skolverkets text": merged["raw_value"],
        }
    )
    return frame.reset_index(drop=True)


def flagged_years(report: pd.DataFrame, measure: Measure) -> list[str]:
    """'2019/20 (fristående skolor): sekretess (..)' for report cells without a number."""
    flagged = report[(report["measure"] == measure.report) & report["value_flag"].notna()]
    owner = {
        "Samtliga": "alla skolor",
        "Kommunal": "kommunala skolor",
        "Enskild": "fristående skolor",
    }
    return [
        f"{r.school_year} ({owner.get(r.owner_type, r.owner_type)}): "
        f"{FLAG_WORDS.get(r.value_flag, r.value_flag)}"
        for r in rows(flagged)
    ]


def spread_sentence(
    summary: pd.DataFrame, measure: Measure, school_year: str, n_schools: int
) -> str:
    """How many schools report a number for a school year and the range of those numbers."""
    row = summary[
        (summary["metric"] == measure.school_metric) & (summary["school_year"] == school_year)
    ]
    if row.empty or int(row["n_with_value"].iloc[0]) == 0:
        return f"{measure.label}, {school_year}: ingen skola i kommunen har ett redovisat värde."
    r = row.iloc[0]
    unit = "" if measure.unit == "meritvärde" else f" {measure.unit}"
    without = n_schools - int(r["n_with_value"])
    text = (
        f"{measure.label}, {school_year}: {int(r['n_with_value'])} av {n_schools} skolor har ett "
        f"redovisat värde, från {fmt_num(r['min_value'], 1)} "
        f"till {fmt_num(r['max_value'], 1)}{unit}"
    )
    if without:
        text += f"; {without} utan redovisat värde (sekretess, saknas eller ej rapporterat)"
    return (
        text + ". Oviktat medel av skolornas redovisade värden: "
        f"{fmt_num(r['unweighted_mean'], 1)}{unit} "
        "– inte kommunens officiella siffra (den finns i Skolverkets rapport ovan)."
    )


def map_points(units: pd.DataFrame, results: pd.DataFrame, school_year: str | None) -> pd.DataFrame:
    """Units with the table's row number (nr) and hover text with the same values as the table."""
    year = results[results["school_year"] == school_year] if school_year else results.iloc[0:0]
    hover = []
    for u in rows(units):
        lines = [f"<b>{esc(u.school)}</b> ({esc(u.organizer_type)})"]
        for m in MEASURES.values():
            row = year[
                (year["school_unit_code"] == u.school_unit_code)
                & (year["metric"] == m.school_metric)
            ]
            text = cell_text(row["value"].iloc[0], row["status"].iloc[0]) if len(row) else NO_ROW
            lines.append(f"{m.label}: {text}")
        hover.append("<br>".join(lines))
    return units.assign(nr=range(1, len(units) + 1), hover=hover)


def value_text(value: object, flag: object, unit: str) -> str:
    """A series' value as the chart's hover and table read it, or the flag's reason."""
    if is_missing(value):
        return (
            FLAG_WORDS.get(str(flag), "uppgift saknas")
            if not is_missing(flag)
            else "uppgift saknas"
        )
    return f"{fmt_num(value, 1)}{NBSP}{unit}" if unit != "meritvärde" else fmt_num(value, 1)


def sources_table(report: pd.DataFrame, kolada: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The sources chart as a table: each series' points (Skolverket per owner type by school
    location, Kolada by home kommun) with the school year and the value or why there is none."""
    found: list[tuple[str, str, str]] = []
    rep = report[report["measure"] == measure.report]
    for owner in ("Samtliga", "Kommunal", "Enskild"):
        part = rep[rep["owner_type"] == owner].sort_values("year_end")
        series = f"Skolverket: {OWNER_LABELS[owner]} (skolkommun)"
        for sy, v, f in zip(part["school_year"], part["value"], part["value_flag"], strict=True):
            found.append((series, str(sy), value_text(v, f, measure.unit)))
    kol = kolada[kolada["kpi_id"] == measure.kolada].sort_values("year")
    series = f"Kolada {measure.kolada}: {measure.kolada_label}"
    for y, v, s in zip(kol["year"], kol["value"], kol["status"], strict=True):
        found.append((series, school_year_label(int(y)), value_text(v, s, measure.unit)))
    # The year and the value first: a phone shows them before a swipe; the long series name last.
    return pd.DataFrame(found, columns=["Serie", "Läsår", "Värde"])[["Läsår", "Värde", "Serie"]]
