"""The Samband page in Streamlit: tabs over time, across kommuner, as changes and Förväntat, and
how one cross-kommun result is shown (the plain reading, the numbers, the scatter, its CSV)."""

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
from trygghet.samband import bundles, data, state, text
from trygghet.samband.bundles import Result
from trygghet.samband.params import (
    MAX_LAG,
    NO_CONTROL,
    SUGGESTED_CONTROL,
    TABS,
    VIEW_LABELS,
    VIEWS,
    SambandParams,
)
from trygghet.samband.text import DERIVED
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


def show_numbers(result: Result, control_label: str | None) -> None:
    """Metrics, the verdict and the coverage; r and n here are what the page test checks."""
    summary = result.summary
    if summary is None:
        return
    n, excluded = result.pairs.n, len(result.pairs.excluded)
    prefix = "Partiell " if summary.partial else ""
    cols = st.columns(3)
    cols[0].metric(
        f"{prefix}Pearson r",
        text.fmt_r(summary.pearson.r),
        help="Linjärt samband. 95 % konfidensintervall med Fishers z.",
    )
    cols[1].metric(
        f"{prefix}Spearman ρ",
        text.fmt_r(summary.spearman.r),
        help="Rangkorrelation: tål extrema värden bättre. Intervall: Fishers z med "
        "Bonett–Wrights standardfel.",
    )
    cols[2].metric("Kommuner", str(n), help=text.coverage(n, excluded))
    st.markdown(
        f"**{text.verdict(summary.pearson)}.** {text.numbers(summary.pearson, False)}; "
        f"{text.numbers(summary.spearman, False)}; {text.coverage(n, excluded)}."
    )
    if control_label:
        st.caption(
            f"Med hänsyn till {md_esc(control_label.lower())} (partiell korrelation). "
            "Linjen i diagrammet visar sambandet utan den hänsynen."
        )


def show_scatter(result: Result, kommun_id: str, kommun_name: str, caption: str, stem: str) -> None:
    """The scatter, the kommun's absence explained, the excluded kommuner and a CSV."""
    p = result.pairs
    st.plotly_chart(result.figure, config=style.PLOT_CONFIG, key=f"fig_{stem}")
    st.caption(caption)
    if kommun_id not in set(p.data["municipality_id"]):
        why = p.excluded.loc[p.excluded["municipality_id"] == kommun_id, "reason"]
        st.caption(
            f"{md_esc(kommun_name)} saknas i diagrammet: "
            f"{md_esc(why.iloc[0]) if len(why) else 'inga uppgifter'}."
        )
    with st.expander("Visa tabell"):
        st.dataframe(data.points_table(result.csv), hide_index=True)
    if len(p.excluded):
        with st.expander(f"Kommuner utan data ({len(p.excluded)})"):
            st.dataframe(
                p.excluded.rename(
                    columns={"municipality_id": "Kod", "municipality": "Kommun", "reason": "Varför"}
                ),
                hide_index=True,
            )
    st.download_button(
        "Ladda ner punkterna (CSV)",
        result.csv,
        result.filename,
        "text/csv",
        key=f"dl_{stem}",
        on_click="ignore",
    )


def show_result(
    result: Result,
    kommun_id: str,
    kommun_name: str,
    control_label: str | None,
    reading: str,
    caption: str,
    stem: str,
) -> None:
    """Plain reading first, the statistics in an expander, then the scatter of one view.

    A parent reads the one plain sentence before r and ρ; the warning that the two disagree
    stays outside the expander, since it changes what the sentence means.
    """
    if result.summary is None:
        st.info(f"För få kommuner med data ({result.pairs.n}) för att visa ett samband.")
        return
    st.markdown(reading)
    warning = text.robustness(result.summary.pearson, result.summary.spearman)
    if warning:
        st.warning(warning)
    with st.expander("Statistiken: Pearson r, Spearman ρ och antal kommuner"):
        show_numbers(result, control_label)
    show_scatter(result, kommun_id, kommun_name, caption, stem)


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
