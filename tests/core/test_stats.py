"""trygghet.stats against scipy and numpy on the same data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from trygghet.core import stats
from trygghet.samband import data as sd
from trygghet.samband import text as words


def _sample(
    n: int = 60, seed: int = 7, ties: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y and a context variable z that drives both (so partial differs from plain r)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(50, 10, n)
    x = 0.6 * z + rng.normal(0, 8, n)
    y = -0.4 * z + 0.2 * x + rng.normal(0, 6, n)
    if ties:
        x, y, z = np.round(x / 5) * 5, np.round(y / 5) * 5, np.round(z / 5) * 5
    return x, y, z


@pytest.mark.parametrize("ties", [False, True])
def test_average_ranks_equal_scipy_rankdata(ties: bool) -> None:
    x, _, _ = _sample(ties=ties)
    np.testing.assert_allclose(stats.average_ranks(x), sps.rankdata(x, method="average"))


@pytest.mark.parametrize("n", [5, 12, 290])
def test_pearson_r_and_fisher_interval_equal_scipy(n: int) -> None:
    x, y, _ = _sample(n=n)
    got = stats.pearson(x, y)
    ref = sps.pearsonr(x, y)
    ci = ref.confidence_interval(confidence_level=0.95)  # scipy's default is the Fisher z interval
    assert got.n == n
    assert got.r == pytest.approx(ref.statistic, abs=1e-12)
    assert got.low == pytest.approx(ci.low, abs=1e-10)
    assert got.high == pytest.approx(ci.high, abs=1e-10)


def test_pearson_interval_by_hand_for_a_known_case() -> None:
    # r = 0.5 and n = 28 give se = 1/5; atanh(0.5) = 0.549306; z(0.975) = 1.959964.
    low, high = stats.fisher_interval(0.5, 1 / math.sqrt(25))
    assert low == pytest.approx(math.tanh(0.5493061443 - 1.959963985 * 0.2), abs=1e-9)
    assert high == pytest.approx(math.tanh(0.5493061443 + 1.959963985 * 0.2), abs=1e-9)
    assert round(low, 3) == 0.156 and round(high, 3) == 0.736


@pytest.mark.parametrize("ties", [False, True])
def test_spearman_rho_equals_scipy_and_interval_uses_bonett_wright(ties: bool) -> None:
    x, y, _ = _sample(n=80, ties=ties)
    got = stats.spearman(x, y)
    rho = sps.spearmanr(x, y).statistic
    assert got.r == pytest.approx(rho, abs=1e-12)
    se = math.sqrt((1 + rho**2 / 2) / (80 - 3))
    q = sps.norm.ppf(0.975)
    assert got.low == pytest.approx(math.tanh(math.atanh(rho) - q * se), abs=1e-10)
    assert got.high == pytest.approx(math.tanh(math.atanh(rho) + q * se), abs=1e-10)
    # Bonett-Wright is wider than the Pearson-style 1/sqrt(n-3) interval for the same rho.
    narrow_low, narrow_high = stats.fisher_interval(rho, 1 / math.sqrt(80 - 3))
    assert got.low < narrow_low and got.high > narrow_high


def test_partial_pearson_equals_numpy_regression_residuals_and_formula() -> None:
    x, y, z = _sample(n=120)
    got = stats.partial(x, y, z)
    # Residuals from numpy's own polynomial fit of degree 1 on z.
    rx = x - np.polyval(np.polyfit(z, x, 1), z)
    ry = y - np.polyval(np.polyfit(z, y, 1), z)
    ref = sps.pearsonr(rx, ry).statistic
    assert got.r == pytest.approx(ref, abs=1e-10)
    # The textbook formula from the three pairwise correlations.
    rxy, rxz, ryz = (np.corrcoef(a, b)[0, 1] for a, b in ((x, y), (x, z), (y, z)))
    formula = (rxy - rxz * ryz) / math.sqrt((1 - rxz**2) * (1 - ryz**2))
    assert got.r == pytest.approx(formula, abs=1e-10)
    # Holding z constant changes the answer here (z drives both x and y).
    assert abs(got.r - stats.pearson(x, y).r) > 0.05
    # Interval with n - 3 - 1 degrees of freedom.
    se = 1 / math.sqrt(120 - 3 - 1)
    assert got.controls == 1
    assert got.low == pytest.approx(
        math.tanh(math.atanh(ref) - sps.norm.ppf(0.975) * se), abs=1e-10
    )
    assert got.high == pytest.approx(
        math.tanh(math.atanh(ref) + sps.norm.ppf(0.975) * se), abs=1e-10
    )


def test_partial_with_two_controls_equals_inverse_correlation_matrix() -> None:
    x, y, z = _sample(n=90)
    w = np.random.default_rng(3).normal(size=90) + 0.3 * x
    got = stats.partial(x, y, np.column_stack((z, w)))
    precision = np.linalg.inv(np.corrcoef(np.vstack((x, y, z, w))))
    ref = -precision[0, 1] / math.sqrt(precision[0, 0] * precision[1, 1])
    assert got.r == pytest.approx(ref, abs=1e-10)
    assert got.controls == 2


def test_partial_spearman_is_partial_pearson_of_ranks() -> None:
    x, y, z = _sample(n=70, ties=True)
    got = stats.partial(x, y, z, method="spearman")
    rx, ry, rz = (sps.rankdata(v) for v in (x, y, z))

    def res(a: np.ndarray) -> np.ndarray:
        return a - np.polyval(np.polyfit(rz, a, 1), rz)

    assert got.r == pytest.approx(sps.pearsonr(res(rx), res(ry)).statistic, abs=1e-10)
    assert got.method == "spearman"


def test_residuals_equal_numpy_lstsq() -> None:
    _x, y, z = _sample()
    design = np.column_stack((np.ones_like(z), z))
    coef = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(stats.residuals(y, z), y - design @ coef, atol=1e-10)


def test_ols_line_equals_numpy_polyfit_and_scipy_linregress() -> None:
    x, y, _ = _sample()
    line = stats.ols_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert line.slope == pytest.approx(slope, rel=1e-10)
    assert line.intercept == pytest.approx(intercept, rel=1e-10)
    assert line.slope == pytest.approx(sps.linregress(x, y).slope, rel=1e-10)


def test_small_or_constant_samples_have_no_interval() -> None:
    three = stats.pearson([1, 2, 3], [2, 1, 4])
    assert three.n == 3 and not three.has_interval and three.interval_includes_zero
    flat = stats.spearman([1, 1, 1, 1, 1], [1, 2, 3, 4, 5])
    assert math.isnan(flat.r) and not flat.has_interval
    assert math.isnan(stats.ols_line([2, 2, 2], [1, 2, 3]).slope)


def test_perfect_correlation_stays_inside_bounds() -> None:
    got = stats.pearson([1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12])
    assert got.r == pytest.approx(1.0) and got.low == pytest.approx(1.0)
    assert not got.interval_includes_zero


def test_missing_values_are_refused_not_silently_dropped() -> None:
    with pytest.raises(ValueError, match="missing"):
        stats.pearson([1, 2, math.nan, 4], [1, 2, 3, 4])
    with pytest.raises(ValueError, match="length"):
        stats.pearson([1, 2, 3], [1, 2])


def test_index_to_base() -> None:
    np.testing.assert_allclose(stats.index_to_base([50, 100, math.nan], 50), [100, 200, math.nan])
    assert np.isnan(stats.index_to_base([1.0, 2.0], 0.0)).all()
    assert np.isnan(stats.index_to_base([1.0, 2.0], math.nan)).all()


# Wording follows the numbers (trygghet.samband_text), checked on Correlation values from stats.


def _corr(r: float, n: int, method: stats.Method = "pearson") -> stats.Correlation:
    se = 1 / math.sqrt(n - 3)
    low, high = stats.fisher_interval(r, se)
    return stats.Correlation(method=method, r=r, n=n, low=low, high=high)


def test_interval_including_zero_reads_as_no_established_relation() -> None:
    weak = _corr(0.1, 40)  # 95 % CI about -0.22 to 0.40
    assert weak.low < 0 < weak.high
    assert words.verdict(weak).startswith("Inget säkerställt samband")
    assert "stark" not in words.verdict(weak) and "stark" not in words.reading(weak, "A", "B")
    assert "visar inte" in words.reading(weak, "A", "B")


def test_words_span_the_interval_not_just_the_point() -> None:
    wide = _corr(-0.45, 60)  # CI about -0.63 to -0.22: from weak to strong
    assert words.verdict(wide) == "Ett svagt till starkt negativt samband"
    narrow = _corr(0.7, 290)  # CI about 0.64 to 0.75
    assert words.verdict(narrow) == "Ett starkt positivt samband"
    assert "högre" in words.reading(narrow, "Idrott", "Brott")
    moderate = _corr(-0.22, 287)
    assert words.verdict(moderate) == "Ett svagt till måttligt negativt samband"
    assert "lägre" in words.reading(moderate, "Idrott", "Brott")


def test_numbers_are_printed_in_swedish_with_interval_and_n() -> None:
    c = stats.pearson(*_sample(n=50)[:2])
    shown = words.numbers(c)
    interval = f"95 % KI {words.fmt_r(c.low)} till {words.fmt_r(c.high)}"
    assert shown == f"r = {words.fmt_r(c.r)} ({interval}), n = 50"
    assert "," in words.fmt_r(0.25) and words.fmt_r(-0.25).startswith("\u2212")


def test_too_few_kommuner_draws_no_conclusion() -> None:
    few = _corr(0.9, 8)
    assert few.has_interval and not few.interval_includes_zero
    assert words.verdict(few).startswith("För få kommuner")
    assert words.coverage(281, 9) == "n = 281, 9 utan data"


def test_pearson_and_spearman_disagreeing_gives_a_warning() -> None:
    assert words.robustness(_corr(-0.3, 200), _corr(-0.05, 200, "spearman")) is not None
    assert words.robustness(_corr(-0.3, 200), _corr(-0.35, 200, "spearman")) is None
    assert words.robustness(_corr(0.01, 200), _corr(-0.02, 200, "spearman")) is None


# Pairing kommuner by year and lag (trygghet.samband_data): who is in, who is left out and why.
KOMMUNER = pd.DataFrame(
    {"municipality_id": ["0001", "0002", "0003", "0004"], "municipality": ["A", "B", "C", "D"]}
)


def _long(rows: list[tuple[str, int, float | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["municipality_id", "year", "value", "status"])


X = _long(
    [
        ("0001", 2020, 1.0, None),
        ("0002", 2020, 2.0, None),
        ("0003", 2020, None, "Privacy"),
        ("0004", 2020, 4.0, None),
        ("0001", 2021, 2.0, None),
        ("0002", 2021, 2.5, None),
        ("0003", 2021, 3.0, None),
        ("0004", 2021, 5.0, None),
    ]
)
Y = _long(
    [
        ("0001", 2021, 10.0, None),
        ("0002", 2021, 30.0, None),
        ("0003", 2021, 20.0, None),
        ("0001", 2020, 12.0, None),
        ("0002", 2020, 25.0, None),
        ("0003", 2020, 22.0, None),
        ("0004", 2020, 40.0, None),
    ]
)


def test_pairs_apply_the_lag_and_list_every_reason() -> None:
    p = sd.pairs(KOMMUNER, {"x": (X, 2020, "Skola"), "y": (Y, 2021, "Brott")})
    assert p.data[["municipality_id", "x", "y"]].values.tolist() == [
        ["0001", 1.0, 10.0],
        ["0002", 2.0, 30.0],
    ]
    reasons = dict(zip(p.excluded["municipality_id"], p.excluded["reason"], strict=True))
    assert reasons == {
        "0003": "Skola 2020: sekretess (för få personer)",
        "0004": "Brott 2021: ej publicerat",
    }
    assert p.n + len(p.excluded) == len(KOMMUNER)


def test_changes_are_end_minus_start_per_kommun() -> None:
    p = sd.changes(KOMMUNER, (X, "Skola"), (Y, "Brott"), 2020, 2021)
    assert p.data[["municipality_id", "x", "y"]].values.tolist() == [
        ["0001", 1.0, -2.0],
        ["0002", 0.5, 5.0],
    ]
    assert list(p.excluded["municipality_id"]) == ["0003", "0004"]


def test_summary_matches_stats_on_the_kept_rows() -> None:
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {"x": rng.normal(size=30), "y": rng.normal(size=30), "c": rng.normal(size=30)}
    )
    p = sd.Pairs(data=data, excluded=data.iloc[0:0])
    assert sd.summarise(p).pearson == stats.pearson(data["x"], data["y"])
    assert sd.summarise(p, "c").spearman == stats.partial(
        data["x"], data["y"], data["c"], "spearman"
    )


def test_year_choice_defaults_to_the_latest_year_most_kommuner_have() -> None:
    counts = pd.Series({2015: 103, 2016: 111, 2017: 287, 2018: 288, 2019: 40, 2020: 9})
    options, default = sd.year_choice(counts, 290, 2010, 2025)
    assert options == [2015, 2016, 2017, 2018, 2019] and default == 2018
    # Nothing inside the sidebar's years: offer what exists rather than nothing.
    assert sd.year_choice(counts, 290, 2023, 2025) == ([2015, 2016, 2017, 2018, 2019], 2018)
    assert sd.year_choice(pd.Series(dtype=int), 290, 2010, 2025) == ([], None)


def test_pair_counts_shift_y_by_the_lag() -> None:
    assert sd.pair_counts(X, Y, 0).to_dict() == {2020: 3, 2021: 3}
    assert sd.pair_counts(X, Y, 1).to_dict() == {2020: 2}


def test_indexed_series_has_100_in_the_base_year_and_gaps_stay_gaps() -> None:
    s = pd.DataFrame(
        {"year": [2019, 2020, 2021], "value": [50.0, None, 75.0], "cmp_mean": [10.0, 20.0, 5.0]}
    )
    out = sd.indexed(s, ["value", "cmp_mean"], 2019)
    assert out["value"].tolist()[0] == 100.0 and np.isnan(out["value"].tolist()[1])
    assert out["value"].tolist()[2] == 150.0 and out["cmp_mean"].tolist() == [100.0, 200.0, 50.0]
    assert sd.indexed(s, ["value"], 2020)["value"].isna().all()  # no base value: no index
