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
    "Kalmar kommuns program ”Ett tryggare Kalmar” gör sex åtaganden och nämner tre företeelser "
    f"särskilt. Tabellen visar vad öppna data säger om dem för {sel.kommun_md}, jämfört med "
    f"{sel.comparison_md}; jämförelsen väljs i sidopanelen. Sidan redovisar, den värderar "
    "inte insatserna."
)
years = programme_data.years(db, indicator_kpis())  # the base years offered
left, _ = st.columns([1, 2])
with left:
    baseline = baseline_choice(years)
scorecard_table(scorecard(db, sel, baseline), sel, baseline)
items = programme.catalogue()
unmeasured_lines(items)
st.header("Mer om varje åtagande")
details(items)
