"""The scorecard assembled once per (DB, choice, base year): rows, shown table, CSV, summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from trygghet.core import judgement as jd
from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.query import TTL_S
from trygghet.indicators import queries as indicator_queries
from trygghet.indicators.bundles import pooled_noise
from trygghet.indicators.catalogue import Indicator, level_years, uncertainty_kpi
from trygghet.programme import queries
from trygghet.programme.catalogue import ROLES, Commitment, catalogue, kpis
from trygghet.programme.data import (
    POPULATION,
    Gaps,
    Row,
    Rule,
    Values,
    download,
    facts,
    index_gaps,
    index_values,
    inhabitants,
    shown,
)
from trygghet.programme.text import summary
from trygghet.schools.catalogue import MEASURES
from trygghet.sidebar.data import Choice, source_facts
from trygghet.sidebar.queries import provenance

SKOLVERKET_NOTE = "Skolverket, alla skolor i kommunen"
COHORT = "elever_ak9"  # Skolverket's year-9 pupils: the cohort behind a share


@dataclass(frozen=True)
class Scorecard:
    """Everything the page draws from the data (built once, reused by every warm rerun)."""

    rows: tuple[Row, ...]
    table: pd.DataFrame  # data.shown
    csv: bytes
    summary: str


@dataclass(frozen=True)
class _Args:
    choice: Choice
    baseline: int
    evidence: jd.Evidence  # the kommun's inhabitants and year-9 cohorts by year
    gaps: Gaps  # the kommun's years without a value, and why, by code
    values: Values  # the Kolada values read (the companions' published uncertainty among them)
    db: Db  # for the pooled noise of the kommun's size class (indicators.bundles)


def indicator_kpis() -> tuple[str, ...]:
    """The catalogue's KPIs and the Kolada twins of Skolverket's measures (for their direction)."""
    twins = [m.kolada for m in MEASURES.values()]
    return tuple(dict.fromkeys([*kpis(catalogue()), *twins]))


def all_kpis() -> tuple[str, ...]:
    """What the scorecard reads from Kolada: the indicators, the population behind rates and
    the published uncertainty of survey indicators (where the catalogue names one)."""
    companions = [c for k in indicator_kpis() if (c := uncertainty_kpi(k))]
    return (*indicator_kpis(), POPULATION, *companions)


def _size(kind: str, evidence: jd.Evidence) -> int:
    """The kommun's size class for a kind of series (as Översikt's cards reckon it)."""
    if kind == jd.COUNTS and evidence.population:
        return jd.size_class(evidence.population[max(evidence.population)], jd.POPULATION_CLASSES)
    if kind == jd.SHARES and evidence.cohorts:
        return jd.size_class(evidence.cohorts[max(evidence.cohorts)], jd.COHORT_CLASSES)
    return -1


def _kolada_rows(
    c: Commitment, meta: Mapping[str, Indicator], values: Values, d: _Args
) -> list[Row]:
    out = []
    for ref in c.indicators:
        # A KPI outside catalogues/indicators.toml is not loaded by the ETL: the row says so.
        m = meta.get(ref.kpi)
        label = m.label if m else f"Kolada {ref.kpi} (hämtas inte)"
        unit, direction, theme = (m.unit, m.direction, m.theme) if m else ("", "neutral", "")
        companion = uncertainty_kpi(ref.kpi)
        published = d.values.get(companion, {}).get(d.choice.kommun_id, {}) if companion else {}
        kind = jd.kind_of(unit, theme)
        evidence = replace(
            d.evidence,
            uncertainty=published,
            breaks=level_years(ref.kpi),
            pooled=pooled_noise(d.db, ref.kpi, kind, _size(kind, d.evidence)),
        )
        rule = Rule(kind, unit, direction, evidence)
        f = facts(
            values,
            ref.kpi,
            d.choice.kommun_id,
            d.choice.members,
            d.baseline,
            rule,
            d.gaps.get(ref.kpi),
        )
        out.append(Row(c.short, label, ref.kpi, "Kolada", ROLES[ref.role], unit, direction, f))
    return out


def _school_rows(
    c: Commitment, meta: Mapping[str, Indicator], report: Values, d: _Args
) -> list[Row]:
    out = []
    for m in MEASURES.values():
        twin = meta.get(m.kolada)  # the Kolada twin of Skolverket's measure lends its direction
        direction = twin.direction if twin else "neutral"
        rule = Rule(jd.kind_of(m.unit, "skola"), m.unit, direction, d.evidence)
        f = facts(
            report,
            m.report,
            d.choice.kommun_id,
            d.choice.members,
            d.baseline,
            rule,
            d.gaps.get(m.report),
        )
        label = f"{m.label} ({SKOLVERKET_NOTE})"
        out.append(
            Row(c.short, label, m.report, "Skolverket", ROLES["context"], m.unit, direction, f)
        )
    return out


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def scorecard(db: Db, choice: Choice, baseline: int) -> Scorecard:
    """One row per indicator, grouped by commitment, for the kommun and its comparison group."""
    every = all_kpis()
    meta = indicator_queries.indicators(db)
    raw = queries.values(db, every, choice.kommun_id, choice.members)
    values = index_values(raw)
    measures = (*(m.report for m in MEASURES.values()), COHORT)
    raw_report = queries.report(db, measures, choice.kommun_id, choice.members)
    report = index_values(raw_report)
    gaps = {
        **index_gaps(raw, choice.kommun_id),
        **index_gaps(raw_report, choice.kommun_id),
    }
    cohorts = dict(report.get(COHORT, {}).get(choice.kommun_id, {}))
    evidence = jd.Evidence(inhabitants(values, choice.kommun_id), cohorts, {})
    d = _Args(choice, baseline, evidence, gaps, values, db)
    rows: list[Row] = []
    for c in catalogue():
        rows += _kolada_rows(c, meta, values, d)
        if c.school:
            rows += _school_rows(c, meta, report, d)
    table = shown(rows, baseline)
    sources = provenance(db)
    about = [
        ("Innehåll", "Handlingsprogrammet: en rad per indikator"),
        ("Kommun", choice.kommun_name),
        ("Jämförelsegrupp", choice.comparison_label),
        ("Basår", str(baseline)),
        *source_facts(sources, "kolada"),
        *source_facts(sources, "skolverket"),
        ("Bearbetning", "Egen bearbetning: förändring, bedömning, gruppens medelvärde och plats"),
    ]
    csv = export_csv(download(rows, choice.kommun_name, choice.comparison_label, baseline), about)
    measuring = [r for r in rows if r.role == ROLES["measures"]]
    verdicts = [r.verdict for r in measuring]
    firsts = [
        r.facts.base_year for r in measuring if r.facts.judgement and r.facts.judgement.judged
    ]
    text = summary(choice.kommun_name, baseline, verdicts, [y for y in firsts if y is not None])
    return Scorecard(tuple(rows), table, csv, text)
