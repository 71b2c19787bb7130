"""Pure correlation statistics: Pearson, Spearman, partial correlation, Fisher z CIs, OLS line."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

Method = Literal["pearson", "spearman"]


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient with its two-sided confidence interval.

    low/high are NaN when n is too small for an interval (n - 3 - controls < 1)
    or the coefficient itself is undefined (a constant variable).
    """

    method: Method
    r: float
    n: int
    low: float
    high: float
    controls: int = 0
    level: float = 0.95

    @property
    def has_interval(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def interval_includes_zero(self) -> bool:
        return not self.has_interval or self.low <= 0.0 <= self.high


@dataclass(frozen=True)
class Line:
    """An ordinary least squares line y = intercept + slope * x."""

    slope: float
    intercept: float


def _as_float(values: ArrayLike) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError("expected a one-dimensional sequence")
    return arr


def _pair(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xa, ya = _as_float(x), _as_float(y)
    if xa.shape != ya.shape:
        raise ValueError(f"x and y differ in length ({xa.size} vs {ya.size})")
    if not (np.isfinite(xa).all() and np.isfinite(ya).all()):
        # Missing values are the caller's business: it must drop and count them visibly.
        raise ValueError("x and y must be complete; drop missing values first and count them")
    return xa, ya


def average_ranks(values: ArrayLike) -> np.ndarray:
    """Ranks 1..n, ties given the mean of the ranks they span (as scipy's rankdata 'average')."""
    arr = _as_float(values)
    order = np.argsort(arr, kind="mergesort")
    sorted_vals = arr[order]
    # Boundaries of runs of equal values in sorted order.
    new_run = np.concatenate(([True], sorted_vals[1:] != sorted_vals[:-1]))
    run_id = np.cumsum(new_run) - 1
    starts = np.flatnonzero(new_run)
    ends = np.concatenate((starts[1:], [arr.size]))
    mean_rank = (starts + ends + 1) / 2.0  # mean of 1-based ranks start+1 .. end
    ranks = np.empty(arr.size, dtype=float)
    ranks[order] = mean_rank[run_id]
    return ranks


def _r(x: np.ndarray, y: np.ndarray) -> float:
    xd, yd = x - x.mean(), y - y.mean()
    denom = math.sqrt(float(xd @ xd) * float(yd @ yd))
    if denom == 0.0:
        return math.nan
    # Rounding can push |r| a hair above 1; the interval maths needs it inside [-1, 1].
    return max(-1.0, min(1.0, float(xd @ yd) / denom))


def fisher_interval(r: float, se: float, level: float = 0.95) -> tuple[float, float]:
    """Interval tanh(atanh(r) -/+ z * se); NaN bounds when r or se is undefined."""
    if not (math.isfinite(r) and math.isfinite(se)) or se <= 0:
        return math.nan, math.nan
    if abs(r) >= 1.0:
        return r, r  # a perfect fit has no sampling spread left to show
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    centre = math.atanh(r)
    return math.tanh(centre - z * se), math.tanh(centre + z * se)


def _se(method: Method, r: float, n: int, controls: int) -> float:
    dof = n - 3 - controls
    if dof < 1:
        return math.nan
    if method == "pearson":
        return 1.0 / math.sqrt(dof)
    # Bonett & Wright (2000): var(atanh(rho_s)) ~ (1 + rho_s^2 / 2) / (n - 3); the partial
    # version subtracts the number of controls from n as for Pearson.
    return math.sqrt((1.0 + r * r / 2.0) / dof)


def _correlation(method: Method, r: float, n: int, controls: int, level: float) -> Correlation:
    low, high = fisher_interval(r, _se(method, r, n, controls), level)
    return Correlation(method=method, r=r, n=n, low=low, high=high, controls=controls, level=level)


def pearson(x: ArrayLike, y: ArrayLike, level: float = 0.95) -> Correlation:
    """Pearson r with a Fisher z interval (standard error 1/sqrt(n - 3))."""
    xa, ya = _pair(x, y)
    return _correlation("pearson", _r(xa, ya), xa.size, 0, level)


def spearman(x: ArrayLike, y: ArrayLike, level: float = 0.95) -> Correlation:
    """Spearman rho (Pearson r of average ranks) with a Fisher z interval, Bonett-Wright SE."""
    xa, ya = _pair(x, y)
    return _correlation("spearman", _r(average_ranks(xa), average_ranks(ya)), xa.size, 0, level)


def residuals(y: ArrayLike, controls: ArrayLike) -> np.ndarray:
    """Residuals of y after an OLS regression on the controls plus an intercept."""
    ya = _as_float(y)
    z = np.asarray(controls, dtype=float)
    if z.ndim == 1:
        z = z[:, None]
    design = np.column_stack((np.ones(ya.size), z))
    coef, *_ = np.linalg.lstsq(design, ya, rcond=None)
    residual: np.ndarray = ya - design @ coef
    return residual


def partial(
    x: ArrayLike, y: ArrayLike, controls: ArrayLike, method: Method = "pearson", level: float = 0.95
) -> Correlation:
    """Correlation of x and y holding the controls constant (residual method).

    Spearman's partial version ranks x, y and each control first, then does the same.
    The interval uses n - 3 - k degrees of freedom for k controls.
    """
    xa, ya = _pair(x, y)
    z = np.asarray(controls, dtype=float)
    if z.ndim == 1:
        z = z[:, None]
    if z.shape[0] != xa.size or not np.isfinite(z).all():
        raise ValueError("controls must be complete and as long as x and y")
    if method == "spearman":
        xa, ya = average_ranks(xa), average_ranks(ya)
        z = np.column_stack([average_ranks(col) for col in z.T])
    r = _r(residuals(xa, z), residuals(ya, z))
    return _correlation(method, r, xa.size, z.shape[1], level)


def ols_line(x: ArrayLike, y: ArrayLike) -> Line:
    """Least squares line of y on x; NaN slope when x is constant."""
    xa, ya = _pair(x, y)
    xd = xa - xa.mean()
    sxx = float(xd @ xd)
    if xa.size < 2 or sxx == 0.0:
        return Line(slope=math.nan, intercept=math.nan)
    slope = float(xd @ (ya - ya.mean())) / sxx
    return Line(slope=slope, intercept=float(ya.mean()) - slope * float(xa.mean()))


def index_to_base(values: ArrayLike, base: float) -> np.ndarray:
    """Values as an index where the base value is 100; all NaN when the base is missing or 0."""
    arr = np.asarray(values, dtype=float)
    if not math.isfinite(base) or base == 0.0:
        return np.full(arr.shape, math.nan)
    return arr / base * 100.0
