"""The structural model (issue 20): its statistics on simulated data with a known truth, and
its results on the snapshot against an independent refit and Kolada's own values."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import catalogues
from catalogues.covariates import inverse, load_spec, transform
from etl.expected import fit

TRUE = np.array([2.0, 0.5, -0.3, 0.2])  # intercept, then three covariates


def _simulated(seed: int, n: int = 290) -> tuple[np.ndarray, np.ndarray]:
    """Covariates and an outcome with known coefficients, t(4) noise and a few wild outliers."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)) * [1.0, 2.0, 0.5]
    y = TRUE[0] + x @ TRUE[1:] + 0.3 * rng.standard_t(4, size=n)
    y[:5] += 6  # five extreme kommuner
    return x, y


def test_robust_fit_recovers_known_coefficients_despite_outliers():
    x, y = _simulated(1)
    result = fit.robust_fit(x, y)
    assert np.all(np.abs(result.coef - TRUE) < 3 * result.se), (result.coef, result.se)
    assert np.all(np.abs(result.coef - TRUE) < 0.1)
    # Least squares is pulled by the five outliers; the robust fit is what makes the difference.
    ols = np.linalg.lstsq(np.column_stack([np.ones(len(y)), x]), y, rcond=None)[0]
    assert abs(ols[0] - TRUE[0]) > 3 * abs(result.coef[0] - TRUE[0])


def test_interval_covers_about_95_percent_of_simulated_kommuner():
    shares = []
    for seed in range(4):
        x, y = _simulated(seed + 10)
        loo = fit.leave_one_out(x, y, 0.95)
        shares.append(fit.coverage(y, loo))
    assert 0.92 <= float(np.mean(shares)) <= 0.97, shares


def test_expected_value_does_not_move_with_the_kommuns_own_outcome():
    x, y = _simulated(2, n=80)
    before = fit.leave_one_out(x, y)
    changed = y.copy()
    changed[7] *= 10  # kommun 7 reports ten times as much
    after = fit.leave_one_out(x, changed)
    assert after.expected[7] == pytest.approx(before.expected[7], rel=1e-12)
    assert after.lower[7] == pytest.approx(before.lower[7], rel=1e-12)
    assert after.upper[7] == pytest.approx(before.upper[7], rel=1e-12)
    # ... while the others' expectations, fitted with kommun 7 in, do move.
    assert not np.allclose(np.delete(after.expected, 7), np.delete(before.expected, 7))


def test_a_kommun_without_an_outcome_still_gets_an_expected_value():
    x, y = _simulated(3, n=60)
    y[4] = np.nan
    loo = fit.leave_one_out(x, y)
    assert np.isfinite(loo.expected[4]) and loo.lower[4] < loo.expected[4] < loo.upper[4]
    assert fit.coverage(y, loo) > 0.8  # the row without y is not counted


def test_cv_r2_is_low_when_the_covariates_explain_nothing():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(150, 3)), rng.normal(size=150)
    assert fit.cv_r2(y, fit.leave_one_out(x, y).expected) < 0.05


def test_transforms_round_trip_and_leave_impossible_values_out():
    values = pd.Series([0.0, 12.5, 50.0, 100.0])
    logit = transform(values, "logit")
    assert np.isnan(logit.iloc[0]) and np.isnan(logit.iloc[3])
    assert inverse(logit.to_numpy()[1:3], "logit") == pytest.approx([12.5, 50.0])
    assert np.isnan(transform(values, "log").iloc[0])


def test_every_model_kpi_is_loaded_by_the_indicator_catalogue():
    spec = load_spec()
    listed = {e["kpi_id"] for e in catalogues.load("indicators")["indicator"]}
    assert set(spec.kpi_ids) <= listed
    assert {o.kpi_id for o in spec.outcomes} >= {"N07540", "N07403", "U07452", "N07609"}
    assert [c.kind for c in spec.role("sensitivity")] == ["who"]


def test_a_bad_catalogue_entry_is_named():
    raw = tomllib.loads(catalogues.path("covariates").read_text(encoding="utf-8"))
    raw["covariate"][0]["transform"] = "sqrt"
    with pytest.raises(ValueError, match="covariate N01951 has transform 'sqrt'"):
        load_spec(raw)


def _frame(con, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params).df()


def test_snapshot_models_are_honest(db_con):
    models = _frame(db_con, "SELECT * FROM v_expected_model ORDER BY outcome").set_index("outcome")
    assert set(models.index) >= {"N07540", "N07403", "U07452", "N07609"}
    assert (models["year"] == 2022).all()
    assert models["coverage"].between(0.90, 0.98).all(), models["coverage"]
    # A model under the R² floor gives no verdict, and one over it does.
    for outcome, row in models.iterrows():
        verdicts = _frame(
            db_con, "SELECT count(verdict) AS n FROM v_expected WHERE outcome = ?", [outcome]
        )["n"][0]
        assert (verdicts > 0) == (row["cv_r2"] >= 0.3), outcome
        assert bool(row["gives_verdict"]) == (row["cv_r2"] >= 0.3)
    counts = _frame(db_con, "SELECT outcome, count(*) AS n FROM v_expected GROUP BY outcome")
    assert dict(zip(counts["outcome"], counts["n"], strict=True))["N07540"] == 290


@pytest.mark.parametrize("kommun", ["0880", "2403"])
def test_snapshot_expected_value_equals_an_independent_refit(db_con, kommun):
    """Kalmar's expected violence rate refitted here from v_kpi_values without Kalmar."""
    spec = load_spec()
    names = [c.kpi_id for c in spec.role("model")]
    raw = _frame(
        db_con,
        "SELECT kpi_id, municipality_id, value FROM v_kpi_values WHERE year = 2022 "
        "AND gender = 'T' AND municipality_type = 'K' AND value IS NOT NULL",
    ).pivot_table(index="municipality_id", columns="kpi_id", values="value")
    x = pd.DataFrame({"N01951": np.log(raw["N01951"])} | {k: raw[k] for k in names[1:]})
    data = pd.concat([np.log(raw["N07403"]).rename("y"), x], axis=1).dropna()
    others = data.drop(index=kommun)
    result = sm.RLM(others["y"], sm.add_constant(others[names]), M=sm.robust.norms.HuberT()).fit()
    mine = float(np.exp(result.params["const"] + data.loc[kommun, names] @ result.params[names]))
    shown = _frame(
        db_con,
        "SELECT observed, expected, lower, upper FROM v_expected "
        "WHERE outcome = 'N07403' AND municipality_id = ?",
        [kommun],
    ).iloc[0]
    assert shown["expected"] == pytest.approx(mine, rel=1e-6)
    assert shown["observed"] == pytest.approx(float(raw.loc[kommun, "N07403"]))
    assert shown["lower"] < shown["expected"] < shown["upper"]
