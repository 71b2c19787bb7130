"""Om data as a person reads it: sources and licences, freshness, errata, the verdict rule,
which years each indicator has for the kommun, and how the data is refreshed."""

import pandas as pd
import streamlit as st

from trygghet.about import queries
from trygghet.core.db import Db
from trygghet.core.format import fmt_num, md_esc
from trygghet.core.frames import rows
from trygghet.core.url_state import drop_param
from trygghet.indicators import queries as indicator_queries
from trygghet.indicators.data import coverage_table
from trygghet.indicators.text import origin_text
from trygghet.overview.text import RULE
from trygghet.sidebar.choice import Choice


def page(db: Db, sel: Choice) -> None:
    """The whole page, below the shared choice line."""
    drop_param("kpi")
    drop_param("kon")
    st.title("Om data")
    st.write(
        "Instrumentpanelen visar offentlig statistik. Värden som inte är publicerade, är "
        "sekretesskyddade eller inte tillämpliga visas som luckor – aldrig som noll."
    )

    st.header("Källor")
    prov = indicator_queries.provenance(db)
    if prov.empty:
        st.info("Ingen källa har laddats ännu.")
    for row in rows(prov):
        with st.container(border=True):
            st.markdown(f"**{md_esc(row.title)}**")
            st.text(f"Villkor: {row.licence}")
            # Where the data came from as a person reads it: the API or a saved snapshot, no path.
            origin = origin_text(row.origin, row.fetched_at)
            st.text(f"Ursprung: {origin[:1].upper()}{origin[1:]}")
            last = (
                "aldrig"
                if pd.isna(row.last_success)
                else (
                    pd.Timestamp(row.last_success)
                    .tz_convert("Europe/Stockholm")
                    .strftime("%Y-%m-%d %H.%M")
                )
            )
            rows_seen = "" if pd.isna(row.rows_seen) else f" ({fmt_num(row.rows_seen)} rader)"
            st.text(f"Senaste lyckade uppdatering: {last}{rows_seen}")
    if any("ögonblicksbild" in origin_text(o, None) for o in prov["origin"]):
        st.caption(
            "En ögonblicksbild är en sparad kopia av källans data. Den kan sakna det källan har "
            "publicerat efter att kopian togs; sådana år visas som luckor."
        )
    st.markdown(
        "Värden för kommunen och Riket är oförändrade värden från Kolada (**Källa: Kolada**). "
        "Medelvärden för jämförelsegrupper och spridningsband bland alla kommuner räknar "
        "instrumentpanelen själv: **Egen bearbetning av data från Kolada**."
    )

    st.header("Rättelser av källornas text")
    st.write(
        "När en källas egen beskrivning innehåller ett fel som vi har granskat visas en rättelse "
        "bredvid källans text på indikatorns sida, aldrig i stället för den."
    )
    for e in rows(queries.errata(db)):
        st.markdown(
            f"- **{md_esc(e.label)}** ({e.kpi_id}), granskad {e.erratum_reviewed}: "
            f"{md_esc(e.erratum)} [Källa för rättelsen]({e.erratum_evidence})"
        )

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

    st.header("Hur uppgifterna uppdateras")
    st.write(
        "Uppgifterna hämtas från källorna och sparas i en databas som instrumentpanelen bara "
        "läser från. En uppdatering som misslyckas lämnar de tidigare uppgifterna orörda, och "
        "den senaste lyckade uppdateringen per källa står under Källor ovan."
    )
