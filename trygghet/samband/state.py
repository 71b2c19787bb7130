"""The Samband page's widgets and its URL group (trygghet.core.url_state) kept in step."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import streamlit as st

from trygghet.core.url_state import UrlGroup
from trygghet.samband.params import TABS, URL_KEYS, SambandParams, check_year, parse

GROUP = "samband"
W_IND, W_X, W_Y, W_LAG, W_CTRL, W_VIEW = "sb_ind", "sb_x", "sb_y", "sb_lag", "sb_ktrl", "sb_view"
W_YEAR, W_BASE, W_TAB = "sb_year", "sb_base", "sb_tab"
WIDGETS = (W_IND, W_X, W_Y, W_LAG, W_CTRL, W_VIEW, W_TAB)
PENDING = "_samband_pending"  # year/base from the URL, checked once their options are known
TAB_KEYS = {label: key for key, label in TABS.items()}


def _group(ids: Collection[str] = ()) -> UrlGroup[SambandParams]:
    def parse_ids(raw: Mapping[str, str]) -> SambandParams:
        return parse(raw, ids)

    return UrlGroup(GROUP, URL_KEYS, parse_ids)


def sync(ids: Collection[str]) -> tuple[str, ...]:
    """Push the URL's values into widget state on a first load or a new address; warnings."""
    params, fresh = _group(ids).read(notices=False)
    lost = any(k not in st.session_state for k in WIDGETS)
    if not (fresh or lost):
        return ()
    # A fresh address, or a page switch that dropped widget state: the group's value decides.
    st.session_state[W_IND] = list(params.indicators)
    st.session_state[W_X], st.session_state[W_Y] = params.x, params.y
    st.session_state[W_LAG], st.session_state[W_CTRL] = params.lag, params.control
    st.session_state[W_VIEW] = params.view
    st.session_state[W_TAB] = TABS[params.tab]
    st.session_state[PENDING] = {"ar": params.year, "bas": params.base}
    return params.warnings if fresh else ()


def tab() -> str:
    """The open tab's key (tid, kommuner, forandring)."""
    return TAB_KEYS.get(str(st.session_state.get(W_TAB)), "tid")


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
    _group().write(params)
