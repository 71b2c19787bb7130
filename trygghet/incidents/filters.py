"""The Händelser page's category filter, bound to ?kategori=vald,hot (all when absent)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from trygghet.incidents.params import parse_categories, slug

PARAM, KEY = "kategori", "w_inc_kat"
SHADOW, WRITTEN = "_w_inc_kat_value", "_w_inc_kat_url"


def category_filter(labels: Mapping[str, str]) -> tuple[str, ...]:
    """A multiselect of categories kept in the URL; returns the chosen category names."""
    by_slug = {slug(c): c for c in labels}
    slugs = list(by_slug)
    raw = st.query_params.get(PARAM)
    chosen = st.session_state.get(SHADOW)
    if chosen is None or (raw or "") != st.session_state.get(WRITTEN, ""):
        # First load, a shared link or a hand-edited address: the URL decides.
        chosen, warning = parse_categories(raw, slugs)
        if warning:
            st.warning(warning, icon="⚠️")
    st.session_state[KEY] = list(chosen)

    def _keep() -> None:
        st.session_state[SHADOW] = list(st.session_state[KEY])

    picked = st.multiselect(
        "Kategorier",
        slugs,
        key=KEY,
        on_change=_keep,
        format_func=lambda s: labels[by_slug[s]],
        placeholder="Välj kategorier",
    )
    st.session_state[SHADOW] = list(picked)
    written = "" if set(picked) == set(slugs) else ",".join(s for s in slugs if s in picked)
    if written:
        if st.query_params.get(PARAM) != written:
            st.query_params[PARAM] = written
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    st.session_state[WRITTEN] = written
    return tuple(by_slug[s] for s in slugs if s in picked)
