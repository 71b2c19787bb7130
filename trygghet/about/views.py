"""Om data as a person reads it (sources and licences, freshness, errata, the verdict rule,
which years each indicator has for the kommun, how the data is refreshed), and Tillgänglighet,
the accessibility statement that Swedish law asks of public digital service."""

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
from trygghet.sidebar.data import Choice

REVIEWED = "2026-12-05"  # the date of the last review of the statement (axe-core and by hand)
ISSUES = "https://github.com/streamlit/streamlit/issues"


def page(db: Db, choice: Choice) -> None:
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

    st.header(f"Vilka år finns för {choice.kommun_md}?")
    cov = queries.coverage(db, choice.kommun_id)
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


def accessibility_page() -> None:
    """Tillgänglighet: what meets WCAG 2.1 AA, what does not and why, how to report a problem."""
    st.title("Tillgänglighet")
    st.markdown(
        "Den här webbplatsen ska kunna användas av alla, med mus, tangentbord eller skärmläsare, "
        "på dator och mobil. Lagen om tillgänglighet till digital offentlig service (DOS-lagen) "
        "kräver att offentliga webbplatser når nivå AA i WCAG 2.1. Här står hur väl sidan når "
        "dit, vad som ännu brister och hur du säger till när något inte fungerar."
    )

    st.header("Hur tillgänglig är webbplatsen?")
    st.markdown(
        "Webbplatsen är **delvis förenlig** med WCAG 2.1 nivå AA. Det som brister beskrivs nedan."
    )

    st.header("Det här fungerar")
    st.markdown(
        "- Sidornas språk är svenska, så skärmläsare läser med svenskt uttal, och knappar som "
        "ramverket ritar (sidopanel, helskärm, hjälp, kopiera, hoppa till innehållet) har "
        "svenska namn.\n"
        "- Text, bildtexter och diagrammens axeltext har minst kontrasten 4,5:1 mot bakgrunden; "
        "diagrammens färger minst 3:1 och är valda så att de går att skilja åt vid färgblindhet.\n"
        "- Varje sida har en egen titel i webbläsarens flik med sidans och kommunens namn, och "
        "rubrikerna kommer i ordning.\n"
        "- Allt går att nå med tangentbordet, med en synlig fokusmarkering. ”Byt kommun” flyttar "
        "fokus in i valet när det öppnas och tillbaka till knappen efter valet.\n"
        "- Varje diagram har sin inledande mening som beskrivning för skärmläsare. Diagrammen på "
        "temasidorna, Skolor, Händelser och Samband har en tabell med samma värden "
        "(”Visa tabell”), och CSV-filerna har samma format på alla sidor.\n"
        "- Sidorna fungerar på en 390 pixlar bred mobil utan att innehållet måste rullas i sidled."
    )

    st.header("Det här fungerar inte ännu")
    st.markdown(
        "- Diagrammen går inte att utforska punkt för punkt med tangentbord eller skärmläsare "
        "(ritbiblioteket Plotly saknar det); använd tabellen under varje diagram.\n"
        "- Kartorna visar värden med färg. Samma värden finns i tabellen och CSV-filen under "
        "kartan.\n"
        "- Tabellerna ritas av ramverket Streamlit som ett rutnät (canvas). Skärmläsare når "
        "cellerna, men inte lika smidigt som i en vanlig HTML-tabell "
        f"([Streamlits ärenden]({ISSUES}))."
    )

    st.header("Så kontrolleras sidan")
    st.markdown(
        "Varje sida kontrolleras automatiskt med axe-core mot WCAG 2.1 A och AA, i datorbredd "
        "(1 366 pixlar) och mobilbredd (390 pixlar), varje gång koden ändras. Tangentbordet och "
        "mobilvyn provas också för hand. Automatiska verktyg hittar inte alla brister."
    )

    st.header("Rapportera en brist")
    st.markdown(
        "Om något på webbplatsen är svårt att använda, eller om du behöver innehållet i en annan "
        "form, hör av dig till kommunen som publicerar sidan och beskriv vilken sida och vad som "
        "inte fungerade. Du kan också anmäla till tillsynsmyndigheten "
        "[Myndigheten för digital förvaltning (Digg)]"
        "(https://www.digg.se/tdosanmalan)."
    )
    st.caption(f"Senast granskad: {REVIEWED}.")
