"""One judgement for every verdict: a change, its 95 % interval and a word (pure).

A change is called *bättre* or *sämre* only where the data's own noise cannot explain it;
otherwise it is *ingen säker förändring* (which, unlike "oförändrat", does not claim that
nothing changed). The noise model fits the kind of figure:

- counts: a rate per inhabitants, whose events are rate × population. The change is the rate
  ratio of the two years; its variance is φ (1/c₀ + 1/c₁) (Poisson times an overdispersion
  factor φ, a quasi-Poisson model). φ is estimated from the kommun's own year-to-year changes
  (never below 1) and the interval uses Student's t with that estimate's degrees of freedom,
  so a short history gives a wide interval rather than a false verdict.
- shares: a share of a cohort (pupils). Binomial variance p (1 − p) / n with the cohort size,
  times an overdispersion factor estimated the same way from the share's own history.
- survey: an estimate from a sample. Only a published uncertainty is used (Kolada's
  "osäkerhetstal": the largest distance from the estimate to its 95 % interval); without one
  the change is shown and no verdict is given.
- trend: anything else. A least squares line over the window; the change is the line's
  change over the window and its interval comes from the residuals around the line, so a base
  year on an outlier cannot make the verdict.

Every function takes year -> value mappings and returns a `Judgement`; `versus_group` compares
a kommun's change with its group's over the same members.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from scipy.special import stdtrit  # the t quantile, without scipy.stats' second of import

from trygghet.core.format import MINUS, NBSP, fmt_num
from trygghet.core.kolada import is_rate

LEVEL = 0.95
BETTER, WORSE, UNSURE, NONE = "bättre", "sämre", "ingen säker förändring", "–"
NO_UNCERTAINTY_SHORT = "osäkerheten redovisas inte här"
NO_UNCERTAINTY = f"{NO_UNCERTAINTY_SHORT} – ingen bedömning"
IN_STEP = "ingen säker skillnad"  # kommun vs group: the difference is within the noise
MIN_DIFFS = 4  # fewer year-to-year changes than this: the own history cannot give φ
MIN_TREND_POINTS = 3  # a line through two points has no residuals to measure noise by
COUNTS, SHARES, SURVEY, TREND = "counts", "shares", "survey", "trend"
DIRECTIONS = ("higher_better", "lower_better")
METHODS = {
    COUNTS: "antal händelser (Poisson med överspridning ur kommunens egen historik)",
    SHARES: "andel av en årskull (binomial med årskullens storlek och överspridning)",
    SURVEY: "urvalsundersökning (publicerad osäkerhet)",
    TREND: "trendlinje över perioden (spridningen kring linjen)",
}


@dataclass(frozen=True)
class Judgement:
    """A change between two years with its 95 % interval and the word it earns.

    `change`, `low` and `high` are in % of the earlier value (relative=True) or in points
    (shares and survey percentages). `low`/`high` are NaN where no interval can be given,
    and `why` then says why there is no verdict.
    """

    kind: str
    base_year: int
    last_year: int
    base: float
    last: float
    change: float
    low: float
    high: float
    relative: bool
    word: str  # BETTER | WORSE | UNSURE | NONE | "" (no verdict, see why)
    why: str = ""
    dispersion: float = math.nan  # the overdispersion factor used (counts, shares)
    events: tuple[float, float] | None = None  # events behind a rate in the two years

    @property
    def has_interval(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def judged(self) -> bool:
        return self.word in (BETTER, WORSE, UNSURE)

    @property
    def arrow(self) -> str:
        # The change's sign, not the end points': a trend's change is its line's.
        return "↑" if self.change > 0 else "↓" if self.change < 0 else "→"

    def size(self) -> str:
        """'1,9 %' or '3,3 procentenheter' (the direction is the arrow's)."""
        return _size(abs(self.change), self.relative)

    def interval(self) -> str:
        """'95 %: −4,7 till +0,9 %' (signed, same unit as the change), '' without one."""
        if not self.has_interval:
            return ""
        unit = f"{NBSP}%" if self.relative else f"{NBSP}procentenheter"
        low, high = (signed(v, self.relative) for v in (self.low, self.high))
        return f"95{NBSP}%: {low} till {high}{unit}"

    def phrase(self) -> str:
        """'↓ 1,9 % (95 %: −4,7 till +0,9 %)': the change and, where known, its interval."""
        text = f"{self.arrow}{NBSP}{self.size()}"
        if self.kind == TREND and self.has_interval:
            text = f"enligt trendlinjen {text}"
        return f"{text} ({self.interval()})" if self.has_interval else text

    def word_text(self) -> str:
        """The verdict as a reader sees it, with the reason where there is none."""
        if self.word == NONE:
            return "– (ingen bättre riktning)"
        if self.word:
            return self.word
        if self.why == NO_UNCERTAINTY:
            return self.why
        return f"ingen bedömning ({self.why})" if self.why else "ingen bedömning"


def _decimals(size: float) -> int:
    return 0 if size >= 10 else 1


def _size(size: float, relative: bool) -> str:
    if relative:
        return f"{fmt_num(size, _decimals(size))}{NBSP}%"
    return f"{fmt_num(size, 1)}{NBSP}procentenheter"


def signed(value: float, relative: bool) -> str:
    """'+0,9' or '−4,7' (one decimal for points and small %, whole % from 10 up)."""
    places = _decimals(abs(value)) if relative else 1
    text = fmt_num(abs(value), places)
    if text.strip("0,") == "":
        return text
    return ("+" if value > 0 else MINUS) + text


@functools.lru_cache(maxsize=256)
def _t(df: float) -> float:
    """The two-sided 95 % quantile: Student's t with df degrees of freedom (normal when inf)."""
    q = 0.5 + LEVEL / 2
    return NormalDist().inv_cdf(q) if math.isinf(df) else float(stdtrit(df, q))


def _word(low: float, high: float, up_good: bool | None) -> str:
    if up_good is None:
        return NONE
    if low > 0:
        return BETTER if up_good else WORSE
    if high < 0:
        return WORSE if up_good else BETTER
    return UNSURE


def _up_good(direction: str) -> bool | None:
    return None if direction not in DIRECTIONS else direction == "higher_better"


def _no_verdict(
    kind: str, years: tuple[int, int], values: tuple[float, float], relative: bool, why: str
) -> Judgement:
    base, last = values
    change = _relative(base, last) if relative else last - base
    return Judgement(
        kind, years[0], years[1], base, last, change, math.nan, math.nan, relative, "", why
    )


def _relative(base: float, last: float) -> float:
    if base == 0:
        return 0.0 if last == 0 else math.inf
    return (last - base) / abs(base) * 100


def dispersion(terms: Sequence[tuple[float, float]]) -> tuple[float, int]:
    """Overdispersion from year-to-year changes: terms are (change, its model variance).

    φ = Σ (d − d̄)² / v ÷ (k − 1): the mean squared standardised change after removing the
    average change (a steady trend is not noise). Never below 1, since the model's own noise
    is the least there is. Returns (φ, degrees of freedom k − 1); (nan, 0) when k < 2.
    """
    k = len(terms)
    if k < 2:
        return math.nan, 0
    weights = [1 / v for _, v in terms]
    mean = sum(d * w for (d, _), w in zip(terms, weights, strict=True)) / sum(weights)
    phi = sum((d - mean) ** 2 / v for d, v in terms) / (k - 1)
    return max(1.0, phi), k - 1


def _consecutive(years: Sequence[int]) -> list[tuple[int, int]]:
    ys = sorted(years)
    return [(a, b) for a, b in itertools.pairwise(ys) if b == a + 1]


def counts(
    rates: Mapping[int, float],
    population: Mapping[int, float],
    years: tuple[int, int],
    direction: str,
    per: float = 100_000,
    pooled: tuple[float, int] | None = None,
) -> Judgement:
    """A rate per `per` inhabitants judged on its events (rate × population / per).

    `rates` is the history the overdispersion is estimated from (the window's two years among
    them); `pooled` = (φ, df) from kommuner of the same size, used when the own history has
    fewer than MIN_DIFFS year-to-year changes.
    """
    base_y, last_y = years
    base, last = rates[base_y], rates[last_y]
    events = _events(rates, population, per)
    if base_y not in events or last_y not in events:
        return _no_verdict(COUNTS, years, (base, last), True, "folkmängden saknas")
    c0, c1 = events[base_y], events[last_y]
    if min(c0, c1) <= 0:
        return _no_verdict(COUNTS, years, (base, last), True, "inga händelser ett av åren")
    phi, df = dispersion(count_terms(rates, population, per))
    if df + 1 < MIN_DIFFS:
        if pooled is None:
            return _no_verdict(COUNTS, years, (base, last), True, "för kort historik")
        phi, df = pooled
    log_ratio = math.log(last / base) if base > 0 and last > 0 else math.nan
    half = _t(df) * math.sqrt(phi * (1 / c0 + 1 / c1))
    low, high = (math.expm1(log_ratio - half) * 100, math.expm1(log_ratio + half) * 100)
    word = _word(low, high, _up_good(direction))
    return Judgement(
        COUNTS,
        base_y,
        last_y,
        base,
        last,
        _relative(base, last),
        low,
        high,
        True,
        word,
        "",
        phi,
        (c0, c1),
    )


def _near(by_year: Mapping[int, float], year: int) -> float | None:
    """The year's value, else a neighbouring year's (Kolada skips a population year now and
    then; a population moves too little in a year to matter for the count)."""
    for y in (year, year - 1, year + 1):
        if y in by_year:
            return by_year[y]
    return None


def _events(
    rates: Mapping[int, float], population: Mapping[int, float], per: float
) -> dict[int, float]:
    people = {y: p for y in rates if (p := _near(population, y)) is not None}
    return {y: r * people[y] / per for y, r in rates.items() if y in people}


def count_terms(
    rates: Mapping[int, float], population: Mapping[int, float], per: float = 100_000
) -> list[tuple[float, float]]:
    """Year-to-year log changes of a rate and their Poisson variances (1/c₀ + 1/c₁)."""
    events = _events(rates, population, per)
    return [
        (math.log(rates[b] / rates[a]), 1 / events[a] + 1 / events[b])
        for a, b in _consecutive(list(events))
        if events[a] > 0 and events[b] > 0
    ]


def share_terms(
    values: Mapping[int, float], cohorts: Mapping[int, float]
) -> list[tuple[float, float]]:
    """Year-to-year changes of a share (as a fraction) and their binomial variances."""
    sizes = {y: n for y in values if (n := _near(cohorts, y)) is not None and n > 0}
    var = {y: _share_var(v / 100, sizes[y]) for y, v in values.items() if y in sizes}
    return [((values[b] - values[a]) / 100, var[a] + var[b]) for a, b in _consecutive(list(var))]


def pooled_dispersion(
    terms_by_kommun: Iterable[Sequence[tuple[float, float]]],
) -> tuple[float, int]:
    """One overdispersion for a group of kommuner (a size class): each kommun's standardised
    changes around its own mean change, summed, over the summed degrees of freedom; never
    below 1. (nan, 0) without any kommun of two or more changes."""
    num, df = 0.0, 0
    for terms in terms_by_kommun:
        k = len(terms)
        if k < 2:
            continue
        w = [1 / v for _, v in terms]
        mean = sum(d * wi for (d, _), wi in zip(terms, w, strict=True)) / sum(w)
        num += sum((d - mean) ** 2 / v for d, v in terms)
        df += k - 1
    return (max(1.0, num / df), df) if df else (math.nan, 0)


POPULATION_CLASSES = (10_000, 30_000, 100_000)  # inhabitants: where size classes split
COHORT_CLASSES = (50, 150, 500)  # year-9 pupils: the same for cohorts


def size_class(size: float | None, bounds: Sequence[int]) -> int:
    """Which size class a kommun falls in (0 = smallest); -1 when the size is unknown."""
    if size is None:
        return -1
    return sum(size >= b for b in bounds)


def _share_var(p: float, n: float) -> float:
    # A share of exactly 0 or 100 % would have no variance at all; half a pupil either way
    # (the Agresti-Coull idea) keeps a small cohort's interval honest.
    q = (p * n + 0.5) / (n + 1)
    return q * (1 - q) / n


def shares(
    values: Mapping[int, float],
    cohorts: Mapping[int, float],
    years: tuple[int, int],
    direction: str,
    pooled: tuple[float, int] | None = None,
) -> Judgement:
    """A percentage of a cohort judged with binomial noise and overdispersion, in points.

    `values` are percentages by year (the history), `cohorts` the number of pupils behind
    them. Overdispersion comes from the share's own year-to-year changes, or `pooled`.
    """
    base_y, last_y = years
    base, last = values[base_y], values[last_y]
    # A neighbouring year's cohort where the year's own is not published: the size only
    # scales the noise, and a year group changes little from one year to the next.
    sizes = {y: n for y in values if (n := _near(cohorts, y)) is not None and n > 0}
    if base_y not in sizes or last_y not in sizes:
        return _no_verdict(SHARES, years, (base, last), False, "årskullens storlek saknas")
    var = {y: _share_var(v / 100, sizes[y]) for y, v in values.items() if y in sizes}
    phi, df = dispersion(share_terms(values, cohorts))
    if df + 1 < MIN_DIFFS:
        if pooled is None:
            return _no_verdict(SHARES, years, (base, last), False, "för kort historik")
        phi, df = pooled
    diff = last - base
    half = _t(df) * math.sqrt(phi * (var[base_y] + var[last_y])) * 100
    word = _word(diff - half, diff + half, _up_good(direction))
    return Judgement(
        SHARES,
        base_y,
        last_y,
        base,
        last,
        diff,
        diff - half,
        diff + half,
        False,
        word,
        "",
        phi,
        (sizes[base_y], sizes[last_y]),
    )


def survey(
    values: Mapping[int, float],
    uncertainty: Mapping[int, float],
    years: tuple[int, int],
    direction: str,
) -> Judgement:
    """A survey percentage judged on its published uncertainty only (points).

    `uncertainty` is the published largest distance from the estimate to its 95 % interval
    per year; the difference's half-width is √(u₀² + u₁²) (independent samples), a little
    wide since u is the longer side of an asymmetric interval.
    """
    base_y, last_y = years
    base, last = values[base_y], values[last_y]
    if base_y not in uncertainty or last_y not in uncertainty:
        return _no_verdict(SURVEY, years, (base, last), False, NO_UNCERTAINTY)
    diff = last - base
    half = math.hypot(uncertainty[base_y], uncertainty[last_y])
    word = _word(diff - half, diff + half, _up_good(direction))
    return Judgement(
        SURVEY, base_y, last_y, base, last, diff, diff - half, diff + half, False, word
    )


def trend(
    values: Mapping[int, float], years: tuple[int, int], direction: str, relative: bool = True
) -> Judgement:
    """A least squares line over the window's years; the change is the line's, start to end.

    The interval is the slope's t interval from the residuals (n − 2 degrees of freedom).
    Relative changes come from a line through the logarithms: % of the line's first value.
    """
    base_y, last_y = years
    base, last = values[base_y], values[last_y]
    pts = sorted((y, v) for y, v in values.items() if base_y <= y <= last_y)
    if len(pts) < MIN_TREND_POINTS:
        why = "för få år för en trend"
        return _no_verdict(TREND, years, (base, last), relative, why)
    # A relative change of a positive series is fitted in logs, so the line's change and its
    # interval are ratios (never below −100 %); points are fitted as they are.
    logs = relative and all(v > 0 for _, v in pts)
    if relative and not logs:
        why = "serien har värden ≤ 0"
        return _no_verdict(TREND, years, (base, last), relative, why)
    xs = [float(y) for y, _ in pts]
    ys = [math.log(v) if logs else v for _, v in pts]
    n = len(pts)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    rss = sum((y - (my + slope * (x - mx))) ** 2 for x, y in zip(xs, ys, strict=True))
    se = math.sqrt(rss / (n - 2) / sxx)
    span = last_y - base_y
    half = _t(n - 2) * se * span
    change, low, high = slope * span, slope * span - half, slope * span + half
    if logs:
        change, low, high = (math.expm1(v) * 100 for v in (change, low, high))
    word = _word(low, high, _up_good(direction))
    return Judgement(TREND, base_y, last_y, base, last, change, low, high, relative, word)


@dataclass(frozen=True)
class Versus:
    """The kommun's change against the mean change of its group's members (same members)."""

    gap: float  # kommun minus group, in the judgement's scale (better positive is not implied)
    low: float
    high: float
    members: int
    word: str  # BETTER | WORSE | IN_STEP | ""


def versus_group(own: Judgement, member_changes: Sequence[float], direction: str) -> Versus:
    """Compare `own` with the members' own changes over the same two years.

    member_changes are each member's change on own's scale (% or points), for the members with
    a value in both years. The group's uncertainty is the standard error of their mean; the
    kommun's is its own interval's. A gap outside both is bättre or sämre than the group.
    """
    m = len(member_changes)
    up_good = _up_good(direction)
    if m == 0 or not own.has_interval or up_good is None:
        return Versus(math.nan, math.nan, math.nan, m, "")
    mean = sum(member_changes) / m
    sd = math.sqrt(sum((c - mean) ** 2 for c in member_changes) / (m - 1)) if m > 1 else math.nan
    own_se = (own.high - own.low) / (2 * _t(math.inf))
    se = math.hypot(own_se, sd / math.sqrt(m)) if m > 1 else own_se
    gap = own.change - mean
    half = _t(math.inf) * se
    low, high = gap - half, gap + half
    word = _word(low, high, up_good)
    return Versus(gap, low, high, m, IN_STEP if word == UNSURE else word)


SURVEY_THEMES = ("trygghet",)  # NTU, Medborgarundersökningen, the pupils' school survey
SHARE_THEMES = ("skola",)  # shares of a year's pupils


NTU_PREFIX = "N076"  # BRÅ's NTU in Kolada: a kommun's value pools two survey years


def pooled_years(kpi: str, base_year: int, last_year: int) -> str:
    """'2019–2020 mot 2021–2022' for NTU's two-year pools, '' for any other KPI.

    Kolada publishes NTU's kommun values pooled over two years under the later one (its
    description of the osäkerhetstal KPIs, e.g. N07657, says so).
    """
    if not kpi.startswith(NTU_PREFIX):
        return ""
    return f"{base_year - 1}–{base_year} mot {last_year - 1}–{last_year}"


def kind_of(unit: str, theme: str) -> str:
    """Which noise fits a series: by its unit and theme (catalogue fields)."""
    if is_rate(unit):
        return COUNTS
    if theme in SURVEY_THEMES:
        return SURVEY
    if unit == "%" and theme in SHARE_THEMES:
        return SHARES
    return TREND


@dataclass(frozen=True)
class Evidence:
    """What the noise model needs beside the values, each by year (empty when not loaded)."""

    population: Mapping[int, float]
    cohorts: Mapping[int, float]
    uncertainty: Mapping[int, float]
    breaks: tuple[int, ...] = ()  # years from which the level is not comparable with before
    pooled: tuple[float, int] | None = None  # (φ, df) of the kommun's size class


NO_EVIDENCE = Evidence({}, {}, {})


def judge(
    kind: str,
    values: Mapping[int, float],
    years: tuple[int, int],
    direction: str,
    unit: str,
    evidence: Evidence = NO_EVIDENCE,
) -> Judgement:
    """The one entry point: a series' change over `years` judged by the noise of its kind.

    `values` is the kommun's whole series (year -> value); each kind takes the history it
    needs from it, so a page that shows fewer years still gets the same verdict. A series
    with no better direction gets "–" whether or not its noise could be measured.
    """
    got = _judge(kind, values, years, direction, unit, evidence)
    if _up_good(direction) is None and not got.word:
        return dataclasses.replace(got, word=NONE, why="")
    return got


def _judge(
    kind: str,
    values: Mapping[int, float],
    years: tuple[int, int],
    direction: str,
    unit: str,
    evidence: Evidence = NO_EVIDENCE,
) -> Judgement:
    base_year, last_year = years
    spanned = [b for b in evidence.breaks if base_year < b <= last_year]
    if spanned:
        # The series counts something else from that year: the change mixes two definitions.
        why = f"perioden spänner över seriebrottet {spanned[-1]}"
        relative = kind == COUNTS or (kind == TREND and unit != "%")
        pair = (values[base_year], values[last_year])
        return _no_verdict(kind, years, pair, relative, why)
    # The history the noise is estimated from starts at the last break before the window.
    start = max((b for b in evidence.breaks if b <= base_year), default=-(10**6))
    history = {y: v for y, v in values.items() if start <= y <= last_year}
    if kind == COUNTS:
        return counts(history, evidence.population, years, direction, pooled=evidence.pooled)
    if kind == SHARES:
        return shares(history, evidence.cohorts, years, direction, evidence.pooled)
    if kind == SURVEY:
        return survey(values, evidence.uncertainty, years, direction)
    return trend(values, years, direction, relative=unit != "%")


def member_change(
    kind: str, unit: str, values: Mapping[int, float], years: tuple[int, int]
) -> float | None:
    """A group member's change on the kommun's scale (% or points), None without both years.

    Trend series compare the members' own lines, so like is compared with like.
    """
    base_y, last_y = years
    if base_y not in values or last_y not in values:
        return None
    if kind == TREND:
        line = trend(values, years, "neutral", relative=unit != "%")
        return line.change if line.has_interval else None
    base, last = values[base_y], values[last_y]
    if kind in (SHARES, SURVEY):
        return last - base
    return _relative(base, last)


YEARS_BACK = 5  # a card's window: "about five years back" (the texts say "fem")


def base_year(years: Sequence[int], last_year: int) -> int | None:
    """The year with a value closest to five years before `last_year` (earlier on a tie)."""
    earlier = [y for y in years if y < last_year]
    if not earlier:
        return None
    target = last_year - YEARS_BACK
    return min(earlier, key=lambda y: (abs(y - target), y))
