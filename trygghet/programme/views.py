"""Streamlit rendering of Handlingsprogrammet: base year, scorecard, gaps, an expander each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.format import md_esc
from trygghet.core.style import KOMMUN
from trygghet.core.url_state import UrlGroup
from trygghet.indicators.text import kpi_url
from trygghet.programme import queries
from trygghet.programme.bundles import Scorecard, indicator_kpis, scorecard
from trygghet.programme.catalogue import ROLE_HELP, ROLES, Commitment, Holder, catalogue
from trygghet.programme.data import CHANGE, GAPS, VERSUS
from trygghet.programme.text import genitive, parse_baseline
from trygghet.sidebar.data import Choice

W_BASELINE = "w_prog_bas"
ROW_PX = 35  # st.dataframe's row height: the table shows every row without its own scrollbar
# Containers that page_head.html shows by screen width: cards on a phone, the table otherwise.
CARDS_KEY, TABLE_KEY = "prog_cards", "prog_table"


def _order(baseline: int) -> list[str]:
    """The table's columns: the role right after the verdict, since the summary counts by it."""
    return [
        "Punkt",
        "Indikator",
        "Senaste",
        "År",
        GAPS,
        CHANGE.format(baseline=baseline),
        "Bedömning",
        "Roll",
        "Gruppens förändring",
        VERSUS,
        "Plats i gruppen",
        "Trend",
        "Enhet",
        "Källa",
    ]


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


def _columns(choice: Choice, baseline: int) -> dict[str, Any]:
    """Widths that keep the change and its verdict on a desktop's first screen; help per column."""
    whose, group = genitive(choice.kommun_name), choice.comparison_label
    text = st.column_config.TextColumn
    return {
        "Punkt": text(width=140),
        "Indikator": text(width=210),
        "Senaste": text(width=64, help="Senaste värdet, i indikatorns enhet (se Enhet)."),
        "År": text(width=84, help="Året för det senaste värdet."),
        CHANGE.format(baseline=baseline): text(
            width=215,
            help=f"{whose} förändring från basåret {baseline}, eller från första året "
            "därefter med värde (då anges året), till senaste året. Pilen visar riktningen.",
        ),
        "Bedömning": text(
            width=150,
            help="Bättre eller sämre bara där hela 95-procentsintervallet ligger på samma sida "
            "om noll, annars ingen säker förändring (se Om data); – utan riktning.",
        ),
        "Gruppens förändring": text(
            width=150,
            help=f"Jämförelsegruppen: {group}. Ovägt medelvärde för gruppens kommuner med "
            f"värde båda åren, samma år som för {choice.kommun_name}.",
        ),
        VERSUS: text(width=135, help="Kommunens förändring mot gruppens, med båda osäkerheterna."),
        "Plats i gruppen": text(
            width=150,
            help=f"{whose} värde senaste året bland gruppens kommuner med värde samma år "
            "(kommunen själv medräknad). Högst är inte alltid bäst: se bedömningen.",
        ),
        "Trend": st.column_config.LineChartColumn(
            width=110,
            help=f"{whose} värden från basåret {baseline} till senaste året; år utan "
            "värde hoppas över (Om data visar luckorna).",
            color=KOMMUN,
        ),
    }


def _cards(table: pd.DataFrame, baseline: int) -> None:
    """The scorecard on a phone: one card per indicator with its name and verdict on top.

    A phone showed 356 px of the 1 586 px table, so the verdict came only after a swipe,
    when the row names had gone. page_head.html shows these cards under 640 px and the
    table above it (the container keys name them).
    """
    change = CHANGE.format(baseline=baseline)
    for row in table.to_dict("records"):
        counted = row["Roll"] == ROLES["measures"]
        with st.container(border=True):
            gaps_md = f"{GAPS}: {md_esc(row[GAPS])}  \n" if row[GAPS] else ""
            st.markdown(
                f"**{md_esc(row['Indikator'])}**  \n"
                f"Bedömning: **{md_esc(row['Bedömning'])}** · {md_esc(row[change])}  \n"
                f"Senaste: {md_esc(row['Senaste'])} ({md_esc(row['År'])}) · "
                f"Gruppen: {md_esc(row['Gruppens förändring'])}, "
                f"mot gruppen: {md_esc(row[VERSUS])}  \n"
                f"{gaps_md}"
                f"{md_esc(row['Punkt'])} · Roll: {md_esc(row['Roll'])}"
                + (" (räknas i sammanfattningen)" if counted else "")
            )


def scorecard_table(card: Scorecard, choice: Choice, baseline: int) -> None:
    """The scorecard: one row per indicator, its rule and sources under it, and the CSV."""
    st.markdown(
        md_esc(card.summary) + " Indikatorerna som räknas har rollen ”Mäter” (kolumnen Roll)."
    )
    with st.container(key=CARDS_KEY):
        _cards(card.table, baseline)
    with st.container(key=TABLE_KEY):
        st.dataframe(
            card.table,
            hide_index=True,
            height=(len(card.table) + 1) * ROW_PX + 3,
            column_config=_columns(choice, baseline),
            # The role beside the verdict: the summary counts only the "Mäter" rows.
            column_order=_order(baseline),
        )
    st.caption(
        "Så läses tabellen: förändringen räknas från basåret, eller från första året därefter "
        "med värde, till senaste året med värde, med ett 95-procentigt osäkerhetsintervall. "
        "Bättre eller sämre står bara där slumpen inte kan förklara förändringen, annars "
        "”ingen säker förändring” (regeln, samma som på Översikt, står i Om data). Gruppens "
        f"förändring gäller samma år och samma kommuner; gruppen är "
        f"{md_esc(choice.comparison_label)}. "
        "Sammanfattningen räknar bara indikatorer som mäter en punkt i programmet (roll Mäter), "
        "inte de som beskriver sammanhanget. Källa: Kolada och "
        "Skolverket (kommunens värden); egen bearbetning av data från Kolada och Skolverket "
        "(gruppens medelvärden och plats). Minidiagrammen hoppar över år utan värde."
    )
    st.download_button(
        "Ladda ner tabellen (CSV)",
        card.csv,
        file_name=f"handlingsprogrammet_{choice.kommun_id}_{baseline}.csv",
        mime="text/csv",
    )


def unmeasured_lines(items: tuple[Commitment, ...]) -> None:
    """One line per commitment or phenomenon that no open data measures, naming who holds data."""
    lines = []
    for c in items:
        if c.indicators or c.school:
            continue
        holders = "; ".join(h.name for h in c.holders)
        lines.append(
            f"- **{md_esc(c.short)}:** inga öppna data mäter detta. "
            f"Uppgifter finns hos {md_esc(holders)} (källor nedan)."
        )
    if lines:
        st.markdown("**Utan öppna data**\n" + "\n".join(lines))


def _holder_line(h: Holder) -> str:
    source = "; ".join(
        f"[{md_esc(title)}]({url})" if url else md_esc(title) for title, url in h.sources
    )
    checked = f"kontrollerad {h.checked.isoformat()}" if h.checked else "ej kontrollerad mot källan"
    return f"- **{md_esc(h.name)}:** {md_esc(h.what)}. Källa: {source}, {checked}."


def _indicator_lines(c: Commitment) -> list[str]:
    return [
        f"- [Kolada {ref.kpi}]({kpi_url(ref.kpi)}) · *{ROLE_HELP[ref.role]}*"
        + (f": {md_esc(ref.note)}" if ref.note else "")
        for ref in c.indicators
    ]


def details(items: tuple[Commitment, ...]) -> None:
    """One expander per commitment: what each indicator tells, what is missing, who holds data."""
    for c in items:
        with st.expander(f"{c.short} – {c.title}" if c.kind == "commitment" else c.title):
            parts = []
            if c.indicators:
                parts.append("**Indikatorerna**\n" + "\n".join(_indicator_lines(c)))
            if c.school:
                parts.append(
                    "**Skolverkets skolresultat i årskurs 9** räknar elever där skolan ligger "
                    "(skolkommun); Koladas skol-KPI:er räknar där eleven bor (hemkommun). De "
                    "redovisas var för sig. Mer per skola på sidan Skolor."
                )
            if c.see_also:
                parts.append(md_esc(c.see_also))
            parts.append(f"**Vad öppna data inte visar:** {md_esc(c.not_measured)}")
            parts.append(
                "**Uppgifter finns hos**\n" + "\n".join(_holder_line(h) for h in c.holders)
            )
            st.markdown("\n\n".join(parts))


def page(db: Db, choice: Choice) -> None:
    """Handlingsprogrammet: the scorecard of "Ett tryggare Kalmar", then what open data cannot
    show, below the shared choice line."""
    st.title("Handlings\u00adprogrammet")  # a soft hyphen: a phone breaks the word there
    st.markdown(
        "Programmet ”Ett tryggare Kalmar” tar upp sex punkter och nämner tre företeelser särskilt. "
        "Det är skrivet som förslag (”Så vill vi skapa mer trygghet i Kalmar”, ”Vi tycker att "
        "Kalmar kommun ska …”) och anger varken vem som skrivit det eller att det har beslutats; "
        "därför säger inte heller sidan det (källa: programmets egen text). Tabellen visar vad "
        f"öppna data säger om punkterna för {choice.kommun_md}, jämfört med "
        f"{choice.comparison_md}; jämförelsen väljs i sidopanelen. Sidan redovisar, den "
        "värderar inte insatserna."
    )
    years = queries.years(db, indicator_kpis())  # the base years offered
    left, _ = st.columns([1, 2])
    with left:
        baseline = baseline_choice(years)
    scorecard_table(scorecard(db, choice, baseline), choice, baseline)
    items = catalogue()
    unmeasured_lines(items)
    st.header("Mer om varje punkt")
    details(items)
