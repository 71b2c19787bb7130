"""Pure parsing of Skolverket values: decimal comma, value types, the report's symbols, layout."""

from __future__ import annotations

import pytest

from etl.errors import SchemaError
from etl.sources.skolverket import Page, Sheet
from etl.transforms import skolverket as t


@pytest.mark.parametrize(
    "raw, expected", [("241,3", 241.3), ("100", 100.0), ("0,0", 0.0), ("-1,5", -1.5)]
)
def test_parse_number(raw: str, expected: float) -> None:
    assert t.parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["..", ".", "~100", "cirka 370", "241.3", "", "1,2,3"])
def test_parse_number_refuses_non_numbers(raw: str) -> None:
    with pytest.raises(ValueError):
        t.parse_number(raw)


def test_non_exists_entries_keep_their_reason_and_no_number() -> None:
    entry = {
        "value": "~100",
        "valueType": "ROUNDED_OFF_DUE_TO_FEW_PUPILS_NOT_ELIGIBLE",
        "timePeriod": "2024/25",
    }
    assert t.parse_entry("u", "k", entry) == (
        "2024/25",
        None,
        "ROUNDED_OFF_DUE_TO_FEW_PUPILS_NOT_ELIGIBLE",
        "~100",
    )
    with pytest.raises(SchemaError, match="timePeriod"):
        t.parse_entry("u", "k", {"value": "1,0", "valueType": "EXISTS"})


def test_statistic_rows_with_unsorted_periods_and_unknown_keys() -> None:
    page = Page(
        "u",
        {
            "status": "OK",
            "body": {
                "schoolUnit": "1",
                "totalNumberOfPupils": [
                    {"value": "cirka 370", "valueType": "EXISTS", "timePeriod": "2024/25"}
                ],
                "averageGradesMeritRating9thGrade": [
                    {
                        "value": "..",
                        "valueType": "OMITTED_DUE_TO_BASED_ON_FEW_PUPILS",
                        "timePeriod": "2024/25",
                    },
                    {"value": "264,0", "valueType": "EXISTS", "timePeriod": "2023/24"},
                ],
            },
        },
    )
    rows = t.statistic_rows(page)
    assert len(rows) == 2
    assert set(rows["metric"]) == {"averageGradesMeritRating9thGrade"}  # pupils are not loaded
    assert rows.loc[rows["school_year"] == "2023/24", "value"].item() == 264.0
    assert rows.loc[rows["school_year"] == "2024/25", "value"].isna().item()
    assert t.has_year9(rows)


def _sheet(name: str, data_rows: list[tuple], header: tuple | None = None) -> Sheet:
    header = header or ("Kommun", "Kommunkod", "Län", "Länskod", "Uppgift", "2024/25", "2023/24")
    return Sheet(
        "r.xlsx",
        name,
        [(None,) * 7, ("Grundskola - Jämförelse",) + (None,) * 6, header, *data_rows],
    )


def test_report_rows_parse_symbols_and_skip_context_rows() -> None:
    rows = [
        ("Ale", "1440", "V", "14", "Genomsnittligt meritvärde (17 ämnen)", 224.5, ".."),
        ("Ale", "1440", "V", "14", "- andel (%) flickor", 49.3, 50.8),
        ("Ale", "1440", "V", "14", "Andel (%) behöriga till yrkesprogram", "~100", "."),
        ("Ale", "1440", "V", "14", "Totalt antal elever årskurs 9", 434, 417),
    ]
    sheets = [_sheet(n, rows) for n in t.OWNER_SHEETS] + [
        Sheet("r.xlsx", "Rapportbeskrivning", [("x",)])
    ]
    frame = t.report_rows(sheets)
    assert len(frame) == 3 * 3 * 2
    ale = frame[frame["owner_type"] == "Enskild"].set_index(["measure", "school_year"])
    assert ale.loc[("meritvarde_17", "2024/25"), "value"] == 224.5
    assert ale.loc[("meritvarde_17", "2023/24"), "value_flag"] == "suppressed"
    assert ale.loc[("behoriga_yrkesprogram", "2024/25"), "value_flag"] == "rounded"
    assert ale.loc[("behoriga_yrkesprogram", "2023/24"), "value_flag"] == "missing"
    assert frame["value"].isna().sum() == 3 * 3  # every flagged cell, and only those, has no number
    # Suppressed cells stay out of averages: the mean is over the numbers only.
    assert frame[frame["measure"] == "meritvarde_17"]["value"].mean() == 224.5


def test_report_changed_layout_is_named() -> None:
    bad = _sheet(
        "Samtliga", [], header=("Kommun", "Kod", "Län", "Länskod", "Uppgift", "2024/25", "2023/24")
    )
    with pytest.raises(SchemaError, match=r"\[Samtliga\].*header"):
        t.report_rows([bad])
    odd = [("Ale", "1440", "V", "14", "Andel (%) behöriga till yrkesprogram", "n/a", 1.0)]
    with pytest.raises(SchemaError, match="'n/a'"):
        t.report_rows([_sheet(n, odd) for n in t.OWNER_SHEETS])
    with pytest.raises(SchemaError, match="Enskild"):
        t.report_rows([_sheet(n, []) for n in ("Samtliga", "Kommunal")])
