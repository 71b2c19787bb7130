"""Swedish number format, escaping and spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from trygghet.core.format import MINUS, NBSP, esc, fmt_change, fmt_num, fmt_value, md_esc, safe_csv


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, f"1{NBSP}234,5"),
        (1234567.0, None, f"1{NBSP}234{NBSP}567"),
        (28.20642366, None, "28,2"),
        (0.357, None, "0,36"),
        (-1234.56, 1, f"{MINUS}1{NBSP}234,6"),
        (-0.04, 1, "0,0"),  # no minus on a rounded zero
        (12.0, 2, "12,00"),
        (None, None, "–"),
        (math.nan, None, "–"),
        (pd.NA, None, "–"),
    ],
)
def test_fmt_num(value, decimals, expected) -> None:
    assert fmt_num(value, decimals) == expected


def test_fmt_value_and_change() -> None:
    assert fmt_value(960.9, "antal/100 000 inv") == f"960,9{NBSP}antal/100 000 inv"
    assert fmt_change(1200.0, 1240.0, "antal") == (f"3,2{NBSP}%", "lägre")
    assert fmt_change(30.0, 28.0, "%") == (f"2,0{NBSP}procentenheter", "högre")
    assert fmt_change(5.0, 5.0, "%")[1] == "oförändrat"


def test_escaping() -> None:
    assert esc('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert esc(None) == ""
    # a word joiner after the colon stops the autolink (docs/security.md)
    shown = "\\[klick\\](http:\u2060//evil) \\*x\\* \\<b\\>"
    assert md_esc("[klick](http://evil) *x* <b>") == shown
    assert md_esc("Upplands Väsby") == "Upplands Väsby"


def test_safe_csv_prefixes_formula_strings_only() -> None:
    frame = pd.DataFrame(
        {
            "text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "Kalmar"],
            "value": [1.5, -2.0, None, 3.0, 4.0, 5.0, 1234.5],
        }
    )
    raw = safe_csv(frame)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 1 + len(frame)  # a CR inside a cell did not split the row
    texts, nums = [r[0] for r in rows[1:]], [r[1] for r in rows[1:]]
    assert texts == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "Kalmar"]
    # Numbers stay numbers (decimal comma, negative sign kept, no quote prefix).
    assert nums == ["1,5", "-2,0", "", "3,0", "4,0", "5,0", "1234,5"]


def test_safe_csv_header_cells_are_safe_too() -> None:
    raw = safe_csv(pd.DataFrame({"=evil": [1]})).decode("utf-8-sig")
    assert raw.splitlines()[0] == "'=evil"
