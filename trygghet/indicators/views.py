"""Streamlit block for one indicator: chart, sentence, source, description, table, CSV."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import md_esc
from trygghet.core.url_state import drop_param, url_choice
from trygghet.expected.views import over_time_note
from trygghet.indicators.bundles import IndicatorView, indicator_view
from trygghet.indicators.catalogue import Indicator
from trygghet.indicators.text import GENDERS, kpi_url
from trygghet.sidebar.data import Choice
from trygghet.sidebar.views import choice_query

EMBED_PREFIX = "diagram_"  # page_head.html accepts only keys of this shape in ?diagram=


def gender_choice(ind: Indicator) -> str:
    """Totalt/Kvinnor/Män switch for gender-divided KPIs, bound to ?kon=."""
    if not ind.by_gender:
        drop_param("kon")
        return "T"
    return url_choice(
        "Visa för",
        list(GENDERS),
        param="kon",
        key="w_kon",
        format_func=GENDERS.__getitem__,
        horizontal_radio=True,
    )


def _link(kpi: str, gender: str) -> str:
    """The address of this view: the page's URL with the canonical query of its choices."""
    query = choice_query(kpi=kpi, **({"kon": gender} if gender != "T" else {}))
    return f"{st.context.url or ''}?{urlencode(query)}"


def embed_key(kpi: str) -> str:
    """The key of a chart's block; ?diagram=<key> shows that block alone (page_head.html)."""
    return f"{EMBED_PREFIX}{kpi}"


def embed_snippet(link: str, key: str, title: str) -> str:
    """An iframe for the kommun's own page: Streamlit's embed mode and this chart alone."""
    src = html.escape(f"{link}&{urlencode({'embed': 'true', 'diagram': key})}", quote=True)
    return (
        f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="100%" '
        'height="560" style="border:0" loading="lazy"></iframe>'
    )


def _about(ind: Indicator, view: IndicatorView) -> None:
    """Kolada's own title and description, and beside them (never instead) a reviewed erratum."""
    label = "Om indikatorn (Koladas beskrivning" + (" och en rättelse)" if view.erratum else ")")
    with st.expander(label, expanded=view.erratum is not None):
        st.text(ind.title)
        st.text(ind.description or "Ingen beskrivning i Koladas katalog.")
        if view.erratum:
            e = view.erratum
            # A bordered note, not st.warning: warnings on these pages mean "your link was
            # not understood", and the erratum is part of the indicator's description.
            st.container(border=True).markdown(
                f":material/report: **Rättelse** (granskad {e.reviewed}): {md_esc(e.note)} "
                f"[Källa för rättelsen]({e.evidence})"
            )


def table_and_csv(table: pd.DataFrame, csv: bytes, label: str, file_name: str, key: str) -> None:
    """A view's table in an expander, then its spreadsheet-safe CSV to download."""
    with st.expander("Visa tabell"):
        st.dataframe(table, hide_index=True)
    st.download_button(label, csv, file_name=file_name, mime="text/csv", key=key)


def render_indicator(db: Db, choice: Choice, ind: Indicator) -> None:
    """Everything shown for one indicator for the current selection."""
    kpi, unit, label = ind.kpi_id, ind.unit, ind.label
    # One block with the title, sentence, chart and source: what an embed link shows alone
    # (the gender switch inside it is hidden there; ?kon= chooses).
    embed = embed_key(kpi)
    with st.container(key=embed):
        st.header(md_esc(label))
        gender = gender_choice(ind)
        view = indicator_view(db, choice, ind, gender, _link(kpi, gender))
        if view is None:
            st.info(
                f"Databasen har inga värden för {md_esc(label)} åren "
                f"{choice.year_from}–{choice.year_to}: Kolada har inte publicerat några, eller "
                "så har de inte hämtats än (se Om data)."
            )
            return
        st.markdown(f"**{view.sentence}**")
        st.plotly_chart(view.figure, config=style.PLOT_CONFIG, key=f"chart_{kpi}_{gender}")
        st.caption(view.years_line + (" " + view.gap_note if view.gap_note else ""))
        if view.count_note:
            st.caption(view.count_note)
        if gender == "T":  # the structural model (issue 20) is fitted on totals
            over_time_note(db, choice, kpi, unit)
        st.caption(
            f"Källa: Kolada, KPI {kpi} ({choice.kommun_md} och Riket) – [visa {kpi} i Kolada]"
            f"({kpi_url(kpi)}). Medelvärdet för {choice.comparison_md} och "
            "spridningen bland alla kommuner: Egen bearbetning av data från Kolada."
        )
    with st.expander("Citera eller bädda in"):
        st.code(view.citation, language=None, wrap_lines=True)
        st.markdown("Bädda in diagrammet med mening och källa på en egen webbsida:")
        st.code(embed_snippet(_link(kpi, gender), embed, label), language="html", wrap_lines=True)
    _about(ind, view)
    table_and_csv(
        view.table,
        view.csv,
        "Ladda ner data (CSV)",
        f"{kpi}_{choice.kommun_id}_{gender}_{choice.year_from}-{choice.year_to}.csv",
        f"dl_{kpi}_{gender}",
    )
