"""Page placeholder until the full page lands."""
import streamlit as st

from trygghet.setup import page_setup

sel = page_setup()
st.title("school")
st.write(sel.kommun_name, sel.comparison_label, sel.year_from, sel.year_to)
