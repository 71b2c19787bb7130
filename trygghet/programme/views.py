"""Streamlit cards for the programme page: per commitment, what open data says and does not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.format import md_esc
from trygghet.core.query import TTL_S
from trygghet.core.url_state import UrlGroup
from trygghet.indicators.text import kpi_url
from trygghet.programme import queries
from trygghet.programme.catalogue import ROLES, Commitment, IndicatorRef
from trygghet.programme.text import lines, parse_baseline, summarise
from trygghet.schools.measures import MEASURES, school_year_label
from trygghet.sidebar.choice import Choice

W_BASELINE = "w_prog_bas"


@dataclass(frozen=True)
class Baseline:
    """The base year of every change on the page, bound to ?bas=."""

    year: int
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        return {"bas": str(self.year)}


def baseline_choice(years: list[int]) -> int:
    """The base-year selectbox, kept in the URL (a bad ?bas= falls back with a notice)."""

    def parse(raw: Mapping[str, str]) -> Baseline:
        year, warning = parse_baseline(raw.get("bas"), years)
        return Baseline(year, (warning,) if warning else ())

    group = UrlGroup("programme_bas", ("bas",), parse)
    value, _ = group.read()
    if not years:
        return value.year
    st.session_state[W_BASELINE] = value.year if value.year in years else years[0]
    chosen = st.selectbox(
        "Basår: förändring räknas från",
        years,
        key=W_BASELINE,
        on_change=lambda: group.remember(Baseline(int(st.session_state[W_BASELINE]))),
        help="Förändringen räknas från basåret, eller från första året därefter som har ett värde.",
    )
    group.write(Baseline(int(chosen)))
    return int(chosen)


@dataclass(frozen=True)
class CardData:
    """What every card reads: the DB, the sidebar's choice, the base year, the catalogue's KPIs."""

    db: Db
    choice: Choice
    baseline: int
    kpis: tuple[str, ...]  # every Kolada KPI of the programme, in catalogue order
    indicators: pd.DataFrame  # programme_indicators.sql


# The sentences depend only on (db, choice, baseline), so warm reruns reuse them instead of
# filtering the value frames again for every card.
@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def _kolada_lines(
    db: Db, choice: Choice, baseline: int, kpis: tuple[str, ...], kpi: str, unit: str
) -> list[str]:
    values = queries.values(db, kpis, choice.kommun_id, choice.members)
    s = summarise(values, kpi, choice.kommun_id, choice.members, baseline)
    return lines(s, unit, baseline, choice.comparison_label, choice.kommun_name)


@st.cache_data(ttl=TTL_S, max_entries=256, show_spinner=False)
def _school_lines(db: Db, choice: Choice, baseline: int, measure: str, unit: str) -> list[str]:
    measures = tuple(m.report for m in MEASURES.values())
    report = queries.report(db, measures, choice.kommun_id, choice.members)
    s = summarise(report, measure, choice.kommun_id, choice.members, baseline)
    return lines(
        s,
        unit,
        baseline,
        choice.comparison_label,
        choice.kommun_name,
        year_label=school_year_label,
    )


def _bullets(texts: list[str]) -> str:
    return "\n".join(f"- {md_esc(t)}" for t in texts)


def _kolada_block(ref: IndicatorRef, d: CardData) -> None:
    meta = d.indicators[d.indicators["kpi_id"] == ref.kpi]
    loaded = bool(len(meta)) and bool(meta["in_catalogue"].iloc[0])
    label = str(meta["label"].iloc[0]) if loaded else f"Kolada {ref.kpi}"
    unit = str(meta["unit"].iloc[0]) if loaded else ""
    st.markdown(
        f"**{md_esc(label)}** · [Kolada {ref.kpi}]({kpi_url(ref.kpi)}) · *{ROLES[ref.role]}*"
    )
    if ref.note:
        st.caption(ref.note)
    if not loaded:
        st.markdown(
            _bullets(
                [
                    "Indikatorn hämtas inte till den här databasen ännu; "
                    "se värdena direkt i Kolada (länken ovan)."
                ]
            )
        )
        return
    st.markdown(_bullets(_kolada_lines(d.db, d.choice, d.baseline, d.kpis, ref.kpi, unit)))


def _school_block(d: CardData) -> None:
    st.markdown("**Skolresultat i årskurs 9** · Skolverket, alla skolor i kommunen (skolkommun)")
    st.caption(
        "Skolverkets rapport räknar elever där skolan ligger; Koladas skol-KPI:er räknar där "
        "eleven bor. De två redovisas var för sig. Mer per skola på sidan Skolor."
    )
    for m in MEASURES.values():
        unit = "" if m.unit == "meritvärde" else m.unit
        st.markdown(f"*{m.label}*")
        st.markdown(_bullets(_school_lines(d.db, d.choice, d.baseline, m.report, unit)))


def render_card(c: Commitment, d: CardData, number: int | None) -> None:
    """One bordered card: heading, indicators (or the statement that none measures it), the gap."""
    with st.container(border=True):
        st.markdown(f"#### {f'{number}. ' if number else ''}{md_esc(c.title)}")
        kolada = bool(c.indicators)
        if not c.indicators and not c.school:
            st.markdown("**Ingen indikator i öppna data mäter detta.**")
        for ref in c.indicators:
            _kolada_block(ref, d)
        if c.school:
            _school_block(d)
        st.markdown(f"**Vad öppna data inte visar:** {md_esc(c.not_measured)}")
        st.markdown("**Uppgifter finns hos:**\n" + _bullets(list(c.holders)))
        sources = []
        if kolada:
            kpis = ", ".join(r.kpi for r in c.indicators)
            sources.append(
                f"Källa: Kolada, KPI {kpis} ({d.choice.kommun_name} och Riket); medelvärde och "
                "jämförelse med gruppen: Egen bearbetning av data från Kolada"
            )
        if c.school:
            sources.append(
                "Källa: Skolverket, Jämförelse av betygsresultat över tid (kommunens värden); "
                "gruppens medelvärde: Egen bearbetning av data från Skolverket"
            )
        if sources:
            st.caption(". ".join(sources) + ".")
