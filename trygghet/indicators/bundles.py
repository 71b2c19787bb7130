"""Cached view bundles: everything derived for one chart or card, built once per input.

st.cache_resource hands back the same objects without copying, which keeps a warm rerun
cheap (plotly figure construction and pandas filtering dominate otherwise). Bundles are
treated as read-only by the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core import judgement as jd
from trygghet.core.db import Db
from trygghet.core.format import esc, fmt_num, is_missing
from trygghet.core.query import TTL_S, run
from trygghet.indicators import queries
from trygghet.indicators.catalogue import (
    Indicator,
    breaks_for,
    level_years,
    riket_note,
    riket_sentence_md,
    uncertainty_kpi,
)
from trygghet.indicators.charts import indicator_figure
from trygghet.indicators.data import Export, citable_csv, csv_frame, csv_header, table_frame
from trygghet.indicators.text import (
    citation,
    count_note,
    gap_note,
    judged_sentence,
    origin_text,
    summary_sentence,
    year_ranges,
)
from trygghet.sidebar.data import Choice
from trygghet.sidebar.queries import kommun_names


@dataclass(frozen=True)
class Erratum:
    """A reviewed note on the source's own error, shown beside the source's text."""

    note: str
    evidence: str
    reviewed: str


@dataclass(frozen=True)
class IndicatorView:
    """The chart, sentence, notes, table, CSV and citation of one indicator and selection."""

    frame: pd.DataFrame
    figure: go.Figure
    sentence: str
    gap_note: str
    years_line: str
    table: pd.DataFrame
    csv: bytes
    count_note: str = ""
    citation: str = ""
    erratum: Erratum | None = None


# The two below depend on the DB version alone (and the KPI): kept once, not per kommun.
@st.cache_resource(ttl=TTL_S, max_entries=128, show_spinner=False)
def _erratum(db: Db, kpi: str) -> tuple[str, Erratum | None]:
    """Kolada's title of the KPI and the catalogue's reviewed erratum, if any."""
    meta = run(db, "indicator_erratum", {"kpi": kpi})
    if meta.empty:
        return kpi, None
    row = meta.iloc[0]
    title = kpi if is_missing(row["kpi_title"]) else str(row["kpi_title"])
    if is_missing(row["erratum"]):
        return title, None
    return title, Erratum(
        str(row["erratum"]), str(row["erratum_evidence"]), str(row["erratum_reviewed"])
    )


@st.cache_resource(ttl=TTL_S, max_entries=4, show_spinner=False)
def _kolada_source(db: Db) -> tuple[str, str]:
    """Where Kolada's values came from (as a person reads it) and their licence."""
    prov = queries.provenance(db)
    kolada = prov[prov["source"] == "kolada"]
    if kolada.empty:
        return "okänt ursprung", "se Om data"
    row = kolada.iloc[0]
    return origin_text(row["origin"], row["fetched_at"]), str(row["licence"])


def _member_names(db: Db, members: tuple[str, ...]) -> str:
    names = kommun_names(db)
    return ", ".join(f"{names.get(m, m)} ({m})" for m in members) or "inga kommuner"


def _riket_text(db: Db, choice: Choice, kpi: str, gender: str, df: pd.DataFrame) -> str:
    """The sentence on why Riket is higher, with the latest year's Riket and kommun median."""
    if riket_note(kpi) is None:
        return ""
    both = df[df["riket"].notna() & df["all_median"].notna()]
    if both.empty:
        return ""
    row = both.iloc[-1]
    year, riket = int(row["year"]), float(row["riket"])
    t = queries.kpi_years(db, kpi, gender, choice.year_from, choice.year_to)
    kommuner = kommun_names(db)  # the 290 kommuner, the same set as the band's count
    have = [v[year] for k, v in t.values.items() if k in kommuner and year in v]
    counts = (sum(v > riket for v in have), int(row["all_n"]))
    return riket_sentence_md(kpi, riket, float(row["all_median"]), counts, year, fmt_num)


FULL_FROM = 1900  # before any Kolada year: a judgement's noise comes from the whole series
POPULATION = "N01951"  # Kolada: inhabitants, behind a rate's events


def full_history(db: Db, kpi: str, kommun_id: str, year_to: int) -> dict[int, float]:
    """The kommun's whole series of a KPI (totals) up to year_to, whatever years are shown."""
    return dict(queries.kpi_years(db, kpi, "T", FULL_FROM, year_to).values.get(kommun_id, {}))


def _judge_view(db: Db, choice: Choice, ind: Indicator, df: pd.DataFrame) -> jd.Judgement | None:
    """The theme page's judged change: Översikt's window and core.judgement's word (totals)."""
    kpi = ind.kpi_id
    have = df[df["value"].notna()]
    if have.empty:
        return None
    years = [int(y) for y in have["year"]]
    base = jd.base_year(years, years[-1])
    if base is None:
        return None
    kind = jd.kind_of(ind.unit, ind.theme)
    values = dict(zip(years, have["value"].astype(float).tolist(), strict=True))
    values = {**full_history(db, kpi, choice.kommun_id, years[-1]), **values}
    evidence = judgement_evidence(db, choice.kommun_id, kind, kpi)
    return jd.judge(kind, values, (base, years[-1]), ind.direction, ind.unit, evidence)


@st.cache_resource(max_entries=256, show_spinner=False)
def indicator_view(
    db: Db, choice: Choice, ind: Indicator, gender: str, link: str = ""
) -> IndicatorView | None:
    """Build (once) the view of one indicator for the choice; `link` reproduces it."""
    kpi, label, unit = ind.kpi_id, ind.label, ind.unit
    kommun_id, kommun_name = choice.kommun_id, choice.kommun_name
    comparison_label, size = choice.comparison_title, len(choice.members)
    df = queries.series(
        db, kpi, kommun_id, choice.members, gender, choice.year_from, choice.year_to
    )
    if df.empty:
        return None
    fig = indicator_figure(
        df,
        kommun_name=esc(kommun_name),
        comparison=comparison_label,
        unit=unit,
        group_size=size,
        breaks=breaks_for(kpi),
        median=riket_note(kpi) is not None,
    )
    kpi_title, erratum = _erratum(db, kpi)
    origin, licence = _kolada_source(db)
    members = _member_names(db, choice.members)
    meta = Export(
        kpi,
        label,
        kpi_title,
        unit,
        gender,
        kommun_id,
        kommun_name,
        comparison_label,
        members,
        origin,
        licence,
        link,
        erratum.note if erratum else "",
    )
    csv = citable_csv(csv_header(df, meta), csv_frame(df, meta, size))
    years = year_ranges(df.loc[df["value"].notna(), "year"].tolist())
    span = f"{int(df['year'].min())}–{int(df['year'].max())}"
    return IndicatorView(
        df,
        fig,
        judged_sentence(df, choice.kommun_md, unit, _judge_view(db, choice, ind, df), kpi)
        if gender == "T"
        else summary_sentence(df, choice.kommun_md, unit, gender),
        gap_note(df, choice.kommun_md),
        f"År med publicerat värde för {choice.kommun_md}: {years}.",
        table_frame(df, kommun_name, comparison_label, size, kpi),
        csv,
        " ".join(
            n
            for n in (
                count_note(df, choice.comparison_md, size),
                _riket_text(db, choice, kpi, gender, df),
            )
            if n
        ),
        citation(kpi, kpi_title, kommun_name, span, origin, link),
        erratum,
    )


def _by_year(frame: pd.DataFrame) -> dict[int, float]:
    return dict(zip(frame["year"].astype(int).tolist(), frame["value"].tolist(), strict=True))


@st.cache_resource(ttl=TTL_S, max_entries=64, show_spinner=False)
def pooled_noise(db: Db, kpi: str, kind: str, size: int) -> tuple[float, int] | None:
    """The overdispersion pooled over the kommuner of one size class (core.judgement), for a
    kommun whose own history is too short: rates by population, shares by cohort size; the
    history of each starts at the KPI's last series break."""
    if size < 0 or kind not in (jd.COUNTS, jd.SHARES):
        return None
    start = max(level_years(kpi), default=FULL_FROM)
    values = queries.kpi_years(db, kpi, "T", start, 2100).values
    kommuner = kommun_names(db)
    if kind == jd.COUNTS:
        sizes = queries.kpi_years(db, POPULATION, "T", FULL_FROM, 2100).values
        bounds = jd.POPULATION_CLASSES
    else:
        sizes = _cohorts_all(db)
        bounds = jd.COHORT_CLASSES
    terms = []
    for k, own in values.items():
        have = sizes.get(k, {})
        if k not in kommuner or not have or jd.size_class(have[max(have)], bounds) != size:
            continue
        terms.append(jd.count_terms(own, have) if kind == jd.COUNTS else jd.share_terms(own, have))
    phi, df = jd.pooled_dispersion(terms)
    return (phi, df) if df else None


def _cohorts_all(db: Db) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for kommun_id, year, value in run(db, "cohorts_all").itertuples(index=False):
        out.setdefault(str(kommun_id), {})[int(year)] = float(value)
    return out


@st.cache_resource(ttl=TTL_S, max_entries=256, show_spinner=False)
def judgement_evidence(db: Db, kommun_id: str, kind: str, kpi: str = "") -> jd.Evidence:
    """What the kommun's judgement of `kpi` (of one kind) needs beside the values.

    Rates: the population (Kolada N01951); year-9 shares: Skolverket's year-9 cohort; surveys:
    Kolada's osäkerhetstal of the KPI where the catalogue names one and it is loaded (the
    snapshot has none, so a survey change is shown without a verdict). Series breaks too.
    """
    breaks = level_years(kpi)
    if kind == jd.COUNTS:
        population = _by_year(run(db, "card_population", {"kommun": kommun_id}))
        latest = population[max(population)] if population else None
        cls = jd.size_class(latest, jd.POPULATION_CLASSES)
        return jd.Evidence(population, {}, {}, breaks, pooled_noise(db, kpi, kind, cls))
    if kind == jd.SHARES:
        cohorts = _by_year(run(db, "card_cohort", {"kommun": kommun_id}))
        latest = cohorts[max(cohorts)] if cohorts else None
        cls = jd.size_class(latest, jd.COHORT_CLASSES)
        return jd.Evidence({}, cohorts, {}, breaks, pooled_noise(db, kpi, kind, cls))
    companion = uncertainty_kpi(kpi)
    if kind == jd.SURVEY and companion:
        published = run(db, "card_uncertainty", {"kpi": companion, "kommun": kommun_id})
        return jd.Evidence({}, {}, _by_year(published), breaks)
    return jd.Evidence({}, {}, {}, breaks)
