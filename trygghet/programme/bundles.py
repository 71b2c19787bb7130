"""The scorecard assembled once per (DB, choice, base year): rows, shown table, CSV, summary."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.query import TTL_S
from trygghet.programme import queries
from trygghet.programme.catalogue import ROLES, Commitment, catalogue, kpis
from trygghet.programme.data import (
    POPULATION,
    Row,
    Values,
    download,
    facts,
    index_values,
    inhabitants,
    shown,
)
from trygghet.programme.text import PER_100K, summary
from trygghet.schools.measures import MEASURES
from trygghet.sidebar.choice import Choice
from trygghet.sidebar.data import source_facts
from trygghet.sidebar.queries import provenance

SKOLVERKET_NOTE = "Skolverket, alla skolor i kommunen"


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
    population: dict[int, float]  # the kommun's inhabitants by year


def indicator_kpis() -> tuple[str, ...]:
    """The catalogue's KPIs and the Kolada twins of Skolverket's measures (for their direction)."""
    twins = [m.kolada for m in MEASURES.values()]
    return tuple(dict.fromkeys([*kpis(catalogue()), *twins]))


def all_kpis() -> tuple[str, ...]:
    """What the scorecard reads from Kolada: the indicators and the population behind rates."""
    return (*indicator_kpis(), POPULATION)


def _kolada_rows(c: Commitment, meta: pd.DataFrame, values: Values, d: _Args) -> list[Row]:
    out = []
    for ref in c.indicators:
        m = meta.loc[ref.kpi] if ref.kpi in meta.index else None
        loaded = m is not None and bool(m["in_catalogue"])
        label = str(m["label"]) if loaded and m is not None else f"Kolada {ref.kpi} (hämtas inte)"
        unit = str(m["unit"]) if loaded and m is not None else ""
        direction = str(m["direction"]) if loaded and m is not None else "neutral"
        rate = d.population if PER_100K in unit else None
        f = facts(values, ref.kpi, d.choice.kommun_id, d.choice.members, d.baseline, rate)
        out.append(Row(c.short, label, ref.kpi, "Kolada", ROLES[ref.role], unit, direction, f))
    return out


def _school_rows(c: Commitment, meta: pd.DataFrame, report: Values, d: _Args) -> list[Row]:
    out = []
    for m in MEASURES.values():
        direction = str(meta.loc[m.kolada, "direction"]) if m.kolada in meta.index else "neutral"
        f = facts(report, m.report, d.choice.kommun_id, d.choice.members, d.baseline)
        label = f"{m.label} ({SKOLVERKET_NOTE})"
        out.append(
            Row(c.short, label, m.report, "Skolverket", ROLES["context"], m.unit, direction, f)
        )
    return out


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def scorecard(db: Db, choice: Choice, baseline: int) -> Scorecard:
    """One row per indicator, grouped by commitment, for the kommun and its comparison group."""
    every = all_kpis()
    meta = queries.indicators(db, every).set_index("kpi_id")
    values = index_values(queries.values(db, every, choice.kommun_id, choice.members))
    measures = tuple(m.report for m in MEASURES.values())
    report = index_values(queries.report(db, measures, choice.kommun_id, choice.members))
    d = _Args(choice, baseline, inhabitants(values, choice.kommun_id))
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
    measuring = [r.verdict for r in rows if r.role == ROLES["measures"]]
    return Scorecard(tuple(rows), table, csv, summary(choice.kommun_name, baseline, measuring))
