"""Source errata: a reviewed note on a source's own error, shown beside the source's text.

N07609 is the case: Kolada's description names the safe answers, while its title and values
are the unsafe share. The test settles it from the values and checks that label, Kolada's own
text and the erratum are all shown and agree.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import store
from etl.indicators import load_catalogue
from tests.apptest import run_app

KPI = "N07609"


def test_catalogue_reads_an_erratum() -> None:
    cat = load_catalogue().set_index("kpi_id")
    row = cat.loc[KPI]
    assert row["erratum"].startswith("Koladas beskrivning ovan anger")
    assert row["erratum_evidence"].startswith("https://bra.se/")
    assert row["erratum_reviewed"] == "2026-11-30"
    assert cat.drop(index=KPI)["erratum"].isna().all()


@pytest.mark.parametrize(
    ("erratum", "problem"),
    [
        ('note = "x"\nreviewed = "2026-11-30"', "needs note, evidence, reviewed"),
        ('note = "x"\nevidence = "http://x"\nreviewed = "2026-11-30"', "https evidence"),
    ],
)
def test_an_incomplete_erratum_is_refused(tmp_path: Path, erratum: str, problem: str) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text(
        '[[indicator]]\nkpi_id = "N1"\ntheme = "brott"\nlabel = "x"\nunit = "%"\n'
        f'direction = "neutral"\n\n[indicator.erratum]\n{erratum}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=problem):
        load_catalogue(path)


def test_a_db_built_before_errata_gains_the_columns(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(
        "CREATE TABLE indicator (kpi_id VARCHAR PRIMARY KEY, theme VARCHAR NOT NULL, "
        "label VARCHAR NOT NULL, unit VARCHAR NOT NULL, direction VARCHAR NOT NULL, "
        "headline BOOLEAN NOT NULL, sort_order INTEGER NOT NULL)"
    )
    store.apply_schema(con)
    cols = {r[0] for r in con.execute("DESCRIBE v_indicators").fetchall()}
    assert {"erratum", "erratum_evidence", "erratum_reviewed"} <= cols
    con.close()


def test_n07609_values_are_the_unsafe_share(db_con) -> None:
    """Settled from the values: a minority share everywhere, Riket equal to BRÅ's NTU figure."""
    title, description = db_con.execute(
        "SELECT kpi_title, description FROM v_indicators WHERE kpi_id = ?", [KPI]
    ).fetchall()[0]
    assert "Otrygghet" in title
    assert '"Mycket trygg" eller "Ganska trygg"' in description  # the source's own error
    highest = db_con.execute(
        "SELECT max(value) FROM v_kpi_values WHERE kpi_id = ? AND municipality_type = 'K'", [KPI]
    ).fetchall()[0][0]
    assert highest < 50  # the safe share is the large majority in every kommun (NTU)
    riket = db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = '0000' "
        "AND gender = 'T' AND year = 2022",
        [KPI],
    ).fetchall()[0][0]
    # BRÅ, NTU 2022: 27 % feel very or fairly unsafe out late in their own area (the evidence).
    assert riket == 27.0


def test_page_label_text_and_erratum_agree(app_env, db_con) -> None:
    at = run_app("pages/safety.py", kommun="0880", kpi=KPI)
    label, evidence = db_con.execute(
        "SELECT label, erratum_evidence FROM v_indicators WHERE kpi_id = ?", [KPI]
    ).fetchall()[0]
    assert label.startswith("Otrygga ")
    assert [s.value for s in at.header] == [label]
    title, description = db_con.execute(
        "SELECT kpi_title, description FROM v_indicators WHERE kpi_id = ?", [KPI]
    ).fetchall()[0]
    texts = [t.value for t in at.text]
    assert title in texts and description in texts  # Kolada's text is shown, not replaced
    expander = next(e for e in at.expander if e.label.startswith("Om indikatorn"))
    assert expander.label == "Om indikatorn (Koladas beskrivning och en rättelse)"
    note = next(m.value for m in expander.markdown if "Rättelse" in m.value)
    assert ":material/report: **Rättelse** (granskad 2026-11-30): Koladas beskrivning ovan" in note
    assert "mycket eller ganska otrygga" in note and f"]({evidence})" in note
    # The sentence, the chart and the CSV say the same share the label names.
    value = db_con.execute(
        "SELECT value FROM v_kpi_values WHERE kpi_id = ? AND municipality_id = '0880' "
        "AND gender = 'T' ORDER BY year DESC LIMIT 1",
        [KPI],
    ).fetchall()[0][0]
    sentence = next(m.value for m in at.markdown if m.value.startswith("**År "))
    assert f"{value:.1f}".replace(".", ",") in sentence


def test_indicator_without_erratum_shows_only_the_source(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", kpi="N07403")
    expander = next(e for e in at.expander if e.label.startswith("Om indikatorn"))
    assert expander.label == "Om indikatorn (Koladas beskrivning)"
    assert not any("Rättelse" in m.value for m in expander.markdown)


def test_about_lists_the_errata(app_env, db_con) -> None:
    at = run_app("pages/about.py", kommun="0880")
    label, note = db_con.execute(
        "SELECT label, erratum FROM v_indicators WHERE kpi_id = ?", [KPI]
    ).fetchall()[0]
    item = next(m.value for m in at.markdown if m.value.startswith(f"- **{label}** ({KPI})"))
    assert "granskad 2026-11-30" in item and "mycket eller ganska otrygga" in item
    assert note[:40] in item
