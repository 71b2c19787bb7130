"""The statistics: a robust linear fit, leave-one-out expected values and prediction intervals.

Pure numpy/statsmodels, no database. Everything is on the model's scale (log or logit); the
caller transforms back.

Why these choices (docs/expected.md has the figures):
- Huber's M-estimator (statsmodels RLM) so that a few extreme kommuner (tourist resorts with
  many visitors, a kommun with one large shopping centre) do not pull every other kommun's
  expected value.
- Leave-one-out: kommun i's expected value comes from the fit on the other kommuner, so its
  own outcome cannot pull its own expectation towards itself.
- The interval takes the empirical quantiles of the other kommuner's residuals (studentised by
  their leverage, widened by kommun i's), not a normal-theory one: crime rates have heavy tails,
  and the normal interval on Huber's scale covered only 88-91 % in cross-validation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm

FloatArray = np.ndarray


@dataclass(frozen=True)
class RobustFit:
    """Coefficients (intercept first), their standard errors and the residual scale."""

    coef: FloatArray
    se: FloatArray
    scale: float


@dataclass(frozen=True)
class Loo:
    """Per row: the expected value and its prediction interval, on the model's scale."""

    expected: FloatArray
    lower: FloatArray
    upper: FloatArray


def _design(x: FloatArray) -> FloatArray:
    return np.column_stack([np.ones(len(x)), x])


def robust_fit(x: FloatArray, y: FloatArray) -> RobustFit:
    """Huber-robust linear regression of y on x (an intercept is added)."""
    result = sm.RLM(y, _design(x), M=sm.robust.norms.HuberT()).fit()
    return RobustFit(
        coef=np.asarray(result.params, dtype=float),
        se=np.asarray(result.bse, dtype=float),
        scale=float(result.scale),
    )


def _interval(
    design: FloatArray, y: FloatArray, coef: FloatArray, new: FloatArray, level: float
) -> tuple[float, float]:
    """Prediction interval offsets for a new row from the fitted rows' residuals.

    Each residual is divided by sqrt(1 - h) (its leverage under least squares) so that it stands
    for an out-of-sample error, then scaled by sqrt(1 + h_new) for the new row's own leverage.
    """
    gram = np.linalg.pinv(design.T @ design)
    leverage = np.einsum("ij,jk,ik->i", design, gram, design)
    residuals = (y - design @ coef) / np.sqrt(np.clip(1 - leverage, 1e-9, None))
    widen = float(np.sqrt(1 + new @ gram @ new))
    tail = (1 - level) / 2
    low, high = np.quantile(residuals, [tail, 1 - tail])
    return float(low) * widen, float(high) * widen


def leave_one_out(x: FloatArray, y: FloatArray, level: float = 0.95) -> Loo:
    """Expected value and interval per row from a fit without that row.

    Rows whose y is NaN (no observed outcome) get the fit on every row with a y: they have no
    value of their own to leave out.
    """
    design = _design(x)
    has_y = ~np.isnan(y)
    n = len(y)
    expected, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    everyone: FloatArray | None = None  # the fit on all rows with a y, made once
    for i in range(n):
        keep = has_y.copy()
        keep[i] = False
        if has_y[i]:
            coef = robust_fit(x[keep], y[keep]).coef
        else:
            if everyone is None:
                everyone = robust_fit(x[keep], y[keep]).coef
            coef = everyone
        expected[i] = design[i] @ coef
        low, high = _interval(design[keep], y[keep], coef, design[i], level)
        lower[i], upper[i] = expected[i] + low, expected[i] + high
    return Loo(expected, lower, upper)


def cv_r2(y: FloatArray, expected: FloatArray) -> float:
    """Cross-validated R² (1 - PRESS / total sum of squares) over the rows with a y."""
    has = ~np.isnan(y)
    total = float(((y[has] - y[has].mean()) ** 2).sum())
    return 1 - float(((y[has] - expected[has]) ** 2).sum()) / total


def coverage(y: FloatArray, loo: Loo) -> float:
    """Share of rows with a y whose y lies inside its own leave-one-out interval."""
    has = ~np.isnan(y)
    inside = (y[has] >= loo.lower[has]) & (y[has] <= loo.upper[has])
    return float(inside.mean())
