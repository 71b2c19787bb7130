"""The Samband page in Streamlit: tabs over time, across kommuner, as changes and Förväntat."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import md_esc
from trygghet.core.url_state import show_notices
from trygghet.expected import views as expected_views
from trygghet.indicators import queries
from trygghet.indicators.catalogue import Indicator
from trygghet.samband import bundles, state, text
from trygghet.samband.params import (
    MAX_LAG,
    NO_CONTROL,
    SUGGESTED_CONTROL,
    TABS,
    VIEW_LABELS,
    VIEWS,
    SambandParams,
)
from trygghet.samband.result_views import DERIVED, show_result
from trygghet.sidebar.data import Choice

INTRO = (
    "Går satsningar på skola och ungas fritid ihop med mindre brott? Sidan visar vilka samband "
    "uppgifterna kan bära, med osäkerhet, och vad de inte kan visa. **Ett samband är inte ett "
    "bevis för att det ena orsakar det andra.**"
)


@dataclass(frozen=True)
class Catalogue:
    """The indicators a visitor can pick, by KPI id, and the label of a pick ("Ingen": none)."""

    meta: dict[str, Indicator]

    @property
    def ids(self) -> list[str]:
        return list(self.meta)

    def label(self, kpi: str) -> str:
        return self.meta[kpi].label if kpi in self.meta else "Ingen"


def _time_tab(
    db: Db, choice: Choice, cat: Catalogue, shown: bool
) -> tuple[list[str], str, int | None]:
    chosen = st.multiselect(
        "Indikatorer",
        cat.ids,
        key=state.W_IND,
        format_func=cat.label,
        placeholder="Välj indikatorer",
    )
    view = st.radio(
        "Visning", VIEWS, key=state.W_VIEW, format_func=VIEW_LABELS.__getitem__, horizontal=True
    )
    base = None
    if view == "index":
        years = list(range(choice.year_from, choice.year_to + 1))
        complete = bundles.complete_years(db, choice, tuple(chosen))
        notice = state.prepare_year(state.W_BASE, "bas", years, (complete or years)[0])
        show_notices([notice] if notice else [])
        base = st.selectbox("Basår (= 100)", years, key=state.W_BASE)
    if not chosen:
        st.info("Välj minst en indikator.")
        return chosen, view, base
    if not shown:
        return chosen, view, base
    fig = bundles.timeline(db, choice, tuple(cat.meta[k] for k in chosen), base)
    st.caption(
        f"Heldragen blå linje: {choice.kommun_md}. Streckad orange linje: "
        f"medelvärde för {choice.comparison_md}."
    )
    st.plotly_chart(fig, config=style.PLOT_CONFIG, key="fig_tid")
    with st.expander("Visa tabell"):
        kpis = tuple(cat.meta[k] for k in chosen)
        st.dataframe(bundles.timeline_table(db, choice, kpis, base), hide_index=True)
    derived = "index och " if base is not None else ""
    st.caption(
        f"Källa: Kolada ({', '.join(chosen)}) för {choice.kommun_md}; {derived}"
        f"jämförelsegruppens oviktade medelvärde: {DERIVED}. Luckor betyder att värdet "
        "saknas eller är sekretessbelagt."
    )
    st.caption(
        "Att två linjer rör sig åt samma håll visar inte att de hänger ihop: "
        "mycket förändras samtidigt över tid."
    )
    return chosen, view, base


def _cross_tab(
    db: Db, choice: Choice, cat: Catalogue, shown: bool
) -> tuple[str, str, int, int | None]:
    c1, c2 = st.columns(2)
    x = c1.selectbox("Indikator (x), år t", cat.ids, key=state.W_X, format_func=cat.label)
    y = c2.selectbox(
        "Utfall (y), år t + eftersläpning", cat.ids, key=state.W_Y, format_func=cat.label
    )
    lag = st.slider("Eftersläpning i år (y mäts så många år efter x)", 0, MAX_LAG, key=state.W_LAG)
    options, default = bundles.year_options(db, x, y, lag, choice.year_from, choice.year_to)
    controls = [NO_CONTROL] + [k for k in cat.ids if k not in (x, y)]
    if st.session_state.get(state.W_CTRL) not in controls:
        st.session_state[state.W_CTRL] = NO_CONTROL
    if x == y:
        st.info("Välj två olika indikatorer.")
        return x, y, lag, None
    if not options:
        st.info("Det finns inga år där tillräckligt många kommuner har båda värdena.")
        return x, y, lag, None
    notice = state.prepare_year(state.W_YEAR, "ar", options, default)
    show_notices([notice] if notice else [])
    c3, c4 = st.columns(2)
    year = c3.selectbox("År t", options, key=state.W_YEAR)
    control = c4.selectbox(
        "Håll konstant (partiell korrelation)",
        controls,
        key=state.W_CTRL,
        format_func=cat.label,
        help=f"Till exempel {cat.label(SUGGESTED_CONTROL)}: tar bort den del av sambandet som "
        "går via den indikatorn (mätt år t).",
    )
    if not choice.year_from <= year <= choice.year_to:
        st.caption(
            f"Inget år inom {choice.year_from}–{choice.year_to} har data för båda "
            "indikatorerna, så valet av år går utanför sidopanelens år."
        )
    ctrl = cat.meta[control] if control != NO_CONTROL else None
    if not shown:
        return x, y, lag, year
    result = bundles.cross(db, choice, cat.meta[x], cat.meta[y], year, lag, ctrl)
    kpis = [x, y] + ([control] if ctrl else [])
    when = (f" {lag} år senare" if lag else " samma år") + (
        f", med hänsyn till {ctrl.label.lower()}" if ctrl else ""
    )
    show_result(
        result,
        choice.kommun_id,
        choice.kommun_name,
        ctrl.label if ctrl else None,
        text.reading(result.summary.pearson, cat.label(x), cat.label(y), when)
        if result.summary
        else "",
        f"Källa: {DERIVED} ({', '.join(kpis)}): värden från Kolada, samband och linje "
        "beräknade. Varje punkt är en kommun.",
        "samband",
    )
    return x, y, lag, year


def _change_tab(db: Db, choice: Choice, cat: Catalogue, x: str, y: str, shown: bool) -> None:
    if not shown:
        return
    span = bundles.change_span(db, x, y, choice.year_from, choice.year_to) if x != y else None
    st.markdown(
        f"Förändring per kommun i **{md_esc(cat.label(x))}** mot förändring i "
        f"**{md_esc(cat.label(y))}** (indikatorerna väljs under *Mellan kommuner*). "
        "Skillnader i nivå mellan kommunerna faller bort."
    )
    if span is None:
        st.info(
            "Inom de valda åren finns inte två år där minst hälften av kommunerna har båda "
            "värdena. Välj fler år i sidopanelen."
        )
        return
    start, end = span
    if (start, end) != (choice.year_from, choice.year_to):
        st.caption(
            f"Visar {start}–{end}: de år inom {choice.year_from}–{choice.year_to} där "
            "minst hälften av kommunerna har båda värdena."
        )
    moved = bundles.change(db, choice, cat.meta[x], cat.meta[y], start, end)
    reading = (
        text.reading(
            moved.summary.pearson,
            f"ökning i {cat.label(x)}",
            f"ökning i {cat.label(y)}",
            f" {start}–{end}",
        )
        if moved.summary
        else ""
    )
    show_result(
        moved,
        choice.kommun_id,
        choice.kommun_name,
        None,
        reading,
        f"Källa: {DERIVED} ({x}, {y}); förändring = värde {end} minus värde {start}.",
        "forandring",
    )


def render(db: Db, choice: Choice) -> None:
    """Everything below the sidebar: intro, caveats, the three tabs, the URL state."""
    cat = Catalogue(queries.indicators(db))
    warnings = state.sync(cat.ids)
    st.title("Samband")
    st.markdown(INTRO)
    show_notices(warnings)
    main, side = st.columns([3, 1], gap="large")
    # On a phone the columns stack; page_head.html moves this one first (by its key), so the
    # caveats come before the controls and the statistics.
    with side.container(key="samband_caveats"):
        st.header("Vad diagrammen inte visar")
        for caveat in text.CAVEATS:
            st.markdown(caveat)
        with st.expander("Så har vi räknat"):
            for part in text.METHODS:
                st.markdown(part)
    with main:
        # Tracked tabs: the open tab is part of the address, so a shared link opens it.
        tab_time, tab_cross, tab_change, tab_expected = st.tabs(
            list(TABS.values()), key=state.W_TAB, on_change="rerun"
        )
    # Only the open tab draws its result (the tabs rerun the page when one is picked); every
    # tab keeps its widgets, so the choices and the address stay whole. Drawing all three cost
    # a cold Samband page two thirds of its time for results nobody could see.
    with tab_time:
        chosen, view, base = _time_tab(db, choice, cat, bool(tab_time.open))
    with tab_cross:
        x, y, lag, year = _cross_tab(db, choice, cat, bool(tab_cross.open))
    with tab_change:
        _change_tab(db, choice, cat, x, y, bool(tab_change.open))
    with tab_expected:
        expected_views.render_tab(db, choice, bool(tab_expected.open))
    state.publish(
        SambandParams(
            indicators=tuple(chosen),
            x=x,
            y=y,
            lag=lag,
            control=st.session_state.get(state.W_CTRL, NO_CONTROL),
            view=view,
            year=year,
            base=base,
            tab=state.tab(),
        )
    )
