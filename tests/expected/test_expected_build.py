"""The refresh step `expected` on a small DB: a second run changes nothing, a kommun that loses
a covariate loses its row, a missing KPI fails the step with a message, a DB without the views
shows the build command."""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from catalogues.covariates import load_spec
from etl import store
from etl.errors import EtlError
from etl.expected import build

# Synthetic values (not from any source): 80 made-up kommuner, one outcome, two covariates.
RAW = {
    "model": {"method": "test", "level": 0.95, "min_cv_r2": 0.3, "min_kommuner": 50},
    "outcome": [{"kpi_id": "Y1", "transform": "log", "more": "fler", "fewer": "färre"}],
    "covariate": [
        {"kpi_id": "X1", "transform": "log", "label": "x1", "kind": "conditions",
         "role": "model", "why": "test"},
        {"kpi_id": "X2", "transform": "none", "label": "x2", "kind": "conditions",
         "role": "model", "why": "test"},
        {"kpi_id": "W1", "transform": "none", "label": "w1", "kind": "who",
         "role": "sensitivity", "why": "test"},
    ],
}  # fmt: skip


@pytest.fixture()
def con():
    rng = np.random.default_rng(0)
    n = 80
    ids = [f"9{i:03d}" for i in range(n)]
    x1, x2, w1 = rng.uniform(1e3, 1e5, n), rng.normal(10, 2, n), rng.normal(15, 5, n)
    y = np.exp(5 + 0.2 * np.log(x1) + 0.05 * x2 + rng.normal(0, 0.2, n))
    rows = [
        (kpi, m, 2022, "T", float(v), None, None)
        for kpi, vals in (("Y1", y), ("X1", x1), ("X2", x2), ("W1", w1))
        for m, v in zip(ids, vals, strict=True)
    ]
    c = duckdb.connect(":memory:")
    store.apply_schema(c)
    c.executemany("INSERT INTO kolada_municipality VALUES (?, ?, 'K')", [(m, m) for m in ids])
    c.executemany("INSERT INTO kolada_value VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    yield c
    c.close()


def test_second_run_changes_nothing_and_a_lost_covariate_drops_the_row(con):
    spec = load_spec(RAW)
    first, notes = build.build(con, spec=spec)
    # One model row, 3 + 4 coefficients (with and without the "who" covariate), 80 kommuner.
    assert first.added == 1 + 3 + 4 + 80
    assert "Y1 2022: 80 kommuner" in notes[0]
    again, _ = build.build(con, spec=spec)
    assert (again.added, again.changed, again.deleted) == (0, 0, 0)
    con.execute("DELETE FROM kolada_value WHERE kpi_id = 'X2' AND municipality_id = '9005'")
    third, _ = build.build(con, spec=spec)
    assert third.deleted == 1
    kept = con.execute("SELECT count(*) FROM v_expected WHERE municipality_id = '9005'").fetchone()
    assert kept == (0,)
    model = con.execute("SELECT gives_verdict, cv_r2, who_covariate FROM v_expected_model").df()
    assert bool(model["gives_verdict"][0]) and model["who_covariate"][0] == "W1"


def test_a_missing_kpi_fails_the_step_with_its_name(con):
    con.execute("DELETE FROM kolada_value WHERE kpi_id = 'X1'")
    with pytest.raises(EtlError, match="no Kolada values for X1"):
        build.build(con, spec=load_spec(RAW))


def test_a_kommun_without_the_outcome_gets_an_expected_value_and_no_verdict(con):
    con.execute("DELETE FROM kolada_value WHERE kpi_id = 'Y1' AND municipality_id = '9003'")
    build.build(con, spec=load_spec(RAW))
    row = con.execute(
        "SELECT observed, expected, verdict FROM v_expected WHERE municipality_id = '9003'"
    ).df()
    assert pd.isna(row["observed"][0]) and row["expected"][0] > 0 and row["verdict"][0] is None


def test_a_db_without_the_model_says_how_to_build_it(app_env, tmp_path, monkeypatch):
    from tests.apptest import run_app

    old = tmp_path / "old.duckdb"
    shutil.copyfile(app_env, old)  # the session's DB, then as built before issue 20
    with duckdb.connect(str(old)) as c:
        for view in ("v_expected", "v_expected_model", "v_expected_coef"):
            c.execute(f"DROP VIEW {view}")
    monkeypatch.setenv("TRYGGHET_DB", str(old))
    at = run_app("pages/samband.py", flik="forvantat")
    assert any("refresh expected" in i.value for i in at.info)
    crime = run_app("pages/crime.py", kpi="N07540")
    assert not any(m.value.startswith("**Förväntat utifrån") for m in crime.markdown)


def test_too_few_kommuner_fails_the_step_and_no_who_covariate_is_fine(con):
    raw = {**RAW, "model": {**RAW["model"], "min_kommuner": 81}}
    with pytest.raises(EtlError, match="Y1: no year with 81 complete kommuner"):
        build.build(con, spec=load_spec(raw))
    plain = {**RAW, "covariate": RAW["covariate"][:2]}
    build.build(con, spec=load_spec(plain))
    assert con.execute("SELECT count(expected_with_who) FROM v_expected").fetchone() == (0,)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("model"), "needs a \\[model\\] table"),
        (lambda r: r.update(outcome=[]), "at least one outcome"),
        (lambda r: r.update(outcome="Y1"), "must be an array of tables"),
        (lambda r: r["covariate"][0].pop("why"), "covariate X1 lacks 'why'"),
        (lambda r: r["covariate"][1].update(kpi_id="X1"), "listed twice"),
    ],
)
def test_a_bad_catalogue_is_refused_with_a_reason(change, message):
    import copy

    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(ValueError, match=message):
        load_spec(raw)
