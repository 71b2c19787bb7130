"""Verdict counts before and after issue 19 over all 290 kommuner, per card and scorecard row.

Before is main's rule (f654505), written out here: Översikt called a change within ±2 % of
the earlier value "oförändrat" and withheld a rate's verdict under 20 events; the scorecard
called any difference bättre or sämre. After is trygghet.core.judgement, as the pages call it.
The checks from the issue's "Done when" are printed under the table.

    python benchmarks/verdict_counts.py [path/to/trygghet.duckdb]
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections import Counter
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from trygghet.core import judgement as jd  # noqa: E402  # after the repo is on the path
from trygghet.core.kolada import is_rate  # noqa: E402  # the same
from trygghet.indicators.catalogue import level_years  # noqa: E402  # the same
from trygghet.programme.catalogue import catalogue, kpis  # noqa: E402  # the same
from trygghet.schools.catalogue import MEASURES  # noqa: E402  # the same

YEARS = (2010, 2025)  # the sidebar's default years, as Översikt reads them
BASELINE = 2015  # the scorecard's default base year
POPULATION = "N01951"
HEAD_WORDS = ("bättre", "sämre", "oförändrat/ingen säker", "–", "ingen bedömning")

Series = dict[str, dict[int, float]]  # kommun -> year -> value


def _load(con: duckdb.DuckDBPyConnection, kpis_: list[str]) -> dict[str, Series]:
    rows = con.execute(
        "SELECT kpi_id, municipality_id, year, value FROM v_kpi_values WHERE gender = 'T' "
        "AND value IS NOT NULL AND municipality_type = 'K' AND list_contains(?, kpi_id)",
        [kpis_],
    ).fetchall()
    out: dict[str, Series] = {}
    for kpi, kommun, year, value in rows:
        out.setdefault(kpi, {}).setdefault(kommun, {})[int(year)] = float(value)
    return out


def _report(con: duckdb.DuckDBPyConnection) -> dict[str, Series]:
    rows = con.execute(
        "SELECT measure, municipality_id, year_end, value FROM v_skolverket_kommun_results "
        "WHERE owner_type = 'Samtliga' AND value IS NOT NULL AND year_end IS NOT NULL"
    ).fetchall()
    out: dict[str, Series] = {}
    for measure, kommun, year, value in rows:
        out.setdefault(measure, {}).setdefault(kommun, {})[int(year)] = float(value)
    return out


def _card_before(base: float, last: float, direction: str, counts: list[float | None]) -> str:
    """Main's Översikt rule: ±2 % unchanged, under 20 events no verdict."""
    if any(c is not None and c < 20 for c in counts):
        return "ingen bedömning"
    if direction not in jd.DIRECTIONS:
        return "–"
    pct = (last - base) / abs(base) * 100 if base else 0.0
    if abs(pct) <= 2.0:
        return "oförändrat/ingen säker"
    return "bättre" if (last > base) == (direction == "higher_better") else "sämre"


def _row_before(base: float, last: float, direction: str, counts: list[float | None]) -> str:
    """Main's scorecard rule: any difference is bättre or sämre; under 20 events '–'."""
    if any(c is not None and c < 20 for c in counts):
        return "ingen bedömning"
    if direction not in jd.DIRECTIONS:
        return "–"
    if last == base:
        return "oförändrat/ingen säker"
    return "bättre" if (last > base) == (direction == "higher_better") else "sämre"


def _after(j: jd.Judgement) -> str:
    if j.word == jd.UNSURE:
        return "oförändrat/ingen säker"
    return j.word or "ingen bedömning"


def _near(people: dict[int, float], year: int) -> float | None:
    return next((people[y] for y in (year, year - 1, year + 1) if y in people), None)


def _events(rate: float, year: int, people: dict[int, float], exact: bool) -> float | None:
    p = people.get(year) if exact else _near(people, year)
    return None if p is None else rate * p / 100_000


def _plain_poisson_includes_zero(j: jd.Judgement) -> bool:
    """A plain Poisson 95 % test on the events (φ = 1, normal quantile) finds no change."""
    assert j.events is not None
    c0, c1 = j.events
    half = 1.959964 * math.sqrt(1 / c0 + 1 / c1)
    log_ratio = math.log(j.last / j.base)
    return log_ratio - half <= 0 <= log_ratio + half


def _binomial_includes_zero(j: jd.Judgement) -> bool:
    """A plain two-proportion 95 % test with the cohort sizes finds no change."""
    assert j.events is not None
    n0, n1 = j.events
    p0, p1 = j.base / 100, j.last / 100
    se = math.sqrt(p0 * (1 - p0) / n0 + p1 * (1 - p1) / n1)
    return se == 0 or abs(p1 - p0) <= 1.959964 * se


def main(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    meta = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT kpi_id, unit, theme, direction, headline FROM v_indicators"
        ).fetchall()
    }
    heads = [k for k, m in meta.items() if m[3] and m[1] not in ("befolkning",)]
    programme = kpis(catalogue())
    data = _load(con, list({*heads, *programme, POPULATION}))
    report = _report(con)
    kommuner = [
        r[0]
        for r in con.execute(
            "SELECT municipality_id FROM v_municipalities WHERE municipality_type = 'K'"
        ).fetchall()
    ]
    people = data.get(POPULATION, {})
    cohorts = report.get("elever_ak9", {})
    pooled_cache: dict[tuple[str, str, int], tuple[float, int] | None] = {}

    def size_of(kind: str, kommun: str) -> int:
        sizes, bounds = (
            (people, jd.POPULATION_CLASSES) if kind == jd.COUNTS else (cohorts, jd.COHORT_CLASSES)
        )
        own = sizes.get(kommun, {})
        return jd.size_class(own[max(own)] if own else None, bounds)

    def pooled(kpi: str, kind: str, cls: int) -> tuple[float, int] | None:
        """As indicators.bundles.pooled_noise: one φ per KPI and size class."""
        if cls < 0 or kind not in (jd.COUNTS, jd.SHARES) or kpi not in data:
            return None
        key = (kpi, kind, cls)
        if key not in pooled_cache:
            start = max(level_years(kpi), default=0)
            terms = []
            for k in kommuner:
                own = {y: v for y, v in data[kpi].get(k, {}).items() if y >= start}
                sizes = people.get(k, {}) if kind == jd.COUNTS else cohorts.get(k, {})
                if own and sizes and size_of(kind, k) == cls:
                    terms.append(
                        jd.count_terms(own, sizes)
                        if kind == jd.COUNTS
                        else jd.share_terms(own, sizes)
                    )
            phi, df = jd.pooled_dispersion(terms)
            pooled_cache[key] = (phi, df) if df else None
        return pooled_cache[key]

    table: dict[tuple[str, str], tuple[Counter[str], Counter[str]]] = {}
    checks: Counter[str] = Counter()

    def tally(section: str, label: str, before: str, j: jd.Judgement) -> None:
        b, a = table.setdefault((section, label), (Counter(), Counter()))
        b[before] += 1
        a[_after(j)] += 1
        if j.word in (jd.BETTER, jd.WORSE):
            if j.kind == jd.COUNTS and _plain_poisson_includes_zero(j):
                checks["crime verdict where plain Poisson includes no change"] += 1
            if j.kind == jd.SHARES and _binomial_includes_zero(j):
                checks["year-9 verdict where plain binomial includes no change"] += 1
            if j.kind == jd.SURVEY:
                checks["survey verdict (no published uncertainty is loaded)"] += 1

    def judge(
        code: str,
        own: dict[int, float],
        years: tuple[int, int],
        unit: str,
        theme: str,
        direction: str,
        kommun: str,
        evidence: jd.Evidence,
    ) -> jd.Judgement:
        """The pages' judgement: the code's breaks and its size class's pooled noise added."""
        kind = jd.kind_of(unit, theme)
        ev = dataclasses.replace(
            evidence, breaks=level_years(code), pooled=pooled(code, kind, size_of(kind, kommun))
        )
        return jd.judge(kind, own, years, direction, unit, ev)

    for kommun in kommuner:
        own_people = people.get(kommun, {})
        evidence = jd.Evidence(own_people, cohorts.get(kommun, {}), {})
        for kpi in heads:
            unit, theme, direction, _h = meta[kpi]
            own = {
                y: v
                for y, v in data.get(kpi, {}).get(kommun, {}).items()
                if YEARS[0] <= y <= YEARS[1]
            }
            if len(own) < 2:
                continue
            last = max(own)
            base = jd.base_year(list(own), last)
            assert base is not None  # two years or more, the last the largest
            counts = (
                [_events(own[y], y, own_people, exact=True) for y in (base, last)]
                if is_rate(unit)
                else []
            )
            before = _card_before(own[base], own[last], direction, counts)
            j = judge(kpi, own, (base, last), unit, theme, direction, kommun, evidence)
            tally("Översikt", f"{theme} {kpi}", before, j)
        rows = [
            (kpi, data.get(kpi, {}).get(kommun, {}), *meta[kpi][:3])
            for kpi in programme
            if kpi in meta
        ]
        rows += [
            (
                m.report,
                report.get(m.report, {}).get(kommun, {}),
                m.unit,
                "skola",
                meta[m.kolada][2] if m.kolada in meta else "neutral",
            )
            for m in MEASURES.values()
        ]
        for code, own, unit, theme, direction in rows:
            if not own:
                continue
            last = max(own)
            after = [y for y in own if BASELINE <= y < last]
            if not after:
                continue
            base = min(after)
            counts = (
                [_events(own[y], y, own_people, exact=False) for y in (base, last)]
                if is_rate(unit)
                else []
            )
            before = _row_before(own[base], own[last], direction, counts)
            j = judge(code, own, (base, last), unit, theme, direction, kommun, evidence)
            tally("Handlingsprogrammet", code, before, j)

    print(f"{len(kommuner)} kommuner; Översikt {YEARS[0]}–{YEARS[1]}, scorecard from {BASELINE}")
    print("| page | indicator | " + " | ".join(f"{w} före→efter" for w in HEAD_WORDS) + " |")
    print("|---|---|" + "---|" * len(HEAD_WORDS))
    for (section, label), (b, a) in table.items():
        cells = " | ".join(f"{b[w]}→{a[w]}" for w in HEAD_WORDS)
        print(f"| {section} | {label} | {cells} |")
    print()
    for name in (
        "crime verdict where plain Poisson includes no change",
        "year-9 verdict where plain binomial includes no change",
        "survey verdict (no published uncertainty is loaded)",
    ):
        print(f"{name}: {checks[name]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/trygghet.duckdb"))
