"""Fit each outcome's model on the loaded Kolada values and write the expected_* tables.

Called by the refresh step `expected` (etl/pipelines/expected.py) after the sources, so the
dashboard only reads the results. Imports nothing from etl.pipelines (no import cycle).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd

from catalogues.covariates import Covariate, Outcome, Spec, inverse, latest_year, load_spec, wide
from catalogues.covariates import transform as to_scale
from etl import store
from etl.errors import EtlError
from etl.expected import fit

log = logging.getLogger("etl.expected")

VALUES = """
SELECT v.kpi_id, v.municipality_id, v.year, v.value
FROM kolada_value v JOIN kolada_municipality m USING (municipality_id)
WHERE m.type = 'K' AND v.gender = 'T' AND v.value IS NOT NULL
  AND list_contains(?, v.kpi_id)
"""
KEYS = {
    "expected_model": ["outcome"],
    "expected_coef": ["outcome", "variant", "term"],
    "expected_value": ["outcome", "municipality_id"],
}


def _position(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> list[str | None]:
    return [
        None if np.isnan(v) else "above" if v > hi else "below" if v < lo else "within"
        for v, lo, hi in zip(y, lower, upper, strict=True)
    ]


def _coefs(
    outcome: str, variant: str, x: pd.DataFrame, y: np.ndarray, transform: str
) -> pd.DataFrame:
    has = ~np.isnan(y)
    result = fit.robust_fit(x.to_numpy()[has], y[has])
    sd = np.concatenate([[np.nan], x[has].std(ddof=1).to_numpy()])
    return pd.DataFrame(
        {
            "outcome": outcome,
            "variant": variant,
            "term": ["intercept", *x.columns],
            "coef": result.coef,
            "se": result.se,
            "sd": sd,
            "per_sd": np.expm1(result.coef * sd),
        }
    )


def _transformed(table: pd.DataFrame, covariates: list[Covariate]) -> pd.DataFrame:
    return pd.DataFrame({c.kpi_id: to_scale(table[c.kpi_id], c.transform) for c in covariates})


def model_outcome(
    values: pd.DataFrame, spec: Spec, outcome: Outcome
) -> tuple[dict[str, object], pd.DataFrame, pd.DataFrame] | None:
    """(model row, coefficient rows, value rows) for one outcome, or None without a year."""
    main, extra = spec.role("model"), spec.role("sensitivity")
    year = latest_year(values, outcome.kpi_id, [c.kpi_id for c in main], spec.min_kommuner)
    if year is None:
        return None
    table = wide(values, year, [outcome.kpi_id] + [c.kpi_id for c in main + extra])
    x_all = _transformed(table, main + extra)
    observed_all = table[outcome.kpi_id]
    y_all = to_scale(observed_all, outcome.transform)
    rows = x_all[[c.kpi_id for c in main]].notna().all(axis=1)
    x, y, observed = x_all[rows], y_all[rows].to_numpy(), observed_all[rows].to_numpy()
    names = [c.kpi_id for c in main]
    loo = fit.leave_one_out(x[names].to_numpy(), y, spec.level)
    cv_r2, covered = fit.cv_r2(y, loo.expected), fit.coverage(y, loo)
    gives = cv_r2 >= spec.min_cv_r2
    position = _position(y, loo.lower, loo.upper)
    frame = pd.DataFrame(
        {
            "outcome": outcome.kpi_id,
            "municipality_id": x.index.astype(str),
            "year": year,
            "observed": observed,
            "expected": inverse(loo.expected, outcome.transform),
            "lower": inverse(loo.lower, outcome.transform),
            "upper": inverse(loo.upper, outcome.transform),
            "residual": y - loo.expected,
            "position": position,
            "verdict": position if gives else [None] * len(position),
        }
    )
    coefs = [_coefs(outcome.kpi_id, "model", x[names], y, outcome.transform)]
    model: dict[str, object] = {
        "outcome": outcome.kpi_id,
        "year": year,
        "transform": outcome.transform,
        "method": spec.method,
        "covariates": ",".join(names),
        "n_kommuner": int((~np.isnan(y)).sum()),
        "level": spec.level,
        "cv_r2": cv_r2,
        "coverage": covered,
        "gives_verdict": gives,
        "who_covariate": None,
        "cv_r2_with_who": None,
        "coverage_with_who": None,
    }
    for c in extra[:1]:  # the catalogue names one "who" covariate to try beside the model
        coefs.append(_with_who(frame, model, x, y, names, c.kpi_id, outcome, spec))
    for col in ("expected_with_who", "lower_with_who", "upper_with_who", "position_with_who"):
        if col not in frame:
            frame[col] = None
    return model, pd.concat(coefs, ignore_index=True), frame


def _with_who(
    frame: pd.DataFrame,
    model: dict[str, object],
    x: pd.DataFrame,
    y: np.ndarray,
    names: list[str],
    who: str,
    outcome: Outcome,
    spec: Spec,
) -> pd.DataFrame:
    """The model again with the "who" covariate added, for the page's sensitivity line: fills
    the *_with_who columns of `frame` and `model` in place; returns its coefficient rows."""
    both = [*names, who]
    inner = x[both].notna().all(axis=1).to_numpy()
    y2 = np.where(inner, y, np.nan)
    loo2 = fit.leave_one_out(x[both].to_numpy()[inner], y2[inner], spec.level)
    for col, arr in (
        ("expected_with_who", loo2.expected),
        ("lower_with_who", loo2.lower),
        ("upper_with_who", loo2.upper),
    ):
        full = np.full(len(y), np.nan)
        full[inner] = inverse(arr, outcome.transform)
        frame[col] = full
    pos2: list[str | None] = [None] * len(y)
    for k, p in zip(
        np.flatnonzero(inner), _position(y2[inner], loo2.lower, loo2.upper), strict=True
    ):
        pos2[k] = p
    frame["position_with_who"] = pos2
    model.update(
        who_covariate=who,
        cv_r2_with_who=fit.cv_r2(y2[inner], loo2.expected),
        coverage_with_who=fit.coverage(y2[inner], loo2),
    )
    return _coefs(outcome.kpi_id, "with_who", x[both][inner], y2[inner], outcome.transform)


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> store.UpsertStats:
    """Load a full recomputation: upsert the rows, delete every key not among them."""
    key = KEYS[table]
    stats = store.upsert(con, table, rows, key)
    con.register("_kept", rows[key])
    try:
        join = " AND ".join(f't."{k}" = p."{k}"' for k in key)
        where = f"NOT EXISTS (SELECT 1 FROM _kept p WHERE {join})"
        (gone,) = store.one(con, f"SELECT count(*) FROM {table} t WHERE {where}")
        if gone:
            store.run(con, f"DELETE FROM {table} t WHERE {where}")
    finally:
        con.unregister("_kept")
    stats.deleted += int(gone)
    return stats


def build(
    con: duckdb.DuckDBPyConnection,
    progress: Callable[[int], object] = lambda n: None,
    spec: Spec | None = None,
) -> tuple[store.UpsertStats, list[str]]:
    """Fit every outcome of the catalogue (catalogues/covariates.toml unless `spec` is given)
    on the DB's Kolada values; returns what changed and one note per outcome."""
    spec = spec or load_spec()
    values = con.execute(VALUES, [spec.kpi_ids]).df()
    absent = sorted(set(spec.kpi_ids) - set(values["kpi_id"]))
    if absent:
        raise EtlError(
            f"no Kolada values for {', '.join(absent)}: list them in catalogues/indicators.toml "
            "and run `python -m etl refresh kolada` before `refresh expected`"
        )
    models, coefs, frames, notes = [], [], [], []
    for outcome in spec.outcomes:
        result = model_outcome(values, spec, outcome)
        progress(1)
        if result is None:
            notes.append(f"{outcome.kpi_id}: no year with {spec.min_kommuner} complete kommuner")
            continue
        model, coef, frame = result
        models.append(model)
        coefs.append(coef)
        frames.append(frame)
        notes.append(
            f"{outcome.kpi_id} {model['year']}: {model['n_kommuner']} kommuner, "
            f"CV R² {model['cv_r2']:.2f}, coverage {model['coverage']:.1%}"
        )
    if not models:
        raise EtlError("no outcome could be fitted: " + "; ".join(notes))
    stats = store.UpsertStats()
    stats += _replace(con, "expected_model", pd.DataFrame(models))
    stats += _replace(con, "expected_coef", pd.concat(coefs, ignore_index=True))
    stats += _replace(con, "expected_value", pd.concat(frames, ignore_index=True))
    log.info("; ".join(notes))
    return stats, notes
