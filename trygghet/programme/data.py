"""Pure shaping of the scorecard: one row per indicator, its facts, the shown and the CSV table."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from trygghet.core import judgement as jd
from trygghet.indicators.text import year_ranges
from trygghet.programme.text import NO_VERDICT, change_cell, figure, place

CHANGE = "Förändring sedan {baseline}"  # the column header
GAPS = "År utan värde"  # the column naming the years from the base year on without a value
VERSUS = "Mot gruppen"  # the column: the kommun's change against its group's (core.judgement)
POPULATION = "N01951"  # Kolada: inhabitants, to count the events behind a rate per 100 000
NO_VALUES = "inga värden"  # the kommun has no value of the indicator in the DB at all


def school_year(year_end: int) -> str:
    """2025 -> '2024/25' as trygghet.schools says it (not imported: that module queries)."""
    return f"{year_end - 1}/{str(year_end)[-2:]}"


@dataclass(frozen=True)
class Facts:
    """What the data says about one series for one kommun since a base year."""

    latest_year: int | None
    latest: float | None
    base_year: int | None  # the first year at or after the chosen base year with a value
    base: float | None
    cmp_base: float | None  # comparison mean in base_year over the members with both years
    cmp_latest: float | None  # the same members' mean in latest_year
    cmp_n: int  # members with a value in both years
    peers: tuple[float, ...]  # the members' values in latest_year (the kommun left out)
    trend: tuple[float | None, ...]  # the kommun's values from the base year to latest_year
    judgement: jd.Judgement | None = None  # the change base_year -> latest_year, judged
    versus: jd.Versus | None = None  # the change against the members' own changes
    cmp_change: float | None = None  # the members' mean change on the judgement's scale
    gaps: tuple[tuple[int, str], ...] = ()  # years from the base year on without a value, why
    censored_year: int | None = None  # a later year whose share is ">99" (Skolverket's ~100)

    @property
    def events(self) -> float | None:
        """Fewest events behind a rate per 100 000 in the two years (counts only)."""
        j = self.judgement
        return None if j is None or j.events is None or j.kind != jd.COUNTS else min(j.events)


@dataclass(frozen=True)
class Row:
    """One scorecard row: an indicator under a commitment, with its facts."""

    group: str
    label: str
    code: str  # Kolada KPI or Skolverket measure
    source: str  # "Kolada" | "Skolverket"
    role: str  # "Mäter" | "Sammanhang"
    unit: str
    direction: str
    facts: Facts

    def year(self, year: int | None) -> str:
        """A year as the source names it: Skolverket's school years as '2024/25'."""
        if year is None:
            return NO_VALUES
        return school_year(year) if self.source == "Skolverket" else str(year)

    @property
    def verdict(self) -> str:
        """The judgement's word; why not, where there is none; '–' without a direction."""
        j = self.facts.judgement
        if j is None or j.word == jd.NONE:
            return NO_VERDICT
        return j.word if j.judged else j.word_text()

    @property
    def cmp_verdict(self) -> str:
        v = self.facts.versus
        return NO_VERDICT if v is None or not v.word else v.word


Values = dict[str, dict[str, dict[int, float]]]  # code -> kommun -> year -> value


def index_values(values: pd.DataFrame) -> Values:
    """values (kpi_id, municipality_id, year, value; programme_values/_report.sql) as nested
    dicts of the rows with a value, built once per scorecard.

    Every fact below is a few lookups in these; masking the frame per indicator instead cost a
    cold scorecard most of its time (16 indicators × 5 masks over Arrow-backed strings).
    """
    out: Values = {}
    rows = values[values["value"].notna()]
    for code, kommun_id, year, value in zip(
        rows["kpi_id"].tolist(),
        rows["municipality_id"].tolist(),
        rows["year"].tolist(),
        rows["value"].tolist(),
        strict=True,
    ):
        out.setdefault(str(code), {}).setdefault(str(kommun_id), {})[int(year)] = float(value)
    return out


Gaps = dict[str, dict[int, str]]  # code -> year -> the source's reason (the kommun's rows)
CENSORED = "rounded"  # Skolverket's "~100": a share above 99 %, rounded for privacy
CENSORED_TEXT = ">99"  # how a censored share is shown (never as a number it is not)
GAP_WORDS = {
    CENSORED: "över 99 %, avrundat av Skolverket (visas >99)",
    "suppressed": "sekretess",
    "missing": "saknas",
    "Missing": "saknas",
    "Privacy": "sekretess",
    "Not applicable": "ej tillämpligt",
    "Unpublished": "ej publicerat",
}


def index_gaps(values: pd.DataFrame, kommun_id: str) -> Gaps:
    """The kommun's rows without a value, with the source's reason, by code and year."""
    rows = values[values["value"].isna() & (values["municipality_id"] == kommun_id)]
    out: Gaps = {}
    for code, year, status in zip(
        rows["kpi_id"].tolist(), rows["year"].tolist(), rows["status"].tolist(), strict=True
    ):
        word = GAP_WORDS.get(str(status), "saknas") if isinstance(status, str) else "saknas"
        out.setdefault(str(code), {})[int(year)] = word
    return out


def series_end(values: Values, code: str) -> int | None:
    """The series' last year with a value for any kommun read (the kommun and its group)."""
    years = [max(v) for v in values.get(code, {}).values() if v]
    return max(years) if years else None


def inhabitants(values: Values, kommun_id: str) -> dict[int, float]:
    """The kommun's inhabitants by year (Kolada N01951)."""
    return dict(values.get(POPULATION, {}).get(kommun_id, {}))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


@dataclass(frozen=True)
class Rule:
    """How a series is judged: its kind of noise, unit and better direction, and the evidence."""

    kind: str
    unit: str
    direction: str
    evidence: jd.Evidence = jd.NO_EVIDENCE


NO_RULE = Rule(jd.TREND, "", "neutral")


def facts(
    values: Values,
    code: str,
    kommun_id: str,
    members: tuple[str, ...],
    baseline: int,
    rule: Rule = NO_RULE,
    gaps: Mapping[int, str] | None = None,
) -> Facts:
    """The facts of one series (`index_values`) for the kommun and its comparison members.

    The change from the first year at or after `baseline` to the latest is judged by
    core.judgement with `rule`; the group's change is the mean of its members' own changes
    over the same two years, for the members with a value in both. `gaps` are the kommun's
    years without a value and why (`index_gaps`): they are named, and a later share that
    Skolverket rounded to "~100" is shown as ">99" and withholds the verdict.
    """
    series = values.get(code, {})
    own = series.get(kommun_id, {})
    if not own:
        return Facts(None, None, None, None, None, None, 0, (), ())
    year = max(own)
    after = [y for y in own if baseline <= y < year]
    base_year = min(after) if after else None
    peers = [series[m] for m in sorted(set(members)) if m != kommun_id and m in series]
    both = [p for p in peers if year in p and base_year in p] if base_year is not None else []
    judged = versus = cmp_change = None
    if base_year is not None:
        judged, versus, cmp_change = _judged(own, both, rule, (base_year, year))
    why = dict(gaps or {})
    censored = max(
        (y for y, w in why.items() if y > year and w == GAP_WORDS[CENSORED]), default=None
    )
    if censored is not None and judged is not None:
        # The latest share is only known to be above 99 %: no change is computed to it.
        judged = dataclasses.replace(
            judged,
            word="",
            why="senaste värdet är avrundat till över 99 %",
            low=math.nan,
            high=math.nan,
        )
        versus = None
    end = max([year, *why, series_end(values, code) or year])
    return Facts(
        year,
        own[year],
        base_year,
        own[base_year] if base_year is not None else None,
        _mean([p[base_year] for p in both]) if both and base_year is not None else None,
        _mean([p[year] for p in both]) if both else None,
        len(both),
        tuple(p[year] for p in peers if year in p),
        tuple(own.get(y) for y in range(min(baseline, year), year + 1)),
        judged,
        versus,
        cmp_change,
        tuple(
            (y, why.get(y, GAP_WORDS["Unpublished"]))
            for y in range(base_year if base_year is not None else year, end + 1)
            if y not in own
        ),
        censored,
    )


def _judged(
    own: Mapping[int, float],
    both: list[dict[int, float]],
    rule: Rule,
    window: tuple[int, int],
) -> tuple[jd.Judgement, jd.Versus | None, float | None]:
    """The kommun's change over `window` judged, and against the members with both years."""
    judged = jd.judge(rule.kind, own, window, rule.direction, rule.unit, rule.evidence)
    changes = [
        c for p in both if (c := jd.member_change(rule.kind, rule.unit, p, window)) is not None
    ]
    if not changes:
        return judged, None, None
    return judged, jd.versus_group(judged, changes, rule.direction), _mean(changes)


def gap_text(gaps: tuple[tuple[int, str], ...], school: bool = False) -> str:
    """'2023–2024: ej publicerat; 2025: över 99 % …' ('' without gaps); school years as
    Skolverket names them ('2024/25')."""
    by_why: dict[str, list[int]] = {}
    for year, why in gaps:
        by_why.setdefault(why, []).append(year)
    if school:
        return "; ".join(
            f"{', '.join(school_year(y) for y in ys)}: {why}" for why, ys in by_why.items()
        )
    return "; ".join(f"{year_ranges(ys)}: {why}" for why, ys in by_why.items())


def _group_cell(r: Row) -> str:
    """'i snitt ↑ 5,2 % (6 kommuner)': the members' mean change, same members both years."""
    f = r.facts
    if f.cmp_change is None or f.judgement is None:
        return NO_VERDICT
    c = f.cmp_change
    arrow = "↑" if c > 0 else "↓" if c < 0 else "→"
    relative = f.judgement.relative
    size = jd.signed(abs(c), relative).lstrip("+")
    unit = "\u00a0%" if relative else "\u00a0procentenheter"
    return f"i snitt {arrow} {size}{unit} ({f.cmp_n} kommuner)"


def _trend(values: tuple[float | None, ...]) -> list[float]:
    """The points of a mini chart. The grid's line chart cannot draw a missing point (it shows
    the raw list instead), so years without a value are left out, as the page says; one point
    alone would draw as a flat line, which reads as 'unchanged', so it draws nothing."""
    points = [v for v in values if v is not None]
    return points if len(points) > 1 else []


def shown(rows: list[Row], baseline: int) -> pd.DataFrame:
    """The scorecard as the page shows it: Swedish text cells, a trend list per row."""

    def since(r: Row) -> str:
        f = r.facts
        j = f.judgement
        cell = change_cell(f.latest, f.base, r.unit) if j is None else j.phrase()
        if f.base_year is not None and r.year(f.base_year) != str(baseline):
            cell += f" sedan {r.year(f.base_year)}"  # a later first year, or a school year
        pooled = (
            "" if f.base_year is None else jd.pooled_years(r.code, f.base_year, f.latest_year or 0)
        )
        return cell + (f" (tvåårsmedel {pooled})" if pooled else "")

    return pd.DataFrame(
        {
            "Punkt": [r.group for r in rows],
            "Indikator": [r.label for r in rows],
            "Senaste": [
                CENSORED_TEXT if r.facts.censored_year else figure(r.facts.latest, r.unit)
                for r in rows
            ],
            "År": [r.year(r.facts.censored_year or r.facts.latest_year) for r in rows],
            GAPS: [gap_text(r.facts.gaps, r.source == "Skolverket") for r in rows],
            CHANGE.format(baseline=baseline): [since(r) for r in rows],
            "Bedömning": [r.verdict for r in rows],
            "Gruppens förändring": [_group_cell(r) for r in rows],
            VERSUS: [r.cmp_verdict for r in rows],
            "Plats i gruppen": [place(r.facts.latest, r.facts.peers) for r in rows],
            "Trend": [_trend(r.facts.trend) for r in rows],
            "Roll": [r.role for r in rows],
            "Enhet": [r.unit for r in rows],
            "Källa": [f"{r.source} {r.code}" for r in rows],
        }
    )


def download(rows: list[Row], kommun_name: str, group_label: str, baseline: int) -> pd.DataFrame:
    """The scorecard's numbers for the CSV: raw values, Swedish column names, sources named."""
    return pd.DataFrame(
        {
            "Punkt": [r.group for r in rows],
            "Indikator": [r.label for r in rows],
            "Kod": [r.code for r in rows],
            "Källa": [
                f"{r.source} (kommunens värden); egen bearbetning av data från {r.source} "
                "(gruppens medelvärde och plats)"
                for r in rows
            ],
            "Roll": [r.role for r in rows],
            "Enhet": [r.unit for r in rows],
            "Kommun": kommun_name,
            "Valt basår": baseline,
            "Senaste år": [r.year(r.facts.latest_year) for r in rows],
            "Senaste värde": [r.facts.latest for r in rows],
            "Jämförelseår": [
                None if r.facts.base_year is None else r.year(r.facts.base_year) for r in rows
            ],
            "Värde jämförelseåret": [r.facts.base for r in rows],
            "Förändring (% eller procentenheter)": [_num(r, "change") for r in rows],
            "95 % intervall, nedre": [_num(r, "low") for r in rows],
            "95 % intervall, övre": [_num(r, "high") for r in rows],
            "Bedömning": [r.verdict for r in rows],
            "Metod": [
                "" if r.facts.judgement is None else jd.METHODS[r.facts.judgement.kind]
                for r in rows
            ],
            "Uppskattat antal fall (färre av de två åren)": [
                None if r.facts.events is None else round(r.facts.events) for r in rows
            ],
            "Jämförelsegrupp": group_label,
            "Gruppens antal kommuner med värde båda åren": [r.facts.cmp_n for r in rows],
            "Gruppens medelvärde jämförelseåret (ovägt)": [r.facts.cmp_base for r in rows],
            "Gruppens medelvärde senaste år (ovägt)": [r.facts.cmp_latest for r in rows],
            "Gruppens medelförändring (samma kommuner)": [r.facts.cmp_change for r in rows],
            VERSUS: [r.cmp_verdict for r in rows],
            "Plats i gruppen": [place(r.facts.latest, r.facts.peers) for r in rows],
        }
    )


def _num(r: Row, field: str) -> float | None:
    """A judgement's number for the CSV, None where there is none (NaN is a gap, not 0)."""
    j = r.facts.judgement
    if j is None:
        return None
    value = float(getattr(j, field))
    return value if math.isfinite(value) else None
