"""The judgement module on simulated series with a known truth, and on hand-checked cases.

The simulation is the issue's "Done when": with no true change, bättre/sämre in at most 5 % of
runs (Poisson with dispersion 1, 4 and 16 for 2 500 to 1 000 000 inhabitants; binomial cohorts
of 20 to 10 000 pupils); a true 20 % change in a kommun of 100 000 gets its word in at least
80 % of runs. `pytest -s tests/core/test_judgement.py -k table` prints the table.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from trygghet.core import judgement as jd

YEARS = list(range(2015, 2026))  # a crime series since the 2015 break, as the cards read it
WINDOW = (2020, 2025)  # latest year and about five years back
RATE = 10_000.0  # per 100 000: the order of N07540 (kommun median 8 922 in 2022)
SHARE = 0.75  # the order of N15508 (year 9 passed every subject)
RUNS = 1000
POPULATIONS = (2_500, 10_000, 100_000, 1_000_000)
DISPERSIONS = (1.0, 4.0, 16.0)
COHORTS = (20, 50, 200, 1_000, 10_000)


def _events(rng: np.random.Generator, mean: np.ndarray, phi: float) -> np.ndarray:
    """Counts with the given means and variance phi × mean (negative binomial; Poisson at 1)."""
    if phi == 1.0:
        return rng.poisson(mean)
    return rng.negative_binomial(mean / (phi - 1.0), 1.0 / phi)


def _pupils(rng: np.random.Generator, n: int, p: np.ndarray, phi: float) -> np.ndarray:
    """Pupils passing out of n, binomial (phi 1) or beta-binomial with variance phi × binomial."""
    if phi == 1.0:
        return rng.binomial(n, p)
    rho = (phi - 1.0) / (n - 1.0)  # intra-class correlation giving that inflation
    a, b = p * (1 / rho - 1), (1 - p) * (1 / rho - 1)
    return rng.binomial(n, rng.beta(a, b))


def crime_rate(pop: int, phi: float, change: float = 0.0, seed: int = 1) -> float:
    """Share of runs with bättre or sämre for a crime rate whose truth moves by `change`.

    The true rate is flat until the window's base year, then moves steadily (in log scale) to
    (1 + change) × the start by the last year.
    """
    rng = np.random.default_rng(seed)
    ramp = [max(0, y - WINDOW[0]) / (WINDOW[1] - WINDOW[0]) for y in YEARS]
    truth = np.array([RATE * (1 + change) ** r for r in ramp])
    mean = truth * pop / 100_000
    population = dict.fromkeys(YEARS, float(pop))
    worded = 0
    expected = jd.WORSE if change > 0 else None  # lower is better for crime
    for _ in range(RUNS):
        counts = _events(rng, mean, phi)
        rates = {y: float(c) * 100_000 / pop for y, c in zip(YEARS, counts, strict=True)}
        word = jd.counts(rates, population, WINDOW, "lower_better").word
        worded += word == expected if expected else word in (jd.BETTER, jd.WORSE)
    return worded / RUNS


def pupil_share(n: int, phi: float, seed: int = 2) -> float:
    """Share of runs with bättre or sämre for a year-9 share with no true change."""
    rng = np.random.default_rng(seed)
    p = np.full(len(YEARS), SHARE)
    cohorts = dict.fromkeys(YEARS, float(n))
    worded = 0
    for _ in range(RUNS):
        passed = _pupils(rng, n, p, phi)
        values = {y: float(k) / n * 100 for y, k in zip(YEARS, passed, strict=True)}
        word = jd.shares(values, cohorts, WINDOW, "higher_better").word
        worded += word in (jd.BETTER, jd.WORSE)
    return worded / RUNS


def trend_noise(seed: int = 3) -> float:
    """Share of runs with a verdict for a flat series with normal noise (the trend rule)."""
    rng = np.random.default_rng(seed)
    worded = 0
    for _ in range(RUNS):
        values = {
            y: 10 + float(v) for y, v in zip(YEARS, rng.normal(0, 1, len(YEARS)), strict=True)
        }
        worded += jd.trend(values, WINDOW, "higher_better").word in (jd.BETTER, jd.WORSE)
    return worded / RUNS


@pytest.mark.parametrize("phi", DISPERSIONS)
@pytest.mark.parametrize("pop", POPULATIONS)
def test_no_true_change_in_crime_gets_a_word_in_at_most_5_percent(pop: int, phi: float) -> None:
    assert crime_rate(pop, phi) <= 0.05


@pytest.mark.parametrize("phi", (1.0, 4.0))
@pytest.mark.parametrize("n", COHORTS)
def test_no_true_change_in_a_pupil_share_gets_a_word_in_at_most_5_percent(
    n: int, phi: float
) -> None:
    assert pupil_share(n, phi) <= 0.05


def test_no_true_change_in_a_trend_gets_a_word_in_at_most_5_percent() -> None:
    assert trend_noise() <= 0.05


@pytest.mark.parametrize("phi", DISPERSIONS)
def test_a_true_20_percent_rise_in_a_kommun_of_100000_is_found(phi: float) -> None:
    assert crime_rate(100_000, phi, change=0.20) >= 0.80


def test_table() -> None:
    """Print the simulation table for the closing note (run with -s)."""
    lines = ["kind | size | dispersion | bättre/sämre share"]
    for pop in POPULATIONS:
        for phi in DISPERSIONS:
            lines.append(f"crime, no change | {pop} inv | {phi:g} | {crime_rate(pop, phi):.3f}")
    for phi in DISPERSIONS:
        share = crime_rate(100_000, phi, change=0.20)
        lines.append(f"crime, true +20 % (sämre) | 100000 inv | {phi:g} | {share:.3f}")
    for n in COHORTS:
        for phi in (1.0, 4.0):
            lines.append(f"pupils, no change | {n} pupils | {phi:g} | {pupil_share(n, phi):.3f}")
    lines.append(f"trend, no change | normal noise | - | {trend_noise():.3f}")
    print("\n".join(lines))


def test_counts_interval_is_the_rate_ratio_with_poisson_noise_on_the_events() -> None:
    """Hand-made case (not source data): 264 -> 278 events while the population shrinks."""
    population = {2020: 4_000.0, 2025: 3_800.0}
    rates = {2020: 264 / 4_000 * 100_000, 2025: 278 / 3_800 * 100_000}
    j = jd.counts(rates, population, (2020, 2025), "lower_better", pooled=(1.0, 10**9))
    # A plain Poisson (φ = 1) interval of the rate ratio, derived here by hand.
    half = 1.959964 * math.sqrt(1 / 264 + 1 / 278)
    ratio = rates[2025] / rates[2020]
    assert j.events == pytest.approx((264, 278))
    assert j.change == pytest.approx((ratio - 1) * 100)
    assert j.low == pytest.approx((ratio * math.exp(-half) - 1) * 100, abs=0.01)
    assert j.high == pytest.approx((ratio * math.exp(half) - 1) * 100, abs=0.01)
    assert j.word == jd.UNSURE  # the interval includes no change


def test_survey_without_uncertainty_gets_no_verdict() -> None:
    j = jd.survey({2020: 29.0, 2022: 28.3}, {}, (2020, 2022), "lower_better")
    assert j.word == "" and j.why == jd.NO_UNCERTAINTY
    assert j.change == pytest.approx(-0.7)


def test_survey_with_published_uncertainty() -> None:
    j = jd.survey({2020: 30.0, 2022: 24.0}, {2020: 2.0, 2022: 2.0}, (2020, 2022), "lower_better")
    assert j.low == pytest.approx(-6 - math.hypot(2, 2))
    assert j.word == jd.BETTER


def test_interval_phrase_is_swedish() -> None:
    j = jd.Judgement(jd.COUNTS, 2020, 2025, 100.0, 98.1, -1.9, -4.7, 0.9, True, jd.UNSURE)
    assert j.phrase() == "↓\u00a01,9\u00a0% (95\u00a0%: \u22124,7 till +0,9\u00a0%)"


def test_trend_ignores_a_base_year_on_a_trough() -> None:
    """Storfors' youth series starts on its minimum; the line over the window does not."""
    values = {2019: 2.52, 2020: 12.7, 2021: 8.1, 2022: 11.0, 2023: 6.05}
    j = jd.trend(values, (2019, 2023), "higher_better")
    assert j.word == jd.UNSURE  # two end points would say +140 %


def test_versus_group_same_scale() -> None:
    own = jd.Judgement(jd.COUNTS, 2020, 2025, 100.0, 80.0, -20.0, -25.0, -15.0, True, jd.BETTER)
    v = jd.versus_group(own, [0.0, 1.0, -1.0, 2.0, -2.0], "lower_better")
    assert v.members == 5 and v.word == jd.BETTER and v.gap == pytest.approx(-20.0)


def test_a_window_across_a_break_is_not_judged_and_history_starts_at_it() -> None:
    values = {y: 100.0 + y % 3 for y in range(2010, 2026)}
    people = dict.fromkeys(range(2010, 2026), 100_000.0)
    ev = jd.Evidence(people, {}, {}, breaks=(2015,))
    across = jd.judge(jd.COUNTS, values, (2012, 2025), "lower_better", "antal/100 000 inv", ev)
    assert across.word == "" and across.why == "perioden spänner över seriebrottet 2015"
    after = jd.judge(jd.COUNTS, values, (2020, 2025), "lower_better", "antal/100 000 inv", ev)
    assert after.judged


def test_every_break_names_loaded_kpis_and_a_source() -> None:
    from etl.indicators import load_catalogue
    from trygghet.indicators.catalogue import breaks

    loaded = set(load_catalogue()["kpi_id"])
    for b in breaks():
        assert set(b.kpis) <= loaded and b.source and b.url.startswith("https://")


def test_survey_companions_are_kolada_osakerhetstal_of_their_kpi(db_con) -> None:
    """Each catalogued companion is Kolada's osäkerhetstal with its survey KPI's title."""
    from trygghet.indicators.catalogue import uncertainty_kpi

    titles = dict(db_con.execute("SELECT kpi_id, title FROM kolada_kpi").fetchall())
    surveys = [
        k
        for (k,) in db_con.execute(
            "SELECT kpi_id FROM v_indicators WHERE theme = 'trygghet'"
        ).fetchall()
        if uncertainty_kpi(k)
    ]
    assert "N07609" in surveys and uncertainty_kpi("N07609") == "N07657"
    for kpi in surveys:
        companion = titles[uncertainty_kpi(kpi)]
        assert companion.startswith("Osäkerhetstal - ")
        assert companion.removeprefix("Osäkerhetstal - ")[:40] in titles[kpi]


def test_an_uncertainty_entry_must_name_its_kpi(tmp_path) -> None:
    from etl.indicators import load_catalogue

    bad = tmp_path / "indicators.toml"
    bad.write_text(
        '[[indicator]]\nkpi_id = "N07657"\ntheme = "osakerhet"\nlabel = "x"\nunit = "p"\n'
        'direction = "neutral"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="uncertainty_of"):
        load_catalogue(bad)


def test_a_short_history_borrows_its_size_class_pooled_noise() -> None:
    """Pooled φ: each kommun's standardised changes about its own mean, summed over the class."""
    a = [(0.1, 0.01), (-0.1, 0.01), (0.1, 0.01)]  # mean 1/30, squares sum 2,667 -> φ·df
    b = [(0.0, 0.04), (0.2, 0.04)]
    phi, df = jd.pooled_dispersion([a, b, [(0.5, 0.1)]])  # a single change adds nothing
    mean_a = 0.1 / 3
    num = sum((d - mean_a) ** 2 / v for d, v in a) + sum((d - 0.1) ** 2 / v for d, v in b)
    assert df == 3 and phi == pytest.approx(num / 3)
    rates = {2023: 9000.0, 2025: 9900.0}
    people = {2023: 50_000.0, 2025: 50_000.0}
    short = jd.counts(rates, people, (2023, 2025), "lower_better")
    assert short.why == "för kort historik"
    borrowed = jd.counts(rates, people, (2023, 2025), "lower_better", pooled=(phi, df))
    assert borrowed.has_interval and borrowed.dispersion == pytest.approx(phi)
    assert jd.size_class(9_999, jd.POPULATION_CLASSES) == 0
    assert jd.size_class(100_000, jd.POPULATION_CLASSES) == 3
    assert jd.size_class(None, jd.POPULATION_CLASSES) == -1
