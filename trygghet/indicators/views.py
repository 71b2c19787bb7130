"""Streamlit block for one indicator: chart, sentence, source, description, table, CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.url_state import drop_param, url_choice
from trygghet.indicators.bundles import indicator_view
from trygghet.indicators.text import kpi_url
from trygghet.sidebar.choice import Choice

GENDERS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def gender_choice(ind: pd.Series) -> str:
    """Totalt/Kvinnor/Män switch for gender-divided KPIs, bound to ?kon=."""
    if not bool(ind["is_divided_by_gender"]):
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


def render_indicator(db: Db, sel: Choice, ind: pd.Series) -> None:
    """Everything shown for one indicator for the current selection."""
    kpi, unit, label = str(ind["kpi_id"]), str(ind["unit"]), str(ind["label"])
    st.subheader(label)
    gender = gender_choice(ind)
    view = indicator_view(db, sel, (kpi, label, unit), gender)
    if view is None:
        st.info(
            f"Databasen har inga värden för {label} åren {sel.year_from}–{sel.year_to}: "
            "Kolada har inte publicerat några, eller så har de inte hämtats än "
            "(se Om data)."
        )
        return
    st.markdown(f"**{view.sentence}**")
    st.plotly_chart(view.figure, config=style.PLOT_CONFIG, key=f"chart_{kpi}_{gender}")
    st.caption(view.years_line + (" " + view.gap_note if view.gap_note else ""))
    st.caption(
        f"Källa: Kolada, KPI {kpi} ({sel.kommun_md} och Riket) – [visa {kpi} i Kolada]"
        f"({kpi_url(kpi)}). Medelvärdet för {sel.comparison_md} och "
        "spridningen bland alla kommuner: Egen bearbetning av data från Kolada."
    )
    with st.expander("Om indikatorn (Koladas beskrivning)"):
        st.text(str(ind["kpi_title"] or label))
        st.text(str(ind["description"] or "Ingen beskrivning i Koladas katalog."))
    with st.expander("Visa tabell"):
        st.dataframe(view.table, hide_index=True)
    st.download_button(
        "Ladda ner data (CSV)",
        view.csv,
        file_name=f"{kpi}_{sel.kommun_id}_{gender}_{sel.year_from}-{sel.year_to}.csv",
        mime="text/csv",
        key=f"dl_{kpi}_{gender}",
    )
