"""Verdicts on Översikt, the scorecard and the theme pages equal what this test derives itself.

For Kalmar 0880, Bjurholm 2403, Storfors 1760 and Stockholm 0180 every card's and every
scorecard row's word and 95 % interval are derived here from v_kpi_values (and N01951 for the
population, Skolverket's year-9 cohort for shares), by the rule Om data states, written out
again with numpy and scipy rather than through trygghet.core.judgement.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats

from tests.apptest import page_markdown, run_app
from trygghet.core.format import MINUS, NBSP, fmt_num, md_esc

KOMMUNER = {"0880": "Kalmar", "2403": "Bjurholm", "1760": "Storfors", "0180": "Stockholm"}
THEMES = {
    "brott": "Brott",
    "trygghet": "Trygghet",
    "skola": "Skola",
    "unga_fritid": "Unga & fritid",
}
YEARS = (2010, 2025)  # the sidebar's default years, which the cards read
NO_UNCERTAINTY = "osäkerheten redovisas inte här – ingen bedömning"
VALUES_SQL = """SELECT year, value FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = ?
AND gender = 'T' AND value IS NOT NULL AND year BETWEEN ? AND ? ORDER BY year"""
COHORT_SQL = """SELECT year_end, value FROM v_skolverket_kommun_results WHERE
measure = 'elever_ak9' AND owner_type = 'Samtliga' AND municipality_id = ? AND value IS NOT NULL"""


def series(con, kpi: str, kommun: str, years: tuple[int, int] = (1900, 2100)) -> dict[int, float]:
    return {int(y): float(v) for y, v in con.execute(VALUES_SQL, [kpi, kommun, *years]).fetchall()}


def kind(unit: str, theme: str) -> str:
    if "100 000" in unit:
        return "counts"
    if theme == "trygghet":
        return "survey"
    return "shares" if unit == "%" and theme == "skola" else "trend"


def t95(df: float) -> float:
    return float(stats.t.ppf(0.975, df))


def overdispersion(diffs: list[tuple[float, float]]) -> tuple[float, int]:
    d = np.array([x for x, _ in diffs])
    v = np.array([x for _, x in diffs])
    mean = float(np.sum(d / v) / np.sum(1 / v))
    return max(1.0, float(np.sum((d - mean) ** 2 / v)) / (len(d) - 1)), len(d) - 1


def expected(con, kommun: str, kpi: str, unit: str, theme: str, direction: str, window):
    """(word, low, high, change, relative) by the stated rule; low/high None without interval."""
    own = series(con, kpi, kommun)
    b, e = window
    k = kind(unit, theme)
    up = {"higher_better": 1, "lower_better": -1}.get(direction)
    if k == "survey":
        return NO_UNCERTAINTY, None, None, own[e] - own[b], False
    if k == "counts":
        if b < 2015:
            return "break", None, None, (own[e] / own[b] - 1) * 100, True
        people = series(con, "N01951", kommun)

        def near(y: int) -> float | None:
            return next((people[x] for x in (y, y - 1, y + 1) if x in people), None)

        hist = {y: v for y, v in own.items() if 2015 <= y <= e and near(y) is not None}
        c = {y: v * near(y) / 100_000 for y, v in hist.items()}  # type: ignore[operator]
        diffs = [
            (math.log(hist[y] / hist[y - 1]), 1 / c[y - 1] + 1 / c[y])
            for y in sorted(c)
            if y - 1 in c and c[y] > 0 and c[y - 1] > 0
        ]
        if len(diffs) < 4:
            return "short", None, None, (own[e] / own[b] - 1) * 100, True
        if min(c.get(b, 0), c.get(e, 0)) <= 0:
            return "zero", None, None, None, True
        phi, df = overdispersion(diffs)
        half = t95(df) * math.sqrt(phi * (1 / c[b] + 1 / c[e]))
        ratio = own[e] / own[b]
        low, high = (ratio * math.exp(-half) - 1) * 100, (ratio * math.exp(half) - 1) * 100
        return _word(low, high, up), low, high, (ratio - 1) * 100, True
    if k == "shares":
        published = {int(y): float(n) for y, n in con.execute(COHORT_SQL, [kommun]).fetchall()}
        # The year's cohort, else a neighbouring year's (as Om data says).
        cohorts = {
            y: n
            for y in own
            if (n := next((published[x] for x in (y, y - 1, y + 1) if x in published), None))
        }
        if b not in cohorts or e not in cohorts:
            return "cohort", None, None, own[e] - own[b], False

        def var(y: int) -> float:
            n = cohorts[y]
            q = (own[y] / 100 * n + 0.5) / (n + 1)
            return q * (1 - q) / n

        years = [y for y in own if y <= e and y in cohorts]
        diffs = [
            ((own[y] - own[y - 1]) / 100, var(y) + var(y - 1)) for y in years if y - 1 in years
        ]
        if len(diffs) < 4:
            return "short", None, None, own[e] - own[b], False
        phi, df = overdispersion(diffs)
        half = t95(df) * math.sqrt(phi * (var(b) + var(e))) * 100
        d = own[e] - own[b]
        return _word(d - half, d + half, up), d - half, d + half, d, False
    pts = sorted((y, v) for y, v in own.items() if b <= y <= e)
    relative = unit != "%"
    if len(pts) < 3:
        return "few", None, None, None, relative
    x = np.array([float(y) for y, _ in pts])
    y = np.array([v for _, v in pts])
    if relative:
        y = np.log(y)
    fit = stats.linregress(x, y)
    half = t95(len(pts) - 2) * fit.stderr * (e - b)
    mid = fit.slope * (e - b)
    low, change, high = mid - half, mid, mid + half
    if relative:
        low, change, high = (math.expm1(v) * 100 for v in (low, change, high))
    return _word(low, high, up), low, high, change, relative


def _word(low: float, high: float, up: int | None) -> str:
    if up is None:
        return "–"
    if low > 0 or high < 0:
        return "bättre" if (low > 0) == (up > 0) else "sämre"
    return "ingen säker förändring"


def signed(v: float, relative: bool) -> str:
    text = fmt_num(abs(v), (0 if abs(v) >= 10 else 1) if relative else 1)
    return text if text.strip("0,") == "" else ("+" if v > 0 else MINUS) + text


def interval(low: float, high: float, relative: bool) -> str:
    unit = "%" if relative else "procentenheter"
    return f"(95{NBSP}%: {signed(low, relative)} till {signed(high, relative)}{NBSP}{unit})"


def headlines(con) -> list[tuple[str, str, str, str]]:
    rows = con.execute("SELECT theme, kpi_id, unit, direction FROM v_indicators WHERE headline")
    by_theme = {r[0]: r for r in rows.fetchall()}
    return [by_theme[t] for t in THEMES]


def card_window(own: dict[int, float]) -> tuple[int, int]:
    last = max(own)
    return min((y for y in own if y < last), key=lambda y: (abs(y - (last - 5)), y)), last


@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_cards_word_and_interval_equal_the_rule_on_the_source(app_env, db_con, kommun) -> None:
    at = run_app(kommun=kommun)
    texts = page_markdown(at)
    words = []
    for theme, kpi, unit, direction in headlines(db_con):
        own = series(db_con, kpi, kommun, YEARS)
        if len(own) < 2:
            continue
        window = card_window(own)
        word, low, high, _change, relative = expected(
            db_con, kommun, kpi, unit, theme, direction, window
        )
        title = next(i for i, t in enumerate(texts) if t.startswith(f"**{md_esc(THEMES[theme])}**"))
        line = texts[title + 1]  # the change line follows the card's title
        if low is not None:
            assert interval(low, high, relative) in line, (kpi, line)
            assert line.split(" – ")[-1].startswith(f"**{word}**"), (kpi, line)
            words.append(word)
        else:
            assert "95" not in line and word in (NO_UNCERTAINTY,), (kpi, line)
    # The summary counts the same words.
    summary = texts[0]
    better, worse = words.count("bättre"), words.count("sämre")
    unsure = words.count("ingen säker förändring")
    assert f"har {better or 'ingen'} av 4 huvudindikatorer blivit bättre" in summary
    assert f"och {worse or 'ingen'} sämre" in summary
    assert (f"{unsure} har ingen säker förändring" in summary) == bool(unsure)


@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_scorecard_rows_word_and_interval_equal_the_rule_on_the_source(
    app_env, db_con, kommun
) -> None:
    at = run_app("pages/programme.py", kommun=kommun, bas="2015")
    table = at.dataframe[0].value
    kolada = table[table["Källa"].str.startswith("Kolada")]
    checked = 0
    for _, row in kolada.iterrows():
        kpi = row["Källa"].split()[-1]
        meta = db_con.execute(
            "SELECT unit, theme, direction FROM v_indicators WHERE kpi_id = ?", [kpi]
        ).fetchall()
        own = series(db_con, kpi, kommun)
        if not meta or len(own) < 2:
            continue
        unit, theme, direction = meta[0]
        last = max(own)
        after = [y for y in own if 2015 <= y < last]
        if not after:
            continue
        word, low, high, _c, relative = expected(
            db_con, kommun, kpi, unit, theme, direction, (min(after), last)
        )
        cell, verdict = row["Förändring sedan 2015"], row["Bedömning"]
        if low is None:
            assert "95" not in cell and verdict not in ("bättre", "sämre"), (kpi, cell, verdict)
            continue
        assert interval(low, high, relative) in cell, (kpi, cell)
        assert verdict == word, (kpi, verdict, word)
        checked += 1
    assert checked >= 1


def test_same_kpi_kommun_and_window_give_the_same_word_on_both_pages(app_env, db_con) -> None:
    """Kalmar's year-9 card compares from 2017; the scorecard from ?bas=2017 says the same."""
    own = series(db_con, "N15508", "0880", YEARS)
    base, last = card_window(own)
    card = next(t for t in page_markdown(run_app(kommun="0880")) if t.startswith(f"Sedan {base}"))
    table = run_app("pages/programme.py", kommun="0880", bas=str(base)).dataframe[0].value
    row = table[table["Källa"] == "Kolada N15508"].iloc[0]
    assert row["År"] == str(last)
    assert card.split(" – ")[-1].strip("*") == row["Bedömning"]
    assert row[f"Förändring sedan {base}"].split(" (")[1] in card  # the same interval


def test_theme_sentence_uses_the_cards_window_and_word(app_env, db_con) -> None:
    """Brott's lead sentence for Bjurholm: the card's window, interval and word, not 1 year."""
    at = run_app("pages/crime.py", kommun="2403", kpi="N07540")
    sentence = next(m.value for m in at.markdown if m.value.startswith("**År "))
    own = series(db_con, "N07540", "2403", YEARS)
    window = card_window(own)
    word, low, high, _c, relative = expected(
        db_con, "2403", "N07540", "antal/100 000 inv", "brott", "lower_better", window
    )
    assert f"Sedan {window[0]}:" in sentence and interval(low, high, relative) in sentence
    assert sentence.rstrip("*").endswith(f", {word}.")


def test_the_programme_is_presented_as_it_presents_itself(app_env) -> None:
    """No author, adopting body or status that no source on the page supports."""
    at = run_app("pages/programme.py", kommun="0880")
    text = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
    for claim in ("Kalmar kommuns program", "kommunens program", "åtagande", "antagit", "antogs"):
        assert claim not in text, claim
    assert "anger varken vem som skrivit det eller att det har beslutats" in text
    assert "källa: programmets egen text" in text
    assert "Punkt" in at.dataframe[0].value.columns


def test_the_2015_break_is_marked_in_chart_table_and_withholds_a_spanning_verdict(
    app_env, db_con
) -> None:
    at = run_app("pages/crime.py", kommun="0880", kpi="N07403")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    shapes = spec["layout"].get("shapes", [])
    assert any(s["x0"] == 2014.5 and s["line"]["dash"] == "dash" for s in shapes)
    labels = [
        a for a in spec["layout"]["annotations"] if a.get("text", "").startswith("Seriebrott")
    ]
    assert labels and "härledas till kommunen" in labels[0]["hovertext"]
    table = at.dataframe[0].value
    marked = table[table["Seriebrott"] != ""]
    assert marked["År"].tolist() == ["2015"]
    # A scorecard window from 2012 spans the break: no verdict, and the reason is named.
    card = run_app("pages/programme.py", kommun="0880", bas="2012").dataframe[0].value
    row = card[card["Källa"] == "Kolada U07452"].iloc[0]
    own = series(db_con, "U07452", "0880")
    if min(y for y in own if y >= 2012) < 2015:
        assert row["Bedömning"] == "ingen bedömning (perioden spänner över seriebrottet 2015)"


def _median_and_above(db_con, kpi: str, year: int) -> tuple[float, float | None, int, int]:
    rows = db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND year = ? AND gender = 'T' "
        "AND municipality_type = 'K' AND value IS NOT NULL",
        [kpi, year],
    ).fetchall()
    values = [float(v) for (v,) in rows]
    riket = db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND year = ? AND gender = 'T' "
        "AND municipality_id = '0000'",
        [kpi, year],
    ).fetchall()
    r = float(riket[0][0]) if riket and riket[0][0] is not None else None
    above = sum(v > r for v in values) if r is not None else 0
    return float(np.median(values)), r, above, len(values)


def test_over_tid_and_jamfor_show_the_kommun_median_beside_riket_and_say_why(
    app_env, db_con
) -> None:
    at = run_app("pages/crime.py", kommun="0880", kpi="N07540")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Kommunernas median" in [t.get("name") for t in spec["data"]]
    year = max(
        y
        for (y,) in db_con.execute(
            "SELECT year FROM v_kpi_values WHERE kpi_id = 'N07540' AND municipality_id = '0000' "
            "AND gender = 'T' AND value IS NOT NULL AND year <= 2025"
        ).fetchall()
    )
    median, riket, above, n = _median_and_above(db_con, "N07540", year)
    note = next(c.value for c in at.caption if c.value.startswith(f"Riket {year}:"))
    assert note.startswith(f"Riket {year}: {fmt_num(riket)};")
    assert f"kommunernas median: {fmt_num(median)} ({above} av {n} kommuner" in note
    assert "brottsplatsen inte är känd" in note and "Källa: Koladas beskrivning" in note
    # Jämför for the same year: the median line and the same sentence.
    at = run_app("pages/crime.py", kommun="0880", kpi="N07540", vy="jamfor", ar=str(year))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert any(t.startswith("Kommunernas median") for t in texts)
    assert any(c.value.startswith(f"Riket {year}:") for c in at.caption)
    # A share's Riket is a true national figure: no median, no sentence.
    at = run_app("pages/school.py", kommun="0880", kpi="N15508", vy="jamfor")
    assert not any("kommunernas median" in c.value.lower() for c in at.caption)


def test_gaps_are_named_and_a_rounded_share_is_kept_as_over_99(app_env, db_con) -> None:
    # Kalmar's crime card: the years inside its window without a value are named.
    own = series(db_con, "N07540", "0880", YEARS)
    base, last = card_window(own)
    inside = [y for y in range(base + 1, last) if y not in own]
    texts = [c.value for c in run_app(kommun="0880").caption]
    if inside:
        span = f"{inside[0]}–{inside[-1]}" if len(inside) > 1 else str(inside[0])
        assert any(
            t.startswith(f"Inget värde för Kalmar {span}") and f"mellan {base} och {last}" in t
            for t in texts
        ), texts
    # Skolverket's "~100": the latest share of Bjurholm's vocational eligibility.
    rows = db_con.execute(
        "SELECT year_end, value, value_flag FROM v_skolverket_kommun_results WHERE "
        "municipality_id = '2403' AND owner_type = 'Samtliga' "
        "AND measure = 'behoriga_yrkesprogram' ORDER BY year_end"
    ).fetchall()
    last_year, last_value, flag = rows[-1]
    table = run_app("pages/programme.py", kommun="2403").dataframe[0].value
    row = table[table["Källa"] == "Skolverket behoriga_yrkesprogram"].iloc[0]
    if last_value is None and flag == "rounded":
        assert row["Senaste"] == ">99"
        assert row["År"] == f"{last_year - 1}/{str(last_year)[-2:]}"
        assert "över 99 %" in row["År utan värde"]
        assert row["Bedömning"].startswith("ingen bedömning")


def test_the_cards_word_does_not_depend_on_the_years_shown(app_env) -> None:
    """The noise is estimated from the whole series: fewer years shown, the same interval."""
    wide = page_markdown(run_app(kommun="0880"))
    narrow = page_markdown(run_app(kommun="0880", fran="2019", till="2025"))
    line = next(t for t in wide if t.startswith("Sedan 2020:"))
    assert line in narrow
