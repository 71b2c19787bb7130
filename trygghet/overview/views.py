"""Översikt in Streamlit: the summary, one card per theme's headline indicator with its
verdict, the rule, the population line and the print footer."""

import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import fmt_value, md_esc
from trygghet.core.url_state import drop_param
from trygghet.indicators import queries
from trygghet.indicators.catalogue import Indicator
from trygghet.overview.bundles import CardView, card_view
from trygghet.overview.data import PAGES, theme_title
from trygghet.overview.text import RULE, summary
from trygghet.sidebar.data import Choice
from trygghet.sidebar.views import choice_query, print_footer

# What a theme's change counts beside Kolada's values, named in its card's source line.
EXTRA_SOURCE = {
    "brott": " Antalet brott: takten gånger folkmängden (Kolada N01951).",
    "skola": " Årskullens storlek: Skolverket, elever i åk 9 i kommunens skolor.",
}


def _card(choice: Choice, ind: Indicator, view: CardView) -> None:
    """One theme's card: the value, the judged change, the group, the place, the mini chart,
    the source and the way to the theme page."""
    c = view.card
    title = theme_title(ind)
    st.markdown(f"**{md_esc(title)}**: {md_esc(ind.label)}")
    when = f" {c.year}" if c.year else ""
    st.metric(f"{choice.kommun_md}{when} ({md_esc(ind.unit)})", c.value)
    for line in (c.change, c.peers):
        if line:
            st.markdown(line)
    if c.place:
        st.markdown(f"Läge {c.year}: {c.place}.")
    for note in c.notes:
        st.caption(note)
    if view.chart is not None:
        st.plotly_chart(view.chart, key=f"spark_{ind.kpi_id}", config=style.STATIC_CONFIG)
    extra = EXTRA_SOURCE.get(ind.theme, "")
    st.caption(
        f"Källa: {ind.source}. Förändring, osäkerhetsintervall, gruppens "
        f"förändring och läge: egen bearbetning av data från Kolada.{extra}"
    )
    st.page_link(
        PAGES[ind.theme][0],
        label=f"Mer om {title.lower()} →",
        query_params=choice_query(kpi=ind.kpi_id),
    )


def page(db: Db, choice: Choice) -> None:
    """The whole page, below the shared choice line."""
    drop_param("kpi")
    drop_param("kon")
    st.title(f"Trygghet i {choice.kommun_md}")

    heads = {ind.theme: ind for ind in queries.indicators(db).values() if ind.headline}
    inds = [heads[theme] for theme in PAGES if theme in heads]  # one card per theme page
    views = [card_view(db, choice, ind) for ind in inds]
    st.markdown(
        summary([v.card.outcome for v in views], choice.comparison_md)
        + " Regeln står under korten, i ”Så bedöms förändringar”."
    )
    st.caption(
        f"Huvudindikatorn för varje område, {choice.year_from}–{choice.year_to}, jämförd med "
        f"{choice.comparison_md} och alla kommuner."
    )

    for i, (ind, view) in enumerate(zip(inds, views, strict=True)):
        if i % 2 == 0:  # a new row per pair keeps the theme order when columns stack on phones
            cols = st.columns(2)
        with cols[i % 2].container(border=True):
            _card(choice, ind, view)

    with st.expander("Så bedöms förändringar"):
        st.markdown(RULE)

    if "befolkning" in heads:
        pop = heads["befolkning"]
        series = queries.series(
            db, pop.kpi_id, choice.kommun_id, (), "T", choice.year_from, choice.year_to
        )
        have = series[series["value"].notna()]
        if len(have):
            last = have.iloc[-1]
            st.caption(
                f"{md_esc(pop.label)} i {choice.kommun_md} {int(last['year'])}: "
                f"{fmt_value(last['value'], '')} (Källa: {pop.source})."
            )

    print_footer(
        db, choice, "Källa: Kolada (RKA); medelvärden, förändring och läge: egen bearbetning."
    )
