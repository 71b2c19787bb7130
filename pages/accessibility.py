"""Tillgänglighet: the accessibility statement that Swedish law asks of public digital service."""

import streamlit as st

from trygghet.sidebar.views import page_setup

REVIEWED = "2026-12-05"  # the date of the last review below (axe-core and by hand)
ISSUES = "https://github.com/streamlit/streamlit/issues"

page_setup()
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
    "temasidorna, Händelser och Sambands punktdiagram har en tabell med samma värden "
    "(”Visa tabell”), och CSV-filerna har samma format på alla sidor.\n"
    "- Sidorna fungerar på en 390 pixlar bred mobil utan att innehållet måste rullas i sidled."
)

st.header("Det här fungerar inte ännu")
st.markdown(
    "- Diagrammen går inte att utforska punkt för punkt med tangentbord eller skärmläsare "
    "(ritbiblioteket Plotly saknar det); använd tabellen under varje diagram.\n"
    "- Sidan Sambands diagram över tid och sidan Skolors diagram över tid har ännu ingen "
    "tabell.\n"
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
