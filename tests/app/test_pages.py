"""Every page through the entrypoint (AppTest): figures shown equal the DB; URL state works."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import DASHBOARD, peers, run_app
from trygghet.core.format import fmt_num, fmt_value

KOMMUNER = {"0880": "Kalmar", "1080": "Karlskrona"}
THEME_PAGES = {
    "brott": "pages/crime.py",
    "trygghet": "pages/safety.py",
    "skola": "pages/school.py",
    "unga_fritid": "pages/youth.py",
}
REASON = {
    None: "ej publicerat",
    "Missing": "saknas",
    "Privacy": "sekretess",
    "Not applicable": "ej tillämpligt",
}


def parse_sv(text: str) -> float:
    """'1 234,5' -> 1234.5 (inverse of fmt_num, for comparing derived means)."""
    return float(text.replace("\u00a0", "").replace("\u2212", "-").replace(",", "."))


def values(db_con, kpi: str, unit_id: str, gender: str = "T") -> dict[int, tuple]:
    rows = db_con.execute(
        "SELECT year, value, status FROM kolada_value WHERE kpi_id = ? AND municipality_id = ? "
        "AND gender = ? AND year BETWEEN 2010 AND 2025",
        [kpi, unit_id, gender],
    ).fetchall()
    return {y: (v, s) for y, v, s in rows}


def indicator(db_con, kpi: str) -> tuple[str, str]:
    return db_con.execute("SELECT label, unit FROM indicator WHERE kpi_id = ?", [kpi]).fetchall()[0]


def latest(vals: dict[int, tuple]) -> tuple[int, float]:
    year = max(y for y, (v, _) in vals.items() if v is not None)
    return year, vals[year][0]


@pytest.mark.parametrize("kommun", list(KOMMUNER))
@pytest.mark.parametrize(
    ("theme", "kpi"),
    [
        ("brott", "N07403"),
        ("brott", "N07540"),
        ("trygghet", "N07609"),
        ("trygghet", "N00610"),
        ("skola", "N15508"),
        ("unga_fritid", "U09808"),
    ],
)
def test_theme_page_shows_db_values(app_env, db_con, kommun: str, theme: str, kpi: str) -> None:
    at = run_app(THEME_PAGES[theme], kommun=kommun, kpi=kpi)
    _label, unit = indicator(db_con, kpi)
    assert at.selectbox(key=f"w_kpi_{theme}").value == kpi
    assert not at.warning
    own = values(db_con, kpi, kommun)
    year, value = latest(own)
    # The change since Översikt's comparison year (the year with a value closest to five
    # years back, the earlier on a tie), judged as there (tests/indicators/test_verdicts_pages.py).
    have = [y for y, (v, _) in own.items() if v is not None and y < year]
    earlier = min(have, key=lambda y: (abs(y - (year - 5)), y))
    prev = own[earlier][0]
    sentence = next(m.value for m in at.markdown if m.value.startswith("**År "))
    assert f"År {year} var värdet för {KOMMUNER[kommun]} {fmt_value(value, unit)}" in sentence
    if kpi.startswith("N076"):  # NTU pools two survey years: both pairs are named
        assert f"{earlier - 1}–{earlier} mot {year - 1}–{year} (tvåårsmedel): " in sentence
    else:
        assert f"Sedan {earlier}: " in sentence
    if theme == "unga_fritid":
        assert "enligt trendlinjen" in sentence  # a line over the window, not two end points
    elif unit == "%":
        assert f"{fmt_num(abs(value - prev), 1)}\u00a0procentenheter" in sentence
    else:
        change = abs(value - prev) / prev * 100
        assert f"{fmt_num(change, 0 if change >= 10 else 1)}\u00a0%" in sentence
    assert ("↑" if value > prev else "↓") in sentence or theme == "unga_fritid"

    table = at.dataframe[0].value
    riket = values(db_con, kpi, "0000")
    members = peers(db_con, kommun)
    member_vals = {m: values(db_con, kpi, m) for m in members}
    mean_col = f"Liknande kommuner ({len(members)}), medelvärde (ovägt)"
    for row in table.to_dict("records"):
        y = int(row["År"])
        v, status = own.get(y, (None, None))
        assert row[KOMMUNER[kommun]] == (fmt_num(v) if v is not None else REASON[status])
        r = riket.get(y, (None, None))[0]
        assert row["Riket"] == (fmt_num(r) if r is not None else REASON[None])
        got = [mv[y][0] for mv in member_vals.values() if mv.get(y, (None,))[0] is not None]
        if got:  # the SQL mean may differ in the last bit (summation order): compare numbers
            assert parse_sv(row[mean_col]) == pytest.approx(sum(got) / len(got), abs=0.051)
        else:
            assert row[mean_col] == "–"
    captions = " ".join(c.value for c in at.caption)
    assert f"Källa: Kolada, KPI {kpi}" in captions
    assert "Egen bearbetning av data från Kolada" in captions
    assert f"kpis={kpi}" in captions
    assert at.get("download_button")
    cite = next(c.value for c in at.code if c.value.startswith("Källa: Kolada (RKA)"))
    assert f"(KPI {kpi}), {KOMMUNER[kommun]} " in cite
    assert f"?kommun={kommun}&jmf=liknande&" in cite and f"kpi={kpi}" in cite


def test_gap_is_a_gap_with_reason(app_env, db_con) -> None:
    """NTU has no 2021 kommun value: a null in the line (not joined, not zero) and a reason."""
    at = run_app("pages/safety.py", kommun="0880", kpi="N07609")
    assert 2021 not in values(db_con, "N07609", "0880")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    line = next(t for t in spec["data"] if t.get("name") == "Kalmar")
    points = dict(zip(line["x"], line["y"], strict=True))
    assert points[2021] is None and line["connectgaps"] is False
    assert points[2020] == values(db_con, "N07609", "0880")[2020][0]
    table = at.dataframe[0].value
    assert table.loc[table["År"] == "2021", "Kalmar"].item() == "ej publicerat"
    assert any("2021 (ej publicerat)" in c.value for c in at.caption)


@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_gender_switch_shows_women(app_env, db_con, kommun: str) -> None:
    at = run_app("pages/school.py", kommun=kommun, kpi="N15508", kon="K")
    assert at.radio(key="w_kon").value == "K"
    year, value = latest(values(db_con, "N15508", kommun, "K"))
    sentence = next(m.value for m in at.markdown if m.value.startswith("**År "))
    assert f"{KOMMUNER[kommun]} (kvinnor) {fmt_value(value, '%')}" in sentence
    assert f"År {year}" in sentence


@pytest.mark.parametrize("kommun", list(KOMMUNER))
def test_about_page_coverage_and_sources(app_env, db_con, kommun: str) -> None:
    at = run_app("pages/about.py", kommun=kommun)
    table = at.dataframe[0].value
    years = [
        r[0]
        for r in db_con.execute(
            "SELECT year FROM kolada_value WHERE kpi_id = 'N07609' AND municipality_id = ? "
            "AND gender = 'T' AND value IS NOT NULL ORDER BY year",
            [kommun],
        ).fetchall()
    ]
    shown = table.loc[table["KPI"] == "N07609", "År med värde"].item()
    assert shown == ", ".join(str(y) for y in years)  # NTU: separate survey years
    licence = db_con.execute(
        "SELECT licence FROM source_provenance WHERE source = 'kolada'"
    ).fetchall()[0][0]
    assert any(licence in t.value for t in at.text)
    assert len(table) == db_con.execute("SELECT count(*) FROM indicator").fetchall()[0][0]
    # Where the data came from, as a person reads it: never a path on the server.
    origins = [r[0] for r in db_con.execute("SELECT origin FROM v_sources").fetchall()]
    paths = {p.strip() for o in origins for p in o.split(";") if p.strip().startswith("/")}
    assert paths, "the test DB is built from the snapshot directory"
    shown = [e.value for kind in ("text", "markdown", "caption", "code") for e in at.get(kind)]
    shown += [str(v) for v in table.to_numpy().ravel()]
    snapshot = str(app_env.parent)  # not even the test DB's own directory
    for text in shown:
        assert not any(p in text for p in paths), text
        assert snapshot not in text and "/snapshot" not in text, text
        assert "ETL" not in text and "offline" not in text, text
    assert sum("Ursprung: Ur en sparad ögonblicksbild, inläst 20" in t for t in shown) == 3
    # Kolada's status codes in Swedish only.
    gaps = " ".join(table["Luckor (orsak)"])
    for code in ("Missing", "Privacy", "Not applicable"):
        assert code not in gaps
    statuses = db_con.execute(
        "SELECT v.year, v.status FROM v_kpi_values v JOIN v_indicators USING (kpi_id) "
        "WHERE v.municipality_id = ? AND v.gender = 'T' AND v.status IS NOT NULL",
        [kommun],
    ).fetchall()
    assert statuses, "both kommuner have gaps with a status"
    for year, status in statuses:
        assert f"{year}: {REASON[status]}" in gaps


def test_url_round_trip_and_page_switch(app_env) -> None:
    at = run_app(kommun="1080", jmf="lan", fran="2012", till="2020")
    assert not at.warning
    assert at.sidebar.selectbox[0].value == "1080"
    assert at.sidebar.radio[0].value == "lan"
    assert at.sidebar.slider[0].value == (2012, 2020)
    assert at.query_params["kommun"] == ["1080"] or at.query_params["kommun"] == "1080"
    at.sidebar.selectbox[0].select("0880").run()
    assert str(at.query_params["kommun"]).strip("[]'") == "0880"
    at.switch_page("pages/crime.py")
    at.run()
    assert at.sidebar.selectbox[0].value == "0880"
    assert at.sidebar.radio[0].value == "lan"
    assert at.sidebar.slider[0].value == (2012, 2020)
    assert "övriga kommuner i Region Kalmar (11)" in " ".join(c.value for c in at.caption)


def test_switch_to_own_comparison_starts_from_similar(app_env, db_con) -> None:
    at = run_app(kommun="0880")
    at.sidebar.radio[0].set_value("egna").run()
    assert set(at.sidebar.multiselect[0].value) == set(peers(db_con, "0880"))
    assert len(at.sidebar.multiselect[0].value) == 7
    assert set(str(at.query_params["egna"]).strip("[]'").split(",")) == set(peers(db_con, "0880"))
    assert not at.info


def test_own_comparison_from_url(app_env, db_con) -> None:
    at = run_app("pages/crime.py", kommun="0880", jmf="egna", egna="0780,1080", kpi="N07403")
    assert at.sidebar.multiselect[0].value == ["0780", "1080"]
    table = at.dataframe[0].value
    v = {m: values(db_con, "N07403", m) for m in ("0780", "1080")}
    row = table[table["År"] == "2020"].iloc[0]
    assert parse_sv(row.iloc[2]) == pytest.approx(
        (v["0780"][2020][0] + v["1080"][2020][0]) / 2, abs=0.051
    )


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"kommun": "9999"}, "kommun=`9999`"),
        ({"fran": "abc"}, "fran=`abc`"),
        ({"till": "1800"}, "till=1800"),
        ({"jmf": "grannar"}, "jmf=`grannar`"),
        ({"jmf": "egna", "egna": "9999"}, "`9999`"),
        ({"fran": "2020", "till": "2012"}, "efter slutåret"),
    ],
)
def test_bad_params_fall_back_with_warning(app_env, params: dict, fragment: str) -> None:
    at = run_app(**params)
    warnings = " ".join(w.value for w in at.warning)
    assert fragment in warnings
    assert at.sidebar.selectbox[0].value == "0880"
    assert at.get("plotly_chart"), "the page still renders after the fallback"
    at.run()
    assert not at.warning, "the corrected address is written back, so the notice shows once"


def test_bad_kpi_falls_back_with_warning(app_env) -> None:
    at = run_app("pages/crime.py", kpi="X99999")
    assert "kpi=`X99999`" in " ".join(w.value for w in at.warning)
    assert at.selectbox(key="w_kpi_brott").value == "N07540"


def test_missing_db_shows_build_command(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TRYGGHET_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.run()
    assert not at.exception
    assert at.error and "finns inte" in at.error[0].value
    assert [c.value for c in at.code] == ["python -m etl refresh --offline"]


def test_connection_reopens_when_etl_swaps_the_file(monkeypatch, tmp_path, built_db) -> None:
    """The cached read-only connection is keyed by mtime: a swapped file is read at once."""
    import os
    import shutil

    import duckdb

    live = tmp_path / "live.duckdb"
    shutil.copyfile(built_db, live)
    monkeypatch.setenv("TRYGGHET_DB", str(live))
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.switch_page("pages/about.py")
    at.run()
    titles = [m.value for m in at.markdown if m.value.startswith("**Kolada")]
    assert titles and "ÄNDRAD" not in titles[0]
    staged = tmp_path / "staged.duckdb"  # what the ETL does: change a copy, then swap it in
    shutil.copyfile(live, staged)
    con = duckdb.connect(str(staged))
    con.execute(
        "UPDATE source_provenance SET title = title || ' ÄNDRAD' WHERE source = 'kolada'"
    ).fetchall()
    con.close()
    os.utime(staged, ns=(live.stat().st_mtime_ns + 10**9,) * 2)
    os.replace(staged, live)
    at.run()
    assert any(m.value.startswith("**Kolada") and "ÄNDRAD" in m.value for m in at.markdown)


def test_school_page_links_to_the_school_units_page_with_the_selection(app_env):
    at = run_app("pages/school.py", kommun="1080")
    links = [el for el in at.get("page_link") if "school_units" in el.proto.page]
    assert len(links) == 1
    assert "kommun=1080" in links[0].proto.query_string
