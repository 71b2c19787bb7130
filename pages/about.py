"""Om data: sources, attribution, freshness, coverage for the kommun, and how to refresh."""

import pandas as pd
import streamlit as st

from trygghet.core.url_state import drop_param
from trygghet.indicators import queries
from trygghet.indicators.data import coverage_table
from trygghet.indicators.verdict import RULE
from trygghet.sidebar.data import freshness_line
from trygghet.sidebar.queries import last_run
from trygghet.sidebar.views import page_setup

db, sel = page_setup()
drop_param("kpi")
drop_param("kon")
st.title("Om data")
st.write(
    "Instrumentpanelen visar offentlig statistik. Värden som inte är publicerade, är "
    "sekretesskyddade eller inte tillämpliga visas som luckor – aldrig som noll."
)

st.header("Källor")
prov = queries.provenance(db)
if prov.empty:
    st.info("Ingen källa har laddats ännu.")
for row in prov.itertuples():
    with st.container(border=True):
        st.markdown(f"**{row.title}**")
        st.text(f"Villkor: {row.licence}")
        st.text(f"Hämtat från: {row.origin}")
        last = (
            "aldrig"
            if pd.isna(row.last_success)
            else (
                pd.Timestamp(row.last_success)
                .tz_convert("Europe/Stockholm")
                .strftime("%Y-%m-%d %H.%M")
            )
        )
        st.text(f"Senaste lyckade uppdatering: {last} ({row.mode}, {row.rows_seen} rader)")
st.markdown(
    "Värden för kommunen och Riket är oförändrade värden från Kolada (**Källa: Kolada**). "
    "Medelvärden för jämförelsegrupper och spridningsband bland alla kommuner räknar "
    "instrumentpanelen själv: **Egen bearbetning av data från Kolada**."
)
st.caption(freshness_line(last_run(db)))

st.header("Så bedöms Översiktens kort")
st.markdown(RULE)

st.header(f"Vilka år finns för {sel.kommun_md}?")
cov = queries.coverage(db, sel.kommun_id)
table = coverage_table(cov)
st.dataframe(table, hide_index=True, height=36 * (len(table) + 1) + 4)
st.caption(
    "Gäller totalvärden (båda könen). År som Kolada inte har publicerat för kommunen "
    "saknas helt i listan över år med värde."
)

st.header("Uppdatera data")
st.write(
    "Databasen byggs och uppdateras av ETL-kommandot; instrumentpanelen läser bara. "
    "En misslyckad uppdatering lämnar den tidigare databasen orörd."
)
st.code(
    "python -m etl refresh            # hämta nya data från källorna\n"
    "python -m etl refresh --offline  # bygg från den sparade ögonblicksbilden\n"
    "python -m etl status             # senaste körning per källa",
    language="bash",
)
