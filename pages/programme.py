"""Handlingsprogrammet: a scorecard of "Ett tryggare Kalmar", then what open data cannot show."""

import streamlit as st

from trygghet.programme import catalogue as programme
from trygghet.programme import queries as programme_data
from trygghet.programme.bundles import indicator_kpis, scorecard
from trygghet.programme.views import baseline_choice, details, scorecard_table, unmeasured_lines
from trygghet.sidebar.views import page_setup

db, sel = page_setup()
st.title("Handlings\u00adprogrammet")  # a soft hyphen: a phone breaks the word there
st.markdown(
    "Programmet ”Ett tryggare Kalmar” tar upp sex punkter och nämner tre företeelser särskilt. "
    "Det är skrivet som förslag (”Så vill vi skapa mer trygghet i Kalmar”, ”Vi tycker att "
    "Kalmar kommun ska …”) och anger varken vem som skrivit det eller att det har beslutats; "
    "därför säger inte heller sidan det (källa: programmets egen text). Tabellen visar vad "
    f"öppna data säger om punkterna för {sel.kommun_md}, jämfört med {sel.comparison_md}; "
    "jämförelsen väljs i sidopanelen. Sidan redovisar, den värderar inte insatserna."
)
years = programme_data.years(db, indicator_kpis())  # the base years offered
left, _ = st.columns([1, 2])
with left:
    baseline = baseline_choice(years)
scorecard_table(scorecard(db, sel, baseline), sel, baseline)
items = programme.catalogue()
unmeasured_lines(items)
st.subheader("Mer om varje punkt")
details(items)
