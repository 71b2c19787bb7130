"""Entrypoint: page config and the router over pages/ (no SQL, no data work here)."""
import streamlit as st

st.set_page_config(page_title="Trygghet i Kalmar", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Översikt", icon="🏠", default=True),
    st.Page("pages/crime.py", title="Brott", icon="🚨"),
    st.Page("pages/safety.py", title="Trygghet", icon="🌙"),
    st.Page("pages/school.py", title="Skola", icon="🎓"),
    st.Page("pages/school_units.py", title="Skolor", icon="🏫", url_path="skolor"),
    st.Page("pages/youth.py", title="Unga & fritid", icon="⚽"),
    st.Page("pages/samband.py", title="Samband", icon="🔗", url_path="samband"),
    st.Page("pages/programme.py", title="Handlingsprogrammet", icon="📋", url_path="handlingsprogrammet"),
    st.Page("pages/about.py", title="Om data", icon="ℹ️"),
]

st.navigation(PAGES).run()
