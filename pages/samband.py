"""Samband: school, youth activities and crime over time, across kommuner and as changes."""
import streamlit as st

from trygghet import queries
from trygghet import samband_data as data
from trygghet import samband_queries as sq
from trygghet import samband_state as state
from trygghet import samband_text as text
from trygghet import samband_views as views
from trygghet.format import md_esc
from trygghet.samband_charts import Panel
from trygghet.samband_params import MAX_LAG, NO_CONTROL, SUGGESTED_CONTROL, VIEW_LABELS, VIEWS, SambandParams
from trygghet.setup import page_setup

sel = page_setup()
catalogue = queries.indicators(sel.con, sel.key)
meta = {r.kpi_id: views.Indicator(r.kpi_id, r.label, r.unit) for r in catalogue.itertuples()}
ids = list(meta)
kommuner = queries.kommuner(sel.con, sel.key)
warnings = state.sync(ids)


def label(kpi: str) -> str:
    return meta[kpi].label if kpi in meta else "Ingen"


def values(kpi: str):
    return sq.kpi_values(sel.con, sel.key, kpi)


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

with main:
    tab_time, tab_cross, tab_change = st.tabs(["Över tid", "Mellan kommuner", "Förändring"])

with tab_time:
    chosen = st.multiselect("Indikatorer", ids, key=state.W_IND, format_func=label,
                            placeholder="Välj indikatorer")
    view = st.radio("Visning", VIEWS, key=state.W_VIEW, format_func=VIEW_LABELS.__getitem__,
                    horizontal=True)
    series = {k: queries.series(sel.con, sel.key, k, sel.kommun_id, sel.members, "T",
                                sel.year_from, sel.year_to) for k in chosen}
    years = list(range(sel.year_from, sel.year_to + 1))
    complete = [yr for yr in years if all(
        s.loc[s["year"] == yr, "value"].notna().any() for s in series.values())]
    base = None
    if view == "index":
        notice = state.prepare_year(state.W_BASE, "bas", years, complete[0] if complete else years[0])
        if notice:
            st.warning(notice, icon="⚠️")
        base = st.selectbox("Basår (= 100)", years, key=state.W_BASE)
        series = {k: data.indexed(s, ["value", "cmp_mean"], base) for k, s in series.items()}
    panels = [Panel(meta[k].label, meta[k].unit, s) for k, s in series.items()]
    views.over_time(panels, sel, view == "index", base, chosen)

with tab_cross:
    c1, c2 = st.columns(2)
    x = c1.selectbox("Indikator (x), år t", ids, key=state.W_X, format_func=label)
    y = c2.selectbox("Utfall (y), år t + eftersläpning", ids, key=state.W_Y, format_func=label)
    lag = st.slider("Eftersläpning i år (y mäts så många år efter x)", 0, MAX_LAG, key=state.W_LAG)
    x_long, y_long = values(x), values(y)
    options, default = data.year_choice(data.pair_counts(x_long, y_long, lag), len(kommuner),
                                        sel.year_from, sel.year_to)
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
            "Håll konstant (partiell korrelation)", controls, key=state.W_CTRL, format_func=label,
            help=f"Till exempel {label(SUGGESTED_CONTROL)}: tar bort den del av sambandet som "
                 "går via den indikatorn (mätt år t).")
        measures = {"x": (x_long, year, label(x)), "y": (y_long, year + lag, label(y))}
        if control != NO_CONTROL:
            measures["c"] = (values(control), year, label(control))
        pairs = data.pairs(kommuner, measures)
        if pairs.n < 3:
            st.info(f"För få kommuner med data ({pairs.n}) för att visa ett samband.")
        else:
            summary = data.summarise(pairs, "c" if control != NO_CONTROL else None)
            views.show_numbers(summary, len(pairs.excluded),
                               label(control) if control != NO_CONTROL else None)
            st.markdown(text.reading(summary.pearson, label(x), label(y),
                                     f" {lag} år senare" if lag else " samma år"))
            kpis = [x, y] + ([control] if control != NO_CONTROL else [])
            views.show_scatter(
                pairs, summary, sel, (f"{label(x)} {year}", f"{label(y)} {year + lag}"),
                (meta[x].unit, meta[y].unit),
                f"Källa: {views.DERIVED} ({', '.join(kpis)}); värden från Kolada, samband och "
                f"linje beräknade. Varje punkt är en kommun.", "samband")

with tab_change:
    span = data.change_span(values(x), values(y), len(kommuner), sel.year_from, sel.year_to) \
        if x != y else None
    st.markdown(f"Förändring per kommun i **{md_esc(label(x))}** mot förändring i "
                f"**{md_esc(label(y))}** (indikatorerna väljs under *Mellan kommuner*). "
                "Skillnader i nivå mellan kommunerna faller bort.")
    if span is None:
        st.info("Inom de valda åren finns inte två år där minst hälften av kommunerna har båda "
                "värdena. Välj fler år i sidopanelen.")
    else:
        start, end = span
        if (start, end) != (sel.year_from, sel.year_to):
            st.caption(f"Visar {start}–{end}: de år inom {sel.year_from}–{sel.year_to} där "
                       "minst hälften av kommunerna har båda värdena.")
        moves = data.changes(kommuner, (values(x), label(x)), (values(y), label(y)), start, end)
        if moves.n < 3:
            st.info(f"För få kommuner med data ({moves.n}) för att visa ett samband.")
        else:
            change_summary = data.summarise(moves)
            views.show_numbers(change_summary, len(moves.excluded), None)
            st.markdown(text.reading(change_summary.pearson, f"ökning i {label(x)}",
                                     f"ökning i {label(y)}", f" {start}–{end}"))
            views.show_scatter(
                moves, change_summary, sel,
                (f"Förändring {label(x)} {start}–{end}", f"Förändring {label(y)} {start}–{end}"),
                (meta[x].unit, meta[y].unit),
                f"Källa: {views.DERIVED} ({x}, {y}); förändring = värde {end} minus värde {start}.",
                "forandring")

state.publish(SambandParams(
    indicators=tuple(chosen), x=x, y=y, lag=lag,
    control=st.session_state.get(state.W_CTRL, NO_CONTROL), view=view, year=year, base=base))
