"""The programme catalogue, the baseline parameter and the card arithmetic (pure, no Streamlit)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.indicators import load_catalogue
from trygghet.programme import catalogue as programme
from trygghet.programme.text import lines, parse_baseline, summarise

SIX = ["samverkan", "integration", "polis_vakter", "klotter", "kameror", "skolor"]


def test_catalogue_has_the_six_commitments_in_order_and_the_named_phenomena() -> None:
    items = programme.load()
    assert [c.id for c in items if c.kind == "commitment"] == SIX
    assert [c.id for c in items if c.kind == "named"] == ["hatbrott", "heder", "mans_vald"]
    assert all(c.holders and c.not_measured for c in items)
    by_id = {c.id: c for c in items}
    assert {r.kpi for r in by_id["klotter"].indicators} >= {"U07452", "N07624"}
    assert {r.kpi for r in by_id["mans_vald"].indicators} == {"N07402", "N07549"}
    assert [r.kpi for r in by_id["polis_vakter"].indicators] == ["N00631"]
    assert by_id["kameror"].indicators == () and by_id["hatbrott"].indicators == ()
    assert by_id["skolor"].school and by_id["samverkan"].school


def test_the_named_measuring_indicators_are_loaded_by_the_kolada_etl() -> None:
    loaded = set(load_catalogue()["kpi_id"])
    for kpi in ("U07452", "N07624", "N07402", "N07549", "N00631", "N15508", "N15507", "N15428"):
        assert kpi in loaded


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[commitment]]\nid="x"\ntitle="T"\nnot_measured="n"\n', "holders"),
        (
            '[[commitment]]\nid="x"\ntitle="T"\nnot_measured="n"\nholders=["h"]\n'
            '[[commitment.indicator]]\nkpi="X1"\nrole="measures"\n',
            "bad KPI id",
        ),
        (
            '[[commitment]]\nid="x"\ntitle="T"\nnot_measured="n"\nholders=["h"]\n'
            '[[commitment.indicator]]\nkpi="N07402"\nrole="proves"\n',
            "role",
        ),
        (
            '[[commitment]]\nid="x"\ntitle="T"\nnot_measured="n"\nholders=["h"]\n'
            '[[named]]\nid="x"\ntitle="T"\nnot_measured="n"\nholders=["h"]\n',
            "twice",
        ),
    ],
)
def test_bad_catalogue_entries_are_named(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        programme.load(path)


@pytest.mark.parametrize(
    "raw, expected, warns",
    [
        (None, 2015, False),
        ("2019", 2019, False),
        ("abc", 2015, True),
        ("1890", 2015, True),
        ("", 2015, False),
    ],
)
def test_parse_baseline(raw, expected, warns) -> None:
    year, warning = parse_baseline(raw, list(range(2008, 2026)))
    assert year == expected
    assert (warning is not None) == warns


def _values() -> pd.DataFrame:
    rows = [
        ("K", "0880", 2015, 10.0, None),
        ("K", "0880", 2020, 14.0, None),
        ("K", "0880", 2021, None, "Privacy"),
        ("K", "0001", 2020, 12.0, None),
        ("K", "0002", 2020, None, "Privacy"),
        ("K", "0003", 2020, 20.0, None),
        ("K", "0000", 2020, 11.0, None),
    ]
    return pd.DataFrame(rows, columns=["kpi_id", "municipality_id", "year", "value", "status"])


def test_suppressed_values_stay_out_of_the_comparison_mean() -> None:
    s = summarise(_values(), "K", "0880", ("0001", "0002", "0003"), 2015)
    assert (s.latest_year, s.latest_value, s.base_year, s.base_value) == (2020, 14.0, 2015, 10.0)
    assert (s.cmp_mean, s.cmp_n, s.n_below, s.n_above) == (16.0, 2, 1, 1)  # 0002 (Privacy) left out
    assert s.riket == 11.0 and s.last_status == "sekretess"
    text = lines(s, "%", 2015, "Liknande kommuner (3)", "Kalmar")
    assert text[0] == "Senaste värde: 14\u00a0% (2020)."
    assert text[1] == "Sedan 2015: 4,0\u00a0procentenheter högre än då (då 10\u00a0%)."


def test_baseline_after_the_first_value_and_no_later_value() -> None:
    s = summarise(_values(), "K", "0880", (), 2018)
    assert s.base_year is None and s.latest_year == 2020
    assert "ingen förändring" in lines(s, "%", 2018, "Egna val (0)", "Kalmar")[1]
    s = summarise(_values(), "K", "0880", (), 2020)
    assert "Inget senare värde än basåret 2020" in lines(s, "%", 2020, "G", "Kalmar")[1]
    empty = summarise(_values(), "K", "9999", (), 2015)
    assert lines(empty, "%", 2015, "G", "Ingenstans") == ["Inget värde för Ingenstans i databasen."]
