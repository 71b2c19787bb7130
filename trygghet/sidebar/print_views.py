"""The printed page's footer: site, kommun, source and the data's date, on paper only.

page_head.html hides the sidebar, the choice line and every control when printing, and
shows this block (hidden on screen) at the foot of each printed page.
"""

from __future__ import annotations

import streamlit as st

from trygghet.core.db import Db
from trygghet.sidebar import queries
from trygghet.sidebar.choice import Choice
from trygghet.sidebar.data import freshness_line
from trygghet.sidebar.text import SITE

PRINT_FOOTER_KEY = "print_footer"  # the container's key: page_head.html shows it in print only


def print_footer(db: Db, sel: Choice, sources: str) -> None:
    """'Trygghet i kommunen – Kalmar. Källa: ... Data uppdaterad: ...' for the printout."""
    with st.container(key=PRINT_FOOTER_KEY):
        st.caption(
            f"{SITE} – {sel.kommun_md}, {sel.year_from}–{sel.year_to}, jämfört med "
            f"{sel.comparison_md}. {sources} {freshness_line(queries.last_run(db))}."
        )
