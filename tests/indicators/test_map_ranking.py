"""Karta and Jämför on the theme pages: values, classes, ranking and URL state against the DB."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.apptest import page_markdown, peers, run_app
from trygghet.core import geo
from trygghet.core.format import fit_decimals_of, fmt_num, fmt_value
from trygghet.themes.data import Ranking, ranking
from trygghet.themes.map_charts import NO_CLASS, class_numbers, map_figure
from trygghet.themes.text import place_sentence

CRIME = "pages/crime.py"
SAFETY = "pages/safety.py"


def kommun_values(db_con, kpi: str, year: int) -> dict[str, float | None]:
    """Every kommun's total value (None where it has none), straight from v_kpi_values."""
    rows = db_con.execute(
        "SELECT m.municipality_id, v.value FROM v_municipalities m LEFT JOIN v_kpi_values v "
        "ON v.municipality_id = m.municipality_id AND v.kpi_id = ? AND v.year = ? "
        "AND v.gender = 'T' WHERE m.municipality_type = 'K'",
        [kpi, year],
    ).fetchall()
    return {k: v for k, v in rows}


def names(db_con) -> dict[str, str]:
    return dict(
        db_con.execute("SELECT municipality_id, municipality FROM v_municipalities").fetchall()
    )


def riket(db_con, kpi: str, year: int) -> float:
    return db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND year = ? AND gender = 'T' "
        "AND municipality_id = '0000'",
        [kpi, year],
    ).fetchone()[0]


def figure(at) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def bold(at) -> list[str]:
    return [t for t in page_markdown(at) if t.startswith("**")]


def test_map_values_equal_the_db_for_three_kommuner(app_env, db_con) -> None:
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="karta", ar="2022")
    assert not at.warning
    db = kommun_values(db_con, "N07403", 2022)
    points = trace(figure(at), "värden")
    shown = dict(zip(points["ids"], points["customdata"], strict=True))
    hover = dict(zip(points["ids"], points["hovertext"], strict=True))
    assert len(shown) == 290 == len(db)
    for kommun in ("0880", "2403", "0180"):  # Kalmar, Bjurholm, Stockholm
        assert shown[kommun] == pytest.approx(db[kommun])
        assert fmt_value(db[kommun], "antal/100 000 inv") in hover[kommun]
    # The sentence rounds as the overview card does (whole numbers from 100 up): "12 771".
    assert db["0880"] >= 100
    assert f"Kalmar 2022: {fmt_value(db['0880'], 'antal/100 000 inv', 0)}," in bold(at)[0]
    assert "290 av 290 kommuner har ett värde för 2022" in bold(at)[0]


def test_map_classes_are_the_quintiles_the_test_computes(app_env, db_con) -> None:
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="karta", ar="2022")
    values = sorted(v for v in kommun_values(db_con, "N07403", 2022).values() if v is not None)
    # 290 distinct values: five classes of 58, each labelled with its lowest and highest value.
    chunks = [values[i * 58 : (i + 1) * 58] for i in range(5)]
    expected = [f"{fmt_num(c[0], 0)}–{fmt_num(c[-1], 0)} (58\u00a0st.)" for c in chunks]
    legend = [t["name"] for t in figure(at)["data"] if t.get("fill") == "toself"]
    assert legend == expected


def test_map_names_the_kommuner_without_a_value(app_env, db_con) -> None:
    at = run_app(SAFETY, kommun="2403", kpi="N07609", vy="karta", ar="2022")
    db = kommun_values(db_con, "N07609", 2022)
    lacking = sorted(names(db_con)[k] for k, v in db.items() if v is None)
    assert len(lacking) == 45
    spec = figure(at)
    assert trace(spec, f"Inget värde ({len(lacking)}\u00a0st.)")["fillcolor"] == "#dddddd"
    expander = next(e for e in at.expander if e.label.startswith("Kommuner utan värde"))
    assert expander.label == f"Kommuner utan värde 2022 ({len(lacking)} st.)"
    listed = expander.markdown[0].value.split(":** ", 1)[1].split(", ")
    assert listed == lacking
    assert bold(at)[0].startswith("**Bjurholm har inget värde för 2022 (ej publicerat).")
    # The chosen kommun is outlined even without a value.
    assert trace(spec, "Bjurholm")["line"]["width"] == 2.5


def test_ranking_order_and_count_equal_the_db(app_env, db_con) -> None:
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="jamfor", ar="2022")
    db = kommun_values(db_con, "N07403", 2022)
    group = ["0880", *peers(db_con, "0880")]
    order = sorted(group, key=lambda k: -db[k])
    bars = figure(at)["data"][0]
    assert [y.replace("<b>", "").replace("</b>", "") for y in bars["y"]] == [
        names(db_con)[k] for k in order
    ]
    assert bars["x"] == pytest.approx([db[k] for k in order])
    assert bars["marker"]["color"][order.index("0880")] == "#0072B2"
    line = figure(at)["layout"]["shapes"][0]
    assert line["x0"] == pytest.approx(riket(db_con, "N07403", 2022))
    place = order.index("0880") + 1
    text = bold(at)[0]
    assert f"alla {len(group)} har ett värde för 2022" in text
    assert "det högsta värdet" in text if place == 1 else f"plats {place} av {len(group)}" in text


def test_ranking_shows_only_members_with_a_value_and_says_how_many(app_env, db_con) -> None:
    at = run_app(SAFETY, kommun="2403", kpi="N07609", vy="jamfor", ar="2022")
    db = kommun_values(db_con, "N07609", 2022)
    group = ["2403", *peers(db_con, "2403")]
    have = [k for k in group if db[k] is not None]
    assert 0 < len(have) < len(group)
    bars = figure(at)["data"][0]
    assert len(bars["y"]) == len(have)
    assert bars["y"] == [names(db_con)[k] for k in sorted(have, key=lambda k: -db[k])]
    text = bold(at)[0]
    assert f"{len(have)} av {len(group)} har ett värde för 2022" in text
    assert (
        "Bjurholm har inget värde för 2022 (ej publicerat) och finns inte i rangordningen" in text
    )
    note = next(c.value for c in at.caption if c.value.startswith("Saknar värde"))
    for k in set(group) - set(have):
        assert names(db_con)[k] in note


def test_map_follows_the_gender_choice(app_env, db_con) -> None:
    at = run_app("pages/school.py", kommun="0880", kpi="N15508", kon="K", vy="karta", ar="2022")
    women = db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = 'N15508' AND gender = 'K' AND year = 2022 "
        "AND municipality_id = '0880'"
    ).fetchone()[0]
    points = trace(figure(at), "värden")
    assert dict(zip(points["ids"], points["customdata"], strict=True))["0880"] == pytest.approx(
        women
    )
    table = at.dataframe[0].value
    row = table[table["Kod"] == "0880"].iloc[0]
    assert row["Värde 2022 (%)"] == fmt_num(women)


def test_ranking_of_all_kommuner_scrolls_in_a_box(app_env, db_con) -> None:
    at = run_app(CRIME, kommun="0880", jmf="riket", kpi="N07403", vy="jamfor", ar="2022")
    assert len(figure(at)["data"][0]["y"]) == 290
    assert "alla 290 har ett värde för 2022" in bold(at)[0]


def test_view_and_year_live_in_the_url(app_env) -> None:
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="karta")
    assert at.query_params["vy"] == "karta"
    assert at.query_params["ar"] == "2022"  # the latest year with values
    at.radio(key="w_vy").set_value("jamfor").run()
    assert at.query_params["vy"] == "jamfor" and at.query_params["ar"] == "2022"
    at.selectbox(key="w_ar").set_value("2019").run()
    assert at.query_params["ar"] == "2019"
    assert "för 2019" in bold(at)[0]
    at.radio(key="w_vy").set_value("tid").run()
    assert "ar" not in at.query_params
    assert at.query_params["vy"] == "tid"


def test_a_year_the_next_indicator_lacks_falls_back_quietly(app_env) -> None:
    at = run_app(SAFETY, kommun="0880", kpi="N00610", vy="karta")
    at.selectbox(key="w_ar").set_value("2021").run()
    assert at.query_params["ar"] == "2021"
    at.selectbox(key="w_kpi_trygghet").set_value("N07609").run()  # NTU: 2020 and 2022 only
    assert not at.exception and not at.warning
    assert at.query_params["ar"] == "2022" and at.query_params["vy"] == "karta"


def test_unknown_view_or_year_falls_back_with_a_notice(app_env) -> None:
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="[x](https://e.invalid)", ar="1999")
    assert any("vy=`[x](https://e.invalid)`" in w.value for w in at.warning)
    assert "ar" not in at.query_params  # Över tid has no year
    at = run_app(CRIME, kommun="0880", kpi="N07403", vy="karta", ar="1999")
    assert any("ar=`1999`" in w.value and "2022" in w.value for w in at.warning)


def test_no_year_in_range_says_so(app_env) -> None:
    at = run_app(SAFETY, kommun="0880", kpi="N07609", vy="karta", fran="2010", till="2012")
    assert any("Ingen kommun har ett värde" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_class_numbers_keep_ties_together_and_skip_missing() -> None:
    values = pd.Series([5.0, 1.0, None, 1.0, 3.0, 9.0, 7.0, 1.0, 2.0, 4.0, 6.0])
    numbers = class_numbers(values)
    assert numbers[2] == NO_CLASS
    assert numbers[1] == numbers[3] == numbers[7] == 0  # three equal lowest values
    assert numbers[5] == 4 and numbers.max() == 4
    assert (class_numbers(pd.Series([None, None], dtype=float)) == NO_CLASS).all()
    # Four equal lowest values of ten span two quintiles: the next class is 1, not 2.
    tied = class_numbers(pd.Series([1.0] * 4 + [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]))
    assert tied.tolist() == [0, 0, 0, 0, 1, 1, 2, 2, 3, 3]
    assert fit_decimals_of(pd.Series([0.5])) == 2 and fit_decimals_of(pd.Series([12.0])) == 1


def test_simplified_shapes_keep_every_kommun_with_fewer_vertices() -> None:
    shapes = geo.simplified_shapes()
    assert shapes is not None and len(shapes) == 290
    raw = sum(len(r) for f in geo.kommun_features() or () for r in geo.outer_rings(f["geometry"]))
    assert sum(int(np.isfinite(xs).sum()) for xs, _, _ in shapes.values()) < raw
    square = np.array([[0, 0], [0.5, 0.001], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    assert len(geo.simplify_ring(square, 0.01)) == 5  # the near-straight vertex goes


def test_no_boundary_file_means_no_shapes(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TRYGGHET_SNAPSHOT", str(tmp_path))
    assert geo.simplified_shapes() is None


def test_map_without_the_chosen_kommuns_shape_still_draws() -> None:
    df = pd.DataFrame(
        {"municipality_id": ["0880"], "municipality": ["Kalmar"], "value": [1.0], "status": [None]}
    )
    fig = map_figure(df, {}, chosen="0880", unit="%", reasons={})
    assert [t.name for t in fig.data] == ["1,0 (1\u00a0st.)", "värden"]


def test_place_sentences_for_ties_last_and_alone() -> None:
    values = pd.DataFrame(
        {
            "municipality_id": ["a", "b", "c", "0000"],
            "municipality": ["A", "B", "C", "Riket"],
            "value": [2.0, 1.0, 1.0, None],
            "status": [None, None, None, "Missing"],
        }
    )
    tied = ranking(values, "b", ("a", "c"))
    assert tied.riket is None and tied.place == 2 and tied.tied
    assert place_sentence(tied, "B", 2022, "") == "B har det lägsta värdet av de 3 (delad plats)."
    alone = ranking(values, "a", ())
    assert place_sentence(alone, "A", 2022, "") == (
        "A är den enda kommunen i gruppen med ett värde för 2022."
    )
    middle = Ranking(tied.ranked.assign(place=[1, 2, 3]), tied.missing, 3, None, 2)
    assert "plats 2 av 3" in place_sentence(middle, "B", 2022, "")
