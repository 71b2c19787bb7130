"""Pure: one indicator's latest value, change since a baseline year, standing in the comparison."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from trygghet.core.format import fmt_change, fmt_num, fmt_value, is_missing, md_literal
from trygghet.indicators.text import reason

DEFAULT_BASELINE = 2015
RIKET = "0000"


@dataclass(frozen=True)
class Summary:
    """What a programme card says about one series for one kommun."""

    latest_year: int | None
    latest_value: float | None
    base_year: int | None  # the first year at or after the chosen baseline with a value
    base_value: float | None
    cmp_mean: float | None  # unweighted mean of the comparison kommuner's values, latest year
    cmp_n: int
    n_below: int  # comparison kommuner with a lower value than the kommun
    n_above: int
    riket: float | None
    last_status: str | None  # why the newest year has no value, when it has none


def parse_baseline(raw: str | None, years: list[int]) -> tuple[int, str | None]:
    """?bas= -> (year, warning). Falls back to 2015 (or the nearest year with data), with notice."""
    default = (
        DEFAULT_BASELINE if DEFAULT_BASELINE in years else (years[0] if years else DEFAULT_BASELINE)
    )
    if raw is None or raw == "":
        return default, None
    try:
        year = int(raw)
    except ValueError:
        return (
            default,
            f"Okänt basår i adressen (bas={md_literal(raw)}); visar {default} i stället.",
        )
    if year not in years:
        return default, f"Basåret {year} finns inte i data; visar {default} i stället."
    return year, None


def summarise(
    values: pd.DataFrame, kpi: str, kommun: str, members: tuple[str, ...], baseline: int
) -> Summary:
    """values: kpi_id, municipality_id, year, value, status (programme_values/_report.sql)."""
    rows = values[values["kpi_id"] == kpi]
    own = rows[rows["municipality_id"] == kommun].sort_values("year")
    with_value = own[own["value"].notna()]
    last_status = None
    if not own.empty and is_missing(own["value"].iloc[-1]):
        last_status = reason(own["status"].iloc[-1])
    if with_value.empty:
        return Summary(None, None, None, None, None, 0, 0, 0, None, last_status)
    latest = with_value.iloc[-1]
    year, value = int(latest["year"]), float(latest["value"])
    after = with_value[(with_value["year"] >= baseline) & (with_value["year"] < year)]
    base_year = int(after["year"].iloc[0]) if not after.empty else None
    base_value = float(after["value"].iloc[0]) if not after.empty else None
    same_year = rows[(rows["year"] == year) & rows["value"].notna()]
    peers = same_year[
        same_year["municipality_id"].isin(members) & (same_year["municipality_id"] != kommun)
    ]
    riket = same_year.loc[same_year["municipality_id"] == RIKET, "value"]
    return Summary(
        year,
        value,
        base_year,
        base_value,
        float(peers["value"].mean()) if not peers.empty else None,
        len(peers),
        int((peers["value"] < value).sum()),
        int((peers["value"] > value).sum()),
        float(riket.iloc[0]) if not riket.empty else None,
        last_status,
    )


def lines(
    s: Summary,
    unit: str,
    baseline: int,
    comparison_label: str,
    kommun_name: str,
    year_label: Callable[[int], str] = str,
) -> list[str]:
    """Neutral sentences: latest value, change since the baseline, standing in the group, Riket."""
    unit = "" if unit == "meritvärde" else unit  # '238 meritvärde' reads worse than '238'
    if s.latest_year is None:
        why = f" ({s.last_status})" if s.last_status else ""
        return [f"Inget värde för {kommun_name} i databasen{why}."]
    out = [f"Senaste värde: {fmt_value(s.latest_value, unit)} ({year_label(s.latest_year)})."]
    if s.latest_year <= baseline:
        out.append(f"Inget senare värde än basåret {year_label(baseline)} att jämföra med.")
    elif s.base_year is None:
        out.append(
            f"Inget tidigare värde från basåret {year_label(baseline)} eller senare: "
            "ingen förändring att visa."
        )
    else:
        # summarise() records a year only together with its value.
        assert s.latest_value is not None and s.base_value is not None
        size, word = fmt_change(s.latest_value, s.base_value, unit)
        since = year_label(s.base_year)
        note = (
            ""
            if s.base_year == baseline
            else f" (första året med värde efter basåret {year_label(baseline)})"
        )
        change = "oförändrat" if word == "oförändrat" else f"{size} {word} än då"
        out.append(f"Sedan {since}{note}: {change} (då {fmt_value(s.base_value, unit)}).")
    group = comparison_label[:1].upper() + comparison_label[1:]
    if s.cmp_n:
        out.append(
            f"{group}: medelvärde {fmt_value(s.cmp_mean, unit)} ({s.cmp_n} kommuner med "
            f"värde samma år). {kommun_name} har ett högre värde än {s.n_below} och ett lägre än "
            f"{s.n_above} av dem."
        )
    else:
        out.append(f"{group}: inga värden samma år att jämföra med.")
    if s.riket is not None:
        out.append(f"Riket: {fmt_value(s.riket, unit)}.")
    return out


def fmt_latest(s: Summary, unit: str) -> str:
    """The latest value as the card shows it (tests compare it with the DB)."""
    unit = "" if unit == "meritvärde" else unit
    return fmt_value(s.latest_value, unit) if s.latest_value is not None else fmt_num(None)
