"""Handlingsprogrammet: each commitment of "Ett tryggare Kalmar" and what open data says of it."""

import streamlit as st

from trygghet.programme import catalogue as programme
from trygghet.programme import queries as programme_data
from trygghet.programme.views import CardData, baseline_choice, render_card
from trygghet.sidebar.views import page_setup

db, sel = page_setup()
st.title("Handlingsprogrammet")
st.write(
    "Kalmar kommuns program ”Ett tryggare Kalmar” gör sex åtaganden och nämner tre "
    "företeelser särskilt. Här visas, åtagande för åtagande, vad öppna data säger – och "
    "var det inte finns öppna data. Sidan redovisar; den värderar inte insatserna."
)
items = programme.catalogue()
kpis = tuple(programme.kpis(items))
years = programme_data.years(db, kpis)
baseline = baseline_choice(years)
st.caption(
    f"{sel.kommun_name} jämförs med {sel.comparison_label.lower()} (välj i sidopanelen) och Riket. "
    "Medelvärden för gruppen är ovägda. Enkätresultat och anmälda brott mäter inte insatserna "
    "själva utan läget de syftar till att påverka."
)

data = CardData(db, sel, baseline, kpis, programme_data.indicators(db, kpis))
commitments = [c for c in items if c.kind == "commitment"]
named = [c for c in items if c.kind == "named"]
st.subheader("De sex åtagandena")
for number, c in enumerate(commitments, start=1):
    render_card(c, data, number)
st.subheader("Programmet nämner också")
for c in named:
    render_card(c, data, None)
