"""Entrypoint: page config and the router over pages/ (no SQL, no data work here)."""

import logging
from pathlib import Path

import streamlit as st

import catalogues
from trygghet.core.heap import freeze_once
from trygghet.sidebar.text import PAGE_TITLE_KEY, document_title

# Shown instead of a traceback; the details go to the server log (client.showErrorDetails is
# "none" in .streamlit/config.toml, so Streamlit itself shows no stack trace or path either).
FAILURE = "Sidan kunde inte visas just nu. Ladda om sidan om en stund."
LOG = logging.getLogger("trygghet.dashboard")

st.set_page_config(
    page_title="Trygghet i Kalmar",
    # Served by the app itself: a :material/…: icon would make every visitor fetch it from Google.
    page_icon=str(Path(__file__).with_name("static") / "icon.png"),
    layout="wide",
)
# lang="sv", Swedish names for Streamlit's own buttons, a focus ring, phone-sized titles:
# Streamlit has no setting for these (see the file's comment).
st.html(
    Path(__file__).with_name("trygghet") / "core" / "page_head.html", unsafe_allow_javascript=True
)

# The pages in menu order, from the one list of them (catalogues/pages.toml).
PAGES = [st.Page(p.file, title=p.title, icon=p.icon, default=p.default) for p in catalogues.pages()]

page = st.navigation(PAGES)
# The tab's title names the page, and page_setup() adds the kommun once it is known
# ("Brott – Växjö – Trygghet i kommunen"), so a browser history can tell pages apart.
st.session_state[PAGE_TITLE_KEY] = page.title
st.set_page_config(page_title=document_title(page.title))
try:
    page.run()
except Exception:  # st.stop() and st.rerun() are BaseExceptions and pass through
    LOG.exception("page run failed: %s?%s", page.url_path, st.query_params.to_dict())
    st.error(FAILURE, icon=":material/error:")
finally:
    freeze_once()
