"""Översikt: one card per theme's headline indicator that says whether it got better or worse."""

import streamlit as st

from trygghet.core import style
from trygghet.core.format import fmt_value, md_esc
from trygghet.core.url_state import drop_param
from trygghet.indicators import queries
from trygghet.indicators.bundles import card_view
from trygghet.indicators.cards import PAGES, Indicator
from trygghet.indicators.verdict import RULE, summary
from trygghet.sidebar.print_views import print_footer
from trygghet.sidebar.views import choice_query, page_setup

db, sel = page_setup()
drop_param("kpi")
drop_param("kon")
st.title(f"Trygghet i {sel.kommun_md}")

catalogue = queries.indicators(db)
heads = catalogue[catalogue["headline"]].set_index("theme")
inds = [
    Indicator(
        str(heads.at[theme, "kpi_id"]),
        theme,
        title,
        str(heads.at[theme, "label"]),
        str(heads.at[theme, "unit"]),
        str(heads.at[theme, "direction"]),
    )
    for theme, (_page, title) in PAGES.items()
    if theme in heads.index
]
views = [card_view(db, sel, ind) for ind in inds]
st.markdown(
    summary([v.card.outcome for v in views], sel.comparison_md)
    + " Regeln står under korten, i ”Så bedöms korten”."
)
st.caption(
    f"Huvudindikatorn för varje område, {sel.year_from}–{sel.year_to}, jämförd med "
    f"{sel.comparison_md} och alla kommuner."
)

for i, (ind, view) in enumerate(zip(inds, views, strict=True)):
    if i % 2 == 0:  # a new row per pair keeps the theme order when columns stack on phones
        cols = st.columns(2)
    c = view.card
    with cols[i % 2].container(border=True):
        st.markdown(f"**{ind.title}**: {md_esc(ind.label)}")
        when = f" {c.year}" if c.year else ""
        st.metric(f"{sel.kommun_md}{when} ({md_esc(ind.unit)})", c.value)
        for line in (c.change, c.peers):
            if line:
                st.markdown(line)
        if c.place:
            st.markdown(f"Läge {c.year}: {c.place}.")
        for note in c.notes:
            st.caption(note)
        if view.chart is not None:
            st.plotly_chart(view.chart, key=f"spark_{ind.kpi}", config=style.STATIC_CONFIG)
        st.caption(
            f"Källa: Kolada, KPI {ind.kpi}. Medelvärde, förändring och läge: egen bearbetning "
            "av data från Kolada."
        )
        st.page_link(
            PAGES[ind.theme][0],
            label=f"Mer om {ind.title.lower()} →",
            query_params=choice_query(kpi=ind.kpi),
        )

with st.expander("Så bedöms korten"):
    st.markdown(RULE)

if "befolkning" in heads.index:
    pop = heads.loc["befolkning"]
    series = queries.series(db, pop["kpi_id"], sel.kommun_id, (), "T", sel.year_from, sel.year_to)
    have = series[series["value"].notna()]
    if len(have):
        last = have.iloc[-1]
        st.caption(
            f"{pop['label']} i {sel.kommun_md} {int(last['year'])}: "
            f"{fmt_value(last['value'], '')} (Källa: Kolada, KPI {pop['kpi_id']})."
        )

print_footer(db, sel, "Källa: Kolada (RKA); medelvärden, förändring och läge: egen bearbetning.")
