"""Page-level widgets bound to one URL query parameter each (e.g. ?kpi=N07403, ?kon=K)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from trygghet.core.format import md_literal


def url_choice(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    key: str,
    format_func: Callable[[str], str] = str,
    known_elsewhere: Collection[str] = (),
    horizontal_radio: bool = False,
    container: DeltaGenerator | None = None,
) -> str:
    """A selectbox (or horizontal radio) whose value lives in ?<param>=.

    A value of another page (in known_elsewhere) falls back quietly to the first option; an
    unknown one falls back with a visible warning. The value survives page switches via a
    shadow key, since widget state itself does not.
    """
    box = container or st
    shadow_key, written_key = f"_{key}_value", f"_{key}_url"
    raw = st.query_params.get(param)
    value = st.session_state.get(shadow_key)
    if value not in options or (raw and raw != st.session_state.get(written_key)):
        value = options[0]
        if raw in options:
            value = raw
        elif raw and raw not in known_elsewhere:
            st.warning(
                f"Okänt värde i adressen ({param}={md_literal(raw)}); visar "
                f"{format_func(options[0])} i stället.",
                icon="⚠️",
            )
    st.session_state[key] = value

    def _keep() -> None:
        st.session_state[shadow_key] = st.session_state[key]

    if horizontal_radio:
        chosen = box.radio(
            label, options, key=key, format_func=format_func, horizontal=True, on_change=_keep
        )
    else:
        chosen = box.selectbox(label, options, key=key, format_func=format_func, on_change=_keep)
    st.session_state[shadow_key] = chosen
    if st.query_params.get(param) != chosen:
        st.query_params[param] = chosen
    st.session_state[written_key] = chosen
    return chosen


def drop_param(param: str) -> None:
    """Remove a page-level parameter that does not apply to the current page."""
    if param in st.query_params:
        del st.query_params[param]
