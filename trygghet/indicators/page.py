"""A theme page: the indicator picker (?kpi=), the view switch (?vy=) and the chosen view."""

from __future__ import annotations

import streamlit as st

from trygghet.core.url_state import url_choice
from trygghet.indicators import queries
from trygghet.indicators.compare_views import render_view, view_choice
from trygghet.sidebar.views import choice_query, page_setup


def theme_page(
    theme: str, title: str, intro: str, caveats: list[str], see_also: tuple[str, str] | None = None
) -> None:
    """Draw a theme page: title, intro, indicator picker, the chart block and caveats.

    `see_also` is (page file, link label): a page with more on the theme, same selection.
    """
    db, sel = page_setup()
    st.title(title)
    st.caption(
        f"{sel.kommun_md} jämfört med {sel.comparison_md} och Riket, {sel.year_from}–{sel.year_to}."
    )
    catalogue = queries.indicators(db)
    mine = catalogue[catalogue["theme"] == theme]
    labels = dict(zip(mine["kpi_id"], mine["label"], strict=True))
    others = set(catalogue["kpi_id"]) - set(labels)
    st.write(intro)
    if see_also:
        st.page_link(see_also[0], label=see_also[1], query_params=choice_query())
    kpi = url_choice(
        "Indikator",
        list(labels),
        param="kpi",
        key=f"w_kpi_{theme}",
        format_func=lambda k: labels[k],
        known_elsewhere=others,
    )
    view = view_choice()
    # Caveats beside the chart on wide screens; below it when columns stack on a phone.
    main, side = st.columns([3, 1])
    with main:
        render_view(db, sel, mine[mine["kpi_id"] == kpi].iloc[0], view)
    if caveats:
        with side.container(border=True):
            st.markdown("**Att tänka på**")
            for line in caveats:
                st.markdown(f"- {line}")
