"""page_setup(): the shared sidebar (kommun, comparison, years) bound to the URL."""

from __future__ import annotations

from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import streamlit as st

from trygghet.core.db import Db, db_path, open_db
from trygghet.core.format import md_esc
from trygghet.core.frames import rows
from trygghet.sidebar import queries
from trygghet.sidebar.choice import Choice
from trygghet.sidebar.params import KIND_LABELS, KINDS, URL_KEYS, Params, parse_params

SHADOW = "_sel_params"  # validated Params, kept in session state across page switches
PEERS = "_sel_peers"  # the current kommun's similar kommuner, to prefill "egna val"
WRITTEN = "_sel_url"  # the query this session last wrote: anything else came from outside
W_KOMMUN, W_JMF, W_EGNA, W_YEARS = "w_kommun", "w_jmf", "w_egna", "w_years"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BUILD_COMMAND = "python -m etl refresh --offline"


def freshness_line(runs: pd.DataFrame) -> str:
    """'Data uppdaterad: kolada 2026-11-26 05.52, ...' (Swedish time) from v_etl_last_run."""
    if runs.empty:
        return "Ingen lyckad uppdatering registrerad."
    parts = []
    for row in rows(runs):
        ts = pd.Timestamp(row.last_success).to_pydatetime()
        local = ts.astimezone(STOCKHOLM) if ts.tzinfo else ts
        parts.append(f"{row.source} {local:%Y-%m-%d %H.%M}")
    return "Data uppdaterad: " + ", ".join(parts)


def _push(params: Params) -> None:
    """Put the shadow values into the widgets' state (before the widgets are created)."""
    st.session_state[W_KOMMUN] = params.kommun
    st.session_state[W_JMF] = params.jmf
    st.session_state[W_EGNA] = list(params.egna)
    st.session_state[W_YEARS] = (params.fran, params.till)


def _on_change() -> None:
    """Widget callback: copy the widgets' values into the shadow that survives page switches."""
    ss = st.session_state
    if ss.get(W_JMF) == "egna" and not ss.get(W_EGNA):
        # Start an own comparison from the similar kommuner rather than from nothing.
        ss[W_EGNA] = list(ss.get(PEERS, ()))
    years = ss[W_YEARS]  # set: this runs as the slider's own callback
    ss[SHADOW] = Params(
        ss[W_KOMMUN], ss[W_JMF], tuple(ss.get(W_EGNA) or ()), int(years[0]), int(years[1])
    )


def _sync_from_url(ids: list[str], first: int, last: int) -> tuple[str, ...]:
    """Decide this run's values (URL if it changed from outside, else the shadow)."""
    url = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    shadow: Params | None = st.session_state.get(SHADOW)
    warnings: tuple[str, ...] = ()
    if shadow is None or (url and url != st.session_state.get(WRITTEN)):
        # First load, reload, shared link or hand-edited address.
        shadow = parse_params(url, set(ids), first, last)
        warnings = shadow.warnings
        st.session_state[SHADOW] = shadow
    # Widget state does not survive a page switch, so the shadow is re-applied every run.
    _push(shadow)
    return warnings


def _members(
    kind: str, kommun: str, kommuner: pd.DataFrame, peers: pd.DataFrame, egna: list[str]
) -> tuple[tuple[str, ...], str]:
    if kind == "liknande":
        return tuple(peers["member_id"]), f"liknande kommuner ({len(peers)})"
    if kind == "lan":
        region = kommuner.loc[kommuner["municipality_id"] == kommun, "region_id"].iloc[0]
        same = kommuner[(kommuner["region_id"] == region) & (kommuner["municipality_id"] != kommun)]
        name = str(same["region"].iloc[0]) if len(same) else "länet"
        return tuple(same["municipality_id"]), f"övriga kommuner i {name} ({len(same)})"
    if kind == "riket":
        others = kommuner[kommuner["municipality_id"] != kommun]
        return tuple(others["municipality_id"]), f"alla kommuner ({len(others)})"
    chosen = tuple(m for m in egna if m != kommun)
    return chosen, f"egna val ({len(chosen)})"


def _leave_legacy_multipage_mode() -> None:
    """Rerun through dashboard.py when Streamlit ran this page as a v1 'pages/' app.

    Streamlit 1.67 treats an app with a pages/ folder as a legacy multipage app until the
    entrypoint's st.navigation has run once in the server process. A shared deep link
    (/crime?...) as the first request after a start would then run the page file alone:
    wrong navigation, no page config. Clearing that process-wide flag and rerunning lets
    dashboard.py route the request. (Streamlit internals; harmless if they move.)
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return
    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()


def choice_query(**extra: str) -> dict[str, str]:
    """Query parameters reproducing the sidebar's choice (for links to other pages)."""
    shadow: Params | None = st.session_state.get(SHADOW)
    query = shadow.to_query() if shadow else {}
    query.update(extra)
    return query


def _missing_db_page(path: Path, problem: str) -> None:
    st.error(f"Databasen kunde inte öppnas: {problem}")
    st.info(
        "Bygg databasen från den sparade ögonblicksbilden (tar några sekunder) och ladda om sidan:"
    )
    st.code(BUILD_COMMAND, language="bash")
    st.caption(f"Sökväg: {path} (ändras med miljövariabeln TRYGGHET_DB)")
    st.stop()


def _open() -> Db:
    """The current DB, or the page that says how to build it (and stop)."""
    path = db_path()
    try:
        return open_db(path)
    except FileNotFoundError:
        _missing_db_page(path, "filen finns inte")
    except duckdb.Error as exc:
        _missing_db_page(path, type(exc).__name__)
    raise AssertionError("unreachable: st.stop() raises")


def page_setup() -> tuple[Db, Choice]:
    """Draw the shared sidebar, keep it in the URL, and return the DB and the choice."""
    _leave_legacy_multipage_mode()
    db = _open()
    kommuner = queries.kommuner(db)
    ids = list(kommuner["municipality_id"])
    names = dict(zip(kommuner["municipality_id"], kommuner["municipality"], strict=True))
    first, last = queries.year_span(db)
    warnings = _sync_from_url(ids, first, last)

    sb = st.sidebar
    kommun = sb.selectbox(
        "Kommun", ids, key=W_KOMMUN, on_change=_on_change, format_func=lambda i: names.get(i, i)
    )
    kind = sb.radio(
        "Jämför med", KINDS, key=W_JMF, on_change=_on_change, format_func=KIND_LABELS.__getitem__
    )
    others = [i for i in ids if i != kommun]
    st.session_state[W_EGNA] = [m for m in st.session_state.get(W_EGNA, []) if m in others]
    egna: list[str] = st.session_state[W_EGNA]
    if kind == "egna":
        egna = sb.multiselect(
            "Egna jämförelsekommuner",
            others,
            key=W_EGNA,
            on_change=_on_change,
            format_func=lambda i: names.get(i, i),
            placeholder="Välj kommuner",
        )
    # A range slider: its pair value comes from session state (_push), which no stub can see.
    years = sb.slider("År", first, last, key=W_YEARS, on_change=_on_change)
    year_from, year_to = cast(tuple[int, int], years)
    peers = queries.peer_group(db, kommun)
    st.session_state[PEERS] = tuple(peers["member_id"])
    members, label = _members(kind, kommun, kommuner, peers, egna)
    freshness = freshness_line(queries.last_run(db))
    sb.caption(freshness)

    final = Params(kommun, kind, tuple(egna), year_from, year_to)
    st.session_state[SHADOW] = final
    canonical = final.to_query()
    current = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    if current != canonical:
        for k in URL_KEYS:
            if k not in canonical and k in st.query_params:
                del st.query_params[k]
        st.query_params.update(canonical)
    st.session_state[WRITTEN] = canonical
    for text in warnings:
        st.warning(text, icon="⚠️")
    if kind == "egna" and not members:
        st.info("Välj minst en kommun att jämföra med i sidopanelen.")
    elif not members:  # e.g. Gotland is the only kommun in its län
        st.info(
            f"Jämförelsegruppen ({md_esc(label)}) är tom; välj en annan jämförelse i sidopanelen."
        )
    return db, Choice(kommun, names[kommun], kind, members, label, year_from, year_to)
