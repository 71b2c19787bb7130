"""page_setup(): the shared sidebar (kommun, comparison, years) bound to the URL."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn, cast

import duckdb
import streamlit as st

from trygghet.core.db import Db, db_path, open_db
from trygghet.core.format import md_esc
from trygghet.core.url_state import UrlGroup
from trygghet.sidebar import queries
from trygghet.sidebar.data import Choice, freshness_line, members_and_label
from trygghet.sidebar.params import KIND_LABELS, KINDS, URL_KEYS, Params, parse_params
from trygghet.sidebar.text import PAGE_TITLE_KEY, SITE, document_title

GROUP = "sidebar"  # the URL group's name: its state lives in session state under it
PEERS = "_sel_peers"  # the current kommun's similar kommuner, to prefill "egna val"
W_KOMMUN, W_JMF, W_EGNA, W_YEARS = "w_kommun", "w_jmf", "w_egna", "w_years"
# The same choice at the top of the main area (phones hide the sidebar behind a button).
W_TOP_KOMMUN, W_TOP_JMF, W_TOP_OPEN = "w_top_kommun", "w_top_jmf", "w_top_open"
BUILD_COMMAND = "python -m etl refresh --offline"
MISSING_DB = {"missing": "filen finns inte.", "damaged": "filen är skadad eller kan inte läsas."}
LOG = logging.getLogger("trygghet.dashboard")


def _group(ids: list[str] | None = None, first: int = 0, last: int = 0) -> UrlGroup[Params]:
    def parse(raw: Mapping[str, str]) -> Params:
        return parse_params(raw, set(ids or ()), first, last)

    return UrlGroup(GROUP, URL_KEYS, parse)


def _push(params: Params) -> None:
    """Put the session's values into the widgets' state (before the widgets are created)."""
    st.session_state[W_KOMMUN] = params.kommun_id
    st.session_state[W_JMF] = params.jmf
    st.session_state[W_EGNA] = list(params.egna)
    st.session_state[W_YEARS] = (params.fran, params.till)


def _on_change() -> None:
    """Widget callback: keep the widgets' values as the session's choice across page switches."""
    ss = st.session_state
    if ss.get(W_JMF) == "egna" and not ss.get(W_EGNA):
        # Start an own comparison from the similar kommuner rather than from nothing.
        ss[W_EGNA] = list(ss.get(PEERS, ()))
    years = ss[W_YEARS]  # set: this runs as the slider's own callback
    chosen = Params(
        ss[W_KOMMUN], ss[W_JMF], tuple(ss.get(W_EGNA) or ()), int(years[0]), int(years[1])
    )
    _group().remember(chosen)


def _on_top_change() -> None:
    """The top line's widgets change the same choice as the sidebar's."""
    ss = st.session_state
    ss[W_KOMMUN] = ss[W_TOP_KOMMUN]
    ss[W_JMF] = ss[W_TOP_JMF]
    ss[W_TOP_OPEN] = False  # close the popover: the page behind it is the answer
    _on_change()


def _top_line(chosen: Choice, ids: list[str], names: Mapping[str, str]) -> None:
    """'Kalmar · jämfört med liknande kommuner (7) · 2010–2025' and a 'Byt kommun' popover.

    At the top of every page, so a phone shows the choice and a way to change it without
    finding the sidebar; choosing here reruns the page with the sidebar left closed.
    """
    st.session_state[W_TOP_KOMMUN] = chosen.kommun_id
    st.session_state[W_TOP_JMF] = chosen.comparison
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.markdown(
        f"**{chosen.kommun_md}** · jämfört med {chosen.comparison_md} · "
        f"{chosen.year_from}\u2060–\u2060{chosen.year_to}",  # word joiners: one line
        width="content",
    )
    with row.popover(
        "Byt kommun",
        icon=":material/swap_horiz:",
        type="tertiary",
        key=W_TOP_OPEN,
        on_change="rerun",  # tracks open/closed, so a choice can close it
    ):
        st.selectbox(
            "Kommun",
            ids,
            key=W_TOP_KOMMUN,
            on_change=_on_top_change,
            format_func=lambda i: names.get(i, i),
            placeholder="Välj kommun",
        )
        st.radio(
            "Jämför med",
            KINDS,
            key=W_TOP_JMF,
            on_change=_on_top_change,
            format_func=KIND_LABELS.__getitem__,
        )
        st.caption("År och egna jämförelsekommuner väljs i sidopanelen (» uppe till vänster).")


def _leave_legacy_multipage_mode() -> None:
    """Rerun through dashboard.py when Streamlit ran this page as a v1 'pages/' app.

    Streamlit 1.67 treats an app with a pages/ folder as a legacy multipage app until the
    entrypoint's st.navigation has run once in the server process. A shared deep link
    (/crime?...) as the first request after a start would then run the page file alone:
    wrong navigation, no page config. Clearing that process-wide flag and rerunning lets
    dashboard.py route the request. No public API does this (tests/sidebar/test_deep_links.py fails
    loudly if an upgrade moves the attribute).
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
    chosen = _group().current()
    query = chosen.to_query() if chosen else {}
    query.update(extra)
    return query


def _missing_db_page(path: Path, problem: str, exc: BaseException | None = None) -> NoReturn:
    """Say in Swedish that the DB cannot be opened; the path and the error go to the server log
    only (a visitor learns nothing about the server's files)."""
    LOG.error("cannot open the database %s: %s", path, problem, exc_info=exc)
    st.error(f"Databasen kunde inte öppnas: {MISSING_DB[problem]}")
    st.info(
        "Bygg databasen från den sparade ögonblicksbilden (tar några sekunder) och ladda om sidan:"
    )
    st.code(BUILD_COMMAND, language="bash")
    st.caption("Sökväg och fel står i serverns logg (filen väljs med miljövariabeln TRYGGHET_DB).")
    st.stop()


def _no_kolada_page() -> NoReturn:
    """Every page rests on Kolada's kommuner and values: without them, say how to load them."""
    st.error("Databasen saknar uppgifter från Kolada, så sidan kan inte visas.")
    st.info("Hämta dem (tar några sekunder från den sparade ögonblicksbilden) och ladda om sidan:")
    st.code("python -m etl refresh kolada --offline", language="bash")
    st.stop()


def _open() -> Db:
    """The current DB, or the page that says how to build it (and stop)."""
    path = db_path()
    try:
        return open_db(path)
    except FileNotFoundError:
        _missing_db_page(path, "missing")
    except duckdb.Error as exc:
        _missing_db_page(path, "damaged", exc)


def page_setup() -> tuple[Db, Choice]:
    """Draw the shared sidebar, keep it in the URL, and return the DB and the choice."""
    _leave_legacy_multipage_mode()
    db = _open()
    kommuner = queries.kommuner(db)
    span = queries.year_span(db)
    if kommuner.empty or span is None:
        _no_kolada_page()
    ids = list(kommuner["municipality_id"])
    names = queries.kommun_names(db)
    first, last = span
    group = _group(ids, first, last)
    # Widget state does not survive a page switch, so the session's values go back every run.
    _push(group.read()[0])

    sb = st.sidebar
    kommun_id = sb.selectbox(
        "Kommun",
        ids,
        key=W_KOMMUN,
        on_change=_on_change,
        format_func=lambda i: names.get(i, i),
        placeholder="Välj kommun",
    )
    kind = sb.radio(
        "Jämför med", KINDS, key=W_JMF, on_change=_on_change, format_func=KIND_LABELS.__getitem__
    )
    others = [i for i in ids if i != kommun_id]
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
    peers = queries.peer_group(db, kommun_id)
    st.session_state[PEERS] = tuple(peers["member_id"])
    members, label = members_and_label(kind, kommun_id, kommuner, peers, egna)
    sb.caption(md_esc(freshness_line(queries.last_run(db))))
    group.write(Params(kommun_id, kind, tuple(egna), year_from, year_to))
    chosen = Choice(kommun_id, names[kommun_id], kind, members, label, year_from, year_to)
    st.set_page_config(
        page_title=document_title(st.session_state.get(PAGE_TITLE_KEY), names[kommun_id])
    )
    _top_line(chosen, ids, names)
    if kind == "egna" and not members:
        st.info("Välj minst en kommun att jämföra med i sidopanelen.")
    elif not members:  # e.g. Gotland is the only kommun in its län
        st.info(
            f"Jämförelsegruppen ({md_esc(label)}) är tom; välj en annan jämförelse i sidopanelen."
        )
    return db, chosen


PRINT_FOOTER_KEY = "print_footer"  # the container's key: page_head.html shows it in print only


def print_footer(db: Db, choice: Choice, sources_md: str) -> None:
    """'Trygghet i kommunen – Kalmar. Källa: ... Data uppdaterad: ...' for the printout.

    page_head.html hides the sidebar, the choice line and every control when printing, and
    shows this block (hidden on screen) at the foot of each printed page.
    """
    with st.container(key=PRINT_FOOTER_KEY):
        st.caption(
            f"{SITE} – {choice.kommun_md}, {choice.year_from}–{choice.year_to}, jämfört med "
            f"{choice.comparison_md}. {sources_md} {md_esc(freshness_line(queries.last_run(db)))}."
        )
