"""Keeps the Samband page's widgets and its own URL parameters in step (like setup.page_setup)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import streamlit as st

from trygghet.samband.params import URL_KEYS, SambandParams, check_year, parse

APPLIED = "_samband_applied"
W_IND, W_X, W_Y, W_LAG, W_CTRL, W_VIEW = "sb_ind", "sb_x", "sb_y", "sb_lag", "sb_ktrl", "sb_view"
W_YEAR, W_BASE = "sb_year", "sb_base"
PENDING = "_samband_pending"  # year/base from the URL, checked once their options are known


def sync(ids: Collection[str]) -> tuple[str, ...]:
    """Push URL values into widget state on first load or a new address; return warnings."""
    url = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    applied = st.session_state.get(APPLIED)
    lost = any(k not in st.session_state for k in (W_IND, W_X, W_Y, W_LAG, W_CTRL, W_VIEW))
    if url and url != applied:
        params = parse(url, ids)
    elif applied is None or lost:  # fresh session, or a page switch dropped widget state
        params = parse(applied or {}, ids)
    else:
        return ()
    st.session_state[W_IND] = list(params.indicators)
    st.session_state[W_X], st.session_state[W_Y] = params.x, params.y
    st.session_state[W_LAG], st.session_state[W_CTRL] = params.lag, params.control
    st.session_state[W_VIEW] = params.view
    st.session_state[PENDING] = {"ar": params.year, "bas": params.base}
    return params.warnings


def prepare_year(
    widget: str, url_key: str, options: Sequence[int], default: int | None
) -> str | None:
    """Before a year selectbox is drawn: make its state one of the options; maybe a notice.

    A year from the URL that has no data falls back with a notice; a year that merely left
    the options because the user changed indicator or lag falls back quietly.
    """
    pending = st.session_state.get(PENDING, {})
    notice = None
    if pending.get(url_key) is not None:
        year, notice = check_year(pending[url_key], options, default, url_key)
        st.session_state[widget] = year
        pending[url_key] = None
    elif st.session_state.get(widget) not in options:
        st.session_state[widget] = default
    return notice


def publish(params: SambandParams) -> None:
    """Write the page's canonical state to the URL (only the keys this page owns)."""
    canonical = params.to_query()
    for k in URL_KEYS:
        if k not in canonical and k in st.query_params:
            del st.query_params[k]
    current = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    if current != canonical:
        st.query_params.update(canonical)
    st.session_state[APPLIED] = canonical
