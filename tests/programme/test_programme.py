"""The programme catalogue, the base-year parameter and the scorecard's arithmetic (pure)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.indicators import load_catalogue
from trygghet.core import judgement as jd
from trygghet.programme import catalogue as programme
from trygghet.programme.data import (
    POPULATION,
    Facts,
    Row,
    Rule,
    download,
    facts,
    index_values,
    inhabitants,
    shown,
)
from trygghet.programme.text import (
    change_cell,
    figure,
    genitive,
    parse_baseline,
    place,
    summary,
)

SIX = ["samverkan", "integration", "polis_vakter", "klotter", "kameror", "skolor"]
HOLDER = '[[commitment.holder]]\nname="N"\nwhat="w"\nsource="s"\n'
ENTRY = '[[commitment]]\nid="x"\ntitle="T"\nshort="S"\nnot_measured="n"\n'


def test_catalogue_has_the_six_commitments_in_order_and_the_named_phenomena() -> None:
    items = programme.load()
    assert [c.id for c in items if c.kind == "commitment"] == SIX
    assert {c.id for c in items if c.kind == "named"} == {"hatbrott", "heder", "mans_vald"}
    assert all(c.holders and c.not_measured and c.short for c in items)
    by_id = {c.id: c for c in items}
    assert {r.kpi for r in by_id["klotter"].indicators} >= {"U07452", "N07624"}
    assert {r.kpi for r in by_id["mans_vald"].indicators} == {"N07402", "N07549"}
    assert [r.kpi for r in by_id["polis_vakter"].indicators] == ["N00631"]
    assert by_id["kameror"].indicators == () and by_id["hatbrott"].indicators == ()
    assert [c.id for c in items if c.school] == ["skolor"]  # Skolverket's block once


def test_every_holder_names_its_source_and_the_camera_line_is_current() -> None:
    items = {c.id: c for c in programme.load()}
    for c in items.values():
        for h in c.holders:
            assert h.sources and h.what
            assert h.checked is None or h.checked <= date(2026, 11, 30)
    imy = items["kameror"].holders[0]
    assert "prop. 2024/25:93" in imy.what and "prövar inga tillstånd" in imy.what
    assert imy.checked == date(2026, 11, 30)
    assert ("prop. 2024/25:93 (lagen.nu)", "https://lagen.nu/prop/2024/25:93") in imy.sources
    assert any(url.startswith("https://www.imy.se/blogg/") for _, url in imy.sources)


def test_the_named_indicators_are_loaded_by_the_kolada_etl() -> None:
    loaded = set(load_catalogue()["kpi_id"])
    for kpi in programme.kpis(programme.load()):
        assert kpi in loaded


@pytest.mark.parametrize(
    "body, problem",
    [
        (ENTRY, "holder"),
        (ENTRY + HOLDER + '[[commitment.indicator]]\nkpi="X1"\nrole="measures"\n', "bad KPI"),
        (ENTRY + HOLDER + '[[commitment.indicator]]\nkpi="N07402"\nrole="proves"\n', "role"),
        (ENTRY + HOLDER + ENTRY + HOLDER, "twice"),
        (ENTRY + HOLDER.replace('source="s"\n', ""), "source"),
        (ENTRY + HOLDER + 'checked="30 nov"\n', "not a date"),
        (ENTRY + HOLDER + "checked=2026-11-30\n", "as text"),
        (ENTRY + HOLDER.replace('source="s"', 'source=["a", "b"]\nurl=["u"]'), "as many"),
        (ENTRY + HOLDER.replace('source="s"', 'source=["a"]\nurl=[1]'), "must be text"),
        (
            ENTRY.replace('"x"', '"a"') + "school=true\n" + HOLDER + ENTRY + "school=true\n"
            "" + HOLDER,
            "print it twice",
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
    [(None, 2015, False), ("2019", 2019, False), ("abc", 2015, True), ("1890", 2015, True)],
)
def test_parse_baseline(raw, expected, warns) -> None:
    year, warning = parse_baseline(raw, list(range(2008, 2026)))
    assert year == expected and (warning is not None) == warns
    assert parse_baseline(None, [2018, 2019]) == (2018, None)


@pytest.mark.parametrize(
    "own, others, phrase",
    [
        (9.0, [1, 2, 3, 4, 5, 6, 7], "högst av 8"),
        (0.0, [1, 2, 3, 4, 5, 6, 7], "lägst av 8"),
        (6.5, [1, 2, 3, 4, 5, 6, 7], "näst högst av 8"),
        (2.5, [1, 2, 3, 4, 5, 6, 7], "tredje lägst av 8"),
        (7.0, [7, 1], "högst av 3 (delad med 1 annan)"),
        (1.0, [1, 1, 5], "lägst av 4 (delad med 2 andra)"),
        (150.5, list(range(1, 290)), "140:e högst av 290"),
        (21.5, list(range(1, 290)), "22:a lägst av 290"),
        (5.0, [], "–"),
    ],
)
def test_place_is_a_phrase(own: float, others: list[float], phrase: str) -> None:
    assert place(own, [float(v) for v in others]) == phrase


def test_verdict_change_and_rounding() -> None:
    assert change_cell(14.0, 10.0, "%") == "↑ 4,0\u00a0procentenheter"
    assert change_cell(5.0, 10.0, "antal") == "↓ 50,0\u00a0%"
    assert change_cell(5.0, 5.0, "antal") == "→ oförändrat" and change_cell(None, 1.0, "") == "–"
    assert figure(12770.6, "antal/100 000 inv") == "12\u00a0771"
    assert figure(20.8, "antal/100 000 inv") == "20,8" and figure(238.5, "meritvärde") == "238,5"
    assert figure(None, "%") == "–"


def test_genitive() -> None:
    assert [genitive(n) for n in ("Kalmar", "Borås", "Bjurholm")] == [
        "Kalmars",
        "Borås",
        "Bjurholms",
    ]


def test_summary_reads_naturally() -> None:
    words = ["bättre", "sämre", "sämre", "ingen säker förändring", "–"]
    text = summary("Kalmar", 2015, words, [2015, 2015, 2015, 2015])
    assert text == (
        "Av de 5 indikatorer som mäter en punkt i programmet har 1 blivit bättre och 2 sämre "
        "för Kalmar sedan 2015. 1 har ingen säker förändring (den ryms i slumpens "
        "spridning). För 1 av dem ges ingen bedömning: den har ingen given riktning, saknar "
        "värden att jämföra eller en osäkerhet att bedöma dem med."
    )
    assert summary("Bjurholm", 2015, ["sämre", "–", "–"], [2016]) == (
        "Av de 3 indikatorer som mäter en punkt i programmet har ingen blivit bättre och 1 "
        "sämre för Bjurholm från basåret 2015 eller första året därefter med värde (2016). "
        "För 2 av dem ges ingen bedömning: de har ingen given riktning, saknar värden att "
        "jämföra eller en osäkerhet att bedöma dem med."
    )
    assert summary("Bjurholm", 2015, ["–", "–"]) == (
        "För Bjurholm går det inte att bedöma om någon av de 2 indikatorer som mäter en "
        "punkt i programmet blivit bättre eller sämre sedan 2015: de har ingen given "
        "riktning, saknar värden att jämföra eller en osäkerhet att bedöma dem med."
    )


def test_a_rate_is_judged_on_its_events_with_a_nearby_years_population() -> None:
    """Made-up numbers for the arithmetic: two years of a rate are too short a history."""
    frame = pd.DataFrame(
        [
            ("R", "2403", 2015, 400.0, None),
            ("R", "2403", 2022, 800.0, None),
            (POPULATION, "2403", 2016, 2500.0, None),
            (POPULATION, "2403", 2022, 2400.0, None),
            (POPULATION, "2403", 2023, None, "Missing"),
        ],
        columns=["kpi_id", "municipality_id", "year", "value", "status"],
    )
    people = inhabitants(index_values(frame), "2403")
    assert people == {2016: 2500.0, 2022: 2400.0}
    rule = Rule("counts", "antal/100 000 inv", "lower_better", jd.Evidence(people, {}, {}))
    f = facts(index_values(frame), "R", "2403", (), 2015, rule)
    assert f.judgement is not None and f.judgement.why == "för kort historik"
    row = Row("4", "Skadegörelse", "R", "Kolada", "Mäter", "antal/100 000 inv", "lower_better", f)
    assert row.verdict == "ingen bedömning (för kort historik)"
    assert shown([row], 2015).iloc[0]["Förändring sedan 2015"] == "↑\u00a0100\u00a0%"


def _values() -> pd.DataFrame:
    rows = [
        ("K", "0880", 2015, 10.0, None),
        ("K", "0880", 2017, None, "Unpublished"),
        ("K", "0880", 2020, 14.0, None),
        ("K", "0001", 2015, 8.0, None),
        ("K", "0001", 2020, 12.0, None),
        ("K", "0002", 2020, None, "Privacy"),
        ("K", "0003", 2020, 20.0, None),
    ]
    return pd.DataFrame(rows, columns=["kpi_id", "municipality_id", "year", "value", "status"])


def test_facts_use_the_same_years_and_members_with_both_years() -> None:
    f = facts(index_values(_values()), "K", "0880", ("0001", "0002", "0003"), 2015)
    assert (f.latest_year, f.latest, f.base_year, f.base) == (2020, 14.0, 2015, 10.0)
    # Only 0001 has both 2015 and 2020: 0002 is suppressed and 0003 has no 2015 value.
    assert (f.cmp_base, f.cmp_latest, f.cmp_n) == (8.0, 12.0, 1)
    assert sorted(f.peers) == [12.0, 20.0]
    assert f.trend == (10.0, None, None, None, None, 14.0)  # a gap stays a gap
    later = facts(index_values(_values()), "K", "0880", (), 2016)
    assert later.base_year is None and later.cmp_base is None
    assert facts(index_values(_values()), "K", "9999", (), 2015).latest is None


def test_shown_and_download_tables() -> None:
    rule = Rule("trend", "%", "neutral")
    f = facts(index_values(_values()), "K", "0880", ("0001", "0002", "0003"), 2015, rule)
    rows = [
        Row("1. A", "Andel", "K", "Kolada", "Mäter", "%", "higher_better", f),
        Row("6. B", "Merit", "m", "Skolverket", "Sammanhang", "meritvärde", "neutral", f),
        Row("C", "Tom", "E", "Kolada", "Mäter", "%", "lower_better", Facts(*[None] * 6, 0, (), ())),
    ]
    table = shown(rows, 2015)
    first = table.iloc[0]
    # Two years of a neutral series: no line to fit, no direction to judge by.
    assert first["Förändring sedan 2015"] == "↑\u00a04,0\u00a0procentenheter"
    assert first["Bedömning"] == "–"
    assert first["Plats i gruppen"] == "näst högst av 3"
    assert table.iloc[1]["År"] == "2019/20" and table.iloc[1]["Bedömning"] == "–"
    assert table.iloc[1]["Förändring sedan 2015"].endswith(" sedan 2014/15")
    assert shown(rows, 2014).iloc[0]["Förändring sedan 2014"].endswith(" sedan 2015")
    assert table.iloc[2]["År"] == "inga värden" and table.iloc[2]["Senaste"] == "–"
    assert first["Trend"] == [10.0, 14.0]  # the grid's chart cannot draw a gap: left out
    one = Facts(2020, 1.0, None, None, None, None, 0, (), (None, 1.0))
    lone = Row("X", "Ett år", "E", "Kolada", "Mäter", "%", "lower_better", one)
    assert shown([lone], 2019).iloc[0]["Trend"] == []  # one point: no flat line
    csv = download(rows, "Kalmar", "liknande kommuner (3)", 2015)
    assert csv["Jämförelseår"].tolist()[:2] == ["2015", "2014/15"]
    assert pd.isna(csv["Jämförelseår"].iloc[2])
    assert csv["Senaste värde"].iloc[0] == 14.0
