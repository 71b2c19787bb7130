"""The Händelser page through dashboard.py (AppTest): counts equal the DB, URL filters, escaping."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import httpx
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from catalogues.settings import load_settings
from etl import runner
from etl.http import HttpClient
from tests.apptest import plotly_array, run_app
from trygghet.core.format import fmt_num

PAGE = "pages/incidents.py"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "polisen" / "events_kalmar_lan.json"
SLUGS = {"vald": "våld", "trafik": "trafik"}


def run_page(**params: str) -> AppTest:
    return run_app(PAGE, **params)


def db_counts(
    con: duckdb.DuckDBPyConnection, kommun: str, period: str, cats: set[str] | None = None
) -> dict[str, int]:
    """Counts per area computed here in pandas, independently of the page's SQL."""
    df = con.execute(
        "SELECT kommun_id, category, coalesce(incident_time, published_utc) AS t "
        "FROM v_incidents WHERE county_id = '08'"
    ).df()
    local = pd.to_datetime(df["t"], utc=True).dt.tz_convert("Europe/Stockholm").dt.tz_localize(None)
    if period == "12m":
        end = datetime.combine(local.max().date() + timedelta(days=1), datetime.min.time())
        start = end.replace(year=end.year - 1)
    else:
        start, end = datetime(int(period), 1, 1), datetime(int(period) + 1, 1, 1)
    keep = (local >= start) & (local < end)
    if cats:
        keep &= df["category"].isin(cats)
    part = df[keep]
    return {
        "kommun": int((part["kommun_id"] == kommun).sum()),
        "ovriga": int((part["kommun_id"].notna() & (part["kommun_id"] != kommun)).sum()),
        "lan": int(part["kommun_id"].isna().sum()),
    }


def shown_metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def bar_total(at: AppTest, yaxis: str) -> int:
    """Sum of the counts chart's bars on one subplot (y = the kommun, y2 = other kommuner)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return int(
        sum(
            sum(plotly_array(t["y"]))
            for t in spec["data"]
            if t["type"] == "bar" and t.get("yaxis", "y") == yaxis
        )
    )


def test_default_view_counts_equal_the_db(app_env, db_con):
    at = run_page()
    expected = db_counts(db_con, "0880", "12m")
    assert expected["kommun"] > 50
    assert shown_metrics(at) == [fmt_num(expected[a]) for a in ("kommun", "ovriga", "lan")]
    assert bar_total(at, "y") == expected["kommun"]
    assert bar_total(at, "y2") == expected["ovriga"]
    captions = " ".join(c.value for c in at.caption)
    assert "Källa: Polisen (polisen.se/api/events)" in captions
    assert "folkmängd N01951, 2025" in captions
    notes = " ".join(i.value for i in at.info)
    assert "ingen folkmängd för 2026" in notes  # the 12-month window ends in 2026
    caveat = " ".join(m.value for m in at.markdown)
    assert "urval" in caveat and "mittpunkt" in caveat and "Sammanfattning" in caveat
    assert at.query_params["period"] == "12m"


def test_period_and_category_from_the_url(app_env, db_con):
    at = run_page(kommun="0883", period="2024", kategori="vald,trafik")
    expected = db_counts(db_con, "0883", "2024", set(SLUGS.values()))
    assert shown_metrics(at) == [fmt_num(expected[a]) for a in ("kommun", "ovriga", "lan")]
    assert at.multiselect(key="w_inc_kat").value == ["vald", "trafik"]
    assert at.query_params["kategori"] == "vald,trafik"
    # Kolada's N01951 has 2022 and 2025 but not 2024: the page says which year it divides by.
    assert any("2024" in i.value and "2022" in i.value for i in at.info)


def test_bad_url_values_fall_back_with_a_warning(app_env, db_con):
    at = run_page(period="1999", kategori="nonsens")
    warnings = " ".join(w.value for w in at.warning)
    assert "period=`1999`" in warnings and "nonsens" in warnings
    expected = db_counts(db_con, "0880", "12m")
    assert shown_metrics(at)[0] == fmt_num(expected["kommun"])


def test_a_kommun_outside_the_county_falls_back_to_kalmar(app_env, db_con):
    at = run_page(kommun="0180")
    assert any("Stockholm" in w.value and "Kalmar" in w.value for w in at.warning)
    assert shown_metrics(at)[0] == fmt_num(db_counts(db_con, "0880", "12m")["kommun"])


@pytest.fixture()
def db_with_script_notice(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session DB plus one live poll of the hand-made fixture (a summary with <script>)."""
    db = tmp_path / "script.duckdb"
    shutil.copy2(built_db, db)
    body = FIXTURE.read_bytes()
    monkeypatch.setattr(
        runner,
        "_client",
        lambda settings, **kw: HttpClient(
            user_agent=settings.user_agent,
            transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body)),
            sleep=lambda s: None,
            **kw,
        ),
    )
    settings = load_settings().with_overrides(
        db_path=db, polisen_base_url="https://polisen.test/api"
    )
    [outcome] = runner.refresh(["polisen"], settings, offline=False, show_progress=False)
    assert outcome.error is None, outcome.error
    monkeypatch.setenv("TRYGGHET_DB", str(db))
    return db


def test_a_summary_with_script_is_shown_as_text(db_with_script_notice):
    at = run_page(kommun="0881", period="2026")
    listing = next(m.value for m in at.markdown if "Klotter" in m.value)
    assert "<script>" not in listing and "<b>" not in listing
    assert r"\<script\>alert('x')\</script\>" in listing
    assert "[Läs på polisen.se](https://polisen.se/aktuellt/handelser/2026/augusti/21/" in listing


def test_a_db_without_notices_says_how_to_load_them(built_db, tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    shutil.copy2(built_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP VIEW v_incident_versions").fetchall()
        con.execute("DROP VIEW v_incidents").fetchall()
    monkeypatch.setenv("TRYGGHET_DB", str(db))
    at = run_page()
    assert any("python -m etl refresh polisen" in i.value for i in at.info)
    assert not at.metric
