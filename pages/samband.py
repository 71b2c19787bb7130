"""Samband: school, youth activities and crime over time, across kommuner and as changes."""

import streamlit as st

from trygghet.core import style
from trygghet.core.format import md_esc
from trygghet.indicators import queries
from trygghet.samband import bundles as model
from trygghet.samband import state, text, views
from trygghet.samband.params import (
    MAX_LAG,
    NO_CONTROL,
    SUGGESTED_CONTROL,
    VIEW_LABELS,
    VIEWS,
    SambandParams,
)
from trygghet.sidebar.views import page_setup

db, sel = page_setup()
catalogue = queries.indicators(db)
meta = {r.kpi_id: model.Indicator(r.kpi_id, r.label, r.unit) for r in catalogue.itertuples()}
ids = list(meta)
warnings = state.sync(ids)


def label(kpi: str) -> str:
    return meta[kpi].label if kpi in meta else "Ingen"


st.title("Samband")
st.markdown(
    "Går satsningar på skola och ungas fritid ihop med mindre brott? Sidan visar vilka samband "
    "uppgifterna kan bära, med osäkerhet, och vad de inte kan visa. **Ett samband är inte ett "
    "bevis för att det ena orsakar det andra.**"
)
for warning in warnings:
    st.warning(warning, icon="⚠️")

main, side = st.columns([3, 1], gap="large")
with side:
    st.subheader("Vad diagrammen inte visar")
    for caveat in text.CAVEATS:
        st.markdown(caveat)
    with st.expander("Så har vi räknat"):
        for part in text.METHODS:
            st.markdown(part)

with main:
    tab_time, tab_cross, tab_change = st.tabs(["Över tid", "Mellan kommuner", "Förändring"])

with tab_time:
    chosen = st.multiselect(
        "Indikatorer", ids, key=state.W_IND, format_func=label, placeholder="Välj indikatorer"
    )
    view = st.radio(
        "Visning", VIEWS, key=state.W_VIEW, format_func=VIEW_LABELS.__getitem__, horizontal=True
    )
    base = None
    if view == "index":
        years = list(range(sel.year_from, sel.year_to + 1))
        complete = model.complete_years(db, sel, tuple(chosen))
        notice = state.prepare_year(
            state.W_BASE, "bas", years, complete[0] if complete else years[0]
        )
        if notice:
            st.warning(notice, icon="⚠️")
        base = st.selectbox("Basår (= 100)", years, key=state.W_BASE)
    if not chosen:
        st.info("Välj minst en indikator.")
    else:
        fig = model.timeline(db, sel, tuple(meta[k] for k in chosen), base)
        st.caption(
            f"Heldragen blå linje: {md_esc(sel.kommun_name)}. Streckad orange linje: "
            f"medelvärde för {md_esc(sel.comparison_label)}."
        )
        st.plotly_chart(fig, config=style.PLOT_CONFIG, key="fig_tid")
        derived = "index och " if base is not None else ""
        st.caption(
            f"Källa: Kolada ({', '.join(chosen)}) för {md_esc(sel.kommun_name)}; {derived}"
            f"jämförelsegruppens oviktade medelvärde: {views.DERIVED}. Luckor betyder att värdet "
            "saknas eller är sekretessbelagt."
        )
        st.caption(
            "Att två linjer rör sig åt samma håll visar inte att de hänger ihop: "
            "mycket förändras samtidigt över tid."
        )

with tab_cross:
    c1, c2 = st.columns(2)
    x = c1.selectbox("Indikator (x), år t", ids, key=state.W_X, format_func=label)
    y = c2.selectbox("Utfall (y), år t + eftersläpning", ids, key=state.W_Y, format_func=label)
    lag = st.slider("Eftersläpning i år (y mäts så många år efter x)", 0, MAX_LAG, key=state.W_LAG)
    options, default = model.year_options(db, x, y, lag, sel.year_from, sel.year_to)
    controls = [NO_CONTROL] + [k for k in ids if k not in (x, y)]
    if st.session_state.get(state.W_CTRL) not in controls:
        st.session_state[state.W_CTRL] = NO_CONTROL
    year = None
    if x == y:
        st.info("Välj två olika indikatorer.")
    elif not options:
        st.info("Det finns inga år där tillräckligt många kommuner har båda värdena.")
    else:
        notice = state.prepare_year(state.W_YEAR, "ar", options, default)
        if notice:
            st.warning(notice, icon="⚠️")
        c3, c4 = st.columns(2)
        year = c3.selectbox("År t", options, key=state.W_YEAR)
        control = c4.selectbox(
            "Håll konstant (partiell korrelation)",
            controls,
            key=state.W_CTRL,
            format_func=label,
            help=f"Till exempel {label(SUGGESTED_CONTROL)}: tar bort den del av sambandet som "
            "går via den indikatorn (mätt år t).",
        )
        if not sel.year_from <= year <= sel.year_to:
            st.caption(
                f"Inget år inom {sel.year_from}–{sel.year_to} har data för båda "
                "indikatorerna, så valet av år går utanför sidopanelens år."
            )
        ctrl = meta[control] if control != NO_CONTROL else None
        result = model.cross(db, sel, meta[x], meta[y], year, lag, ctrl)
        kpis = [x, y] + ([control] if ctrl else [])
        views.show_result(
            result,
            sel.kommun_id,
            sel.kommun_name,
            ctrl.label if ctrl else None,
            text.reading(
                result.summary.pearson,
                label(x),
                label(y),
                (f" {lag} år senare" if lag else " samma år")
                + (f", med hänsyn till {ctrl.label.lower()}" if ctrl else ""),
            )
            if result.summary
            else "",
            f"Källa: {views.DERIVED} ({', '.join(kpis)}): värden från Kolada, samband och linje "
            "beräknade. Varje punkt är en kommun.",
            "samband",
        )

with tab_change:
    span = model.change_span(db, x, y, sel.year_from, sel.year_to) if x != y else None
    st.markdown(
        f"Förändring per kommun i **{md_esc(label(x))}** mot förändring i "
        f"**{md_esc(label(y))}** (indikatorerna väljs under *Mellan kommuner*). "
        "Skillnader i nivå mellan kommunerna faller bort."
    )
    if span is None:
        st.info(
            "Inom de valda åren finns inte två år där minst hälften av kommunerna har båda "
            "värdena. Välj fler år i sidopanelen."
        )
    else:
        start, end = span
        if (start, end) != (sel.year_from, sel.year_to):
            st.caption(
                f"Visar {start}–{end}: de år inom {sel.year_from}–{sel.year_to} där "
                "minst hälften av kommunerna har båda värdena."
            )
        moved = model.change(db, sel, meta[x], meta[y], start, end)
        views.show_result(
            moved,
            sel.kommun_id,
            sel.kommun_name,
            None,
            text.reading(
                moved.summary.pearson,
                f"ökning i {label(x)}",
                f"ökning i {label(y)}",
                f" {start}–{end}",
            )
            if moved.summary
            else "",
            f"Källa: {views.DERIVED} ({x}, {y}); förändring = värde {end} minus värde {start}.",
            "forandring",
        )

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
    )
)
