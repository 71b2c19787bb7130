"""Översikt: one card per theme's headline indicator, linking to the theme page."""

import streamlit as st

from trygghet.core import style
from trygghet.core.format import fmt_value
from trygghet.core.url_state import drop_param
from trygghet.indicators import queries
from trygghet.indicators.bundles import card_view
from trygghet.indicators.cards import PAGES
from trygghet.indicators.text import latest_pair
from trygghet.sidebar.views import choice_query, page_setup

db, sel = page_setup()
drop_param("kpi")
drop_param("kon")
st.title(f"Trygghet i {sel.kommun_md}")
st.write(
    f"Senaste värdet för varje områdes huvudindikator, {sel.year_from}–{sel.year_to}, "
    f"jämfört med {sel.comparison_md} och alla kommuner."
)

catalogue = queries.indicators(db)
heads = catalogue[catalogue["headline"]].set_index("theme")
themes = [t for t in PAGES if t in heads.index]
for i, theme in enumerate(themes):
    page, title = PAGES[theme]
    if i % 2 == 0:  # a new row per pair keeps the theme order when columns stack on phones
        cols = st.columns(2)
    ind = heads.loc[theme]
    kpi, unit = ind["kpi_id"], ind["unit"]
    view = card_view(db, sel, kpi, unit)
    c = view.card
    with cols[i % 2].container(border=True):
        st.markdown(f"**{title}**")
        st.metric(f"{ind['label']}, {sel.kommun_md} {c.year or ''} ({unit})", c.value)
        if c.year is not None:
            st.markdown(f"Förändring: {c.change_1}; {c.change_5}.")
            st.markdown(f"Läge: {c.in_group}{'; ' if c.in_group else ''}{c.in_all}.")
            st.plotly_chart(
                view.sparkline,
                key=f"spark_{kpi}",
                config=style.STATIC_CONFIG,
            )
        st.caption(
            f"Källa: Kolada, KPI {kpi}. Läget bland kommuner: egen bearbetning av data från Kolada."
        )
        st.page_link(page, label=f"Mer om {title.lower()} →", query_params=choice_query(kpi=kpi))

if "befolkning" in heads.index:
    pop = heads.loc["befolkning"]
    series = queries.series(db, pop["kpi_id"], sel.kommun_id, (), "T", sel.year_from, sel.year_to)
    last, _ = latest_pair(series) if not series.empty else (None, None)
    if last is not None:
        st.caption(
            f"{pop['label']} i {sel.kommun_md} {int(last['year'])}: "
            f"{fmt_value(last['value'], '')} (Källa: Kolada, KPI {pop['kpi_id']})."
        )
