"""The Förväntat view in Streamlit: Samband's tab, and the short note on a theme page's Över tid."""

from __future__ import annotations

import streamlit as st

from catalogues.covariates import Outcome
from trygghet.core import style
from trygghet.core.db import Db
from trygghet.core.format import fit_decimals, fmt_num, fmt_value, is_missing, md_esc
from trygghet.core.url_state import url_choice
from trygghet.expected import bundles, catalogue, data, queries, text
from trygghet.sidebar.data import Choice

W_OUTCOME = "w_forv_utfall"
SOURCE = "Källa: Kolada (utfall och kovariater). " + text.METHOD
NOT_BUILT = (
    "Modellen för förväntade värden finns inte i databasen än (den beräknas av ETL-steget "
    "`python -m etl refresh expected`)."
)


def _unit(models_row: object) -> str:
    return "" if is_missing(models_row) else str(models_row)


def _interval(r: data.Result, unit: str) -> str:
    places = fit_decimals(r.expected, unit)
    return (
        f"{fmt_value(r.expected, unit, places)} (95 % intervall {fmt_num(r.lower, places)}–"
        f"{fmt_num(r.upper, places)})"
    )


def render_tab(db: Db, choice: Choice, shown: bool) -> None:
    """The Samband tab: outcome picker always (its state stays whole), the result when open."""
    models = queries.models(db)
    if models.empty:
        st.info(NOT_BUILT)
        return
    labels = {str(k): str(v) for k, v in models["label"].items()}
    outcome = url_choice(
        "Utfall", list(labels), param="utfall", key=W_OUTCOME, format_func=labels.__getitem__
    )
    if not shown:
        return
    model = data.model_of(models, outcome)
    spec = catalogue.outcome(outcome)
    if model is None or spec is None:  # a stale DB: the catalogue no longer lists the outcome
        st.info(NOT_BUILT)
        return
    unit = _unit(models.loc[outcome, "unit"])
    result = data.result_of(queries.values(db, outcome), choice.kommun_id)
    _kommun_block(choice, model, spec, result, unit)
    _all_kommuner(db, choice, outcome, model, unit)
    if result is not None and model.who and result.with_who:
        _sensitivity(choice, model, result, unit, catalogue.label(model.who))
    for part in text.ABOUT:
        st.markdown(part)
    _tables(db, outcome, model)


def _kommun_block(
    choice: Choice,
    model: data.Model,
    spec: Outcome,
    result: data.Result | None,
    unit: str,
) -> None:
    """The kommun's value beside the expected one and its interval, and the verdict if any."""
    if result is None:
        st.info(
            f"{choice.kommun_md} saknar ett eller flera av modellens kovariater {model.year}, "
            "så inget förväntat värde kan räknas ut."
        )
        return
    # The unit goes in the label: a long value is cut with "…" on a phone. One rounding for
    # the whole block, the expected value's (core.format.fit_decimals).
    places = fit_decimals(result.expected, unit)
    c1, c2 = st.columns(2)
    c1.metric(
        f"{choice.kommun_md}, {model.year} ({md_esc(unit)})",
        fmt_num(result.observed, places) if result.observed is not None else "saknas",
    )
    c2.metric(f"Förväntat utifrån struktur ({md_esc(unit)})", fmt_num(result.expected, places))
    st.markdown(f"Förväntat för {choice.kommun_md}: **{_interval(result, unit)}**.")
    if result.observed is None:
        st.markdown(f"Kolada har inget värde för {choice.kommun_md} {model.year}.")
    elif model.gives_verdict:
        st.markdown(f"**{text.verdict_md(spec, result.position)}.**")
    else:
        st.markdown(f"**{text.no_verdict(model.cv_r2, catalogue.spec().min_cv_r2)}**")


def _all_kommuner(db: Db, choice: Choice, outcome: str, model: data.Model, unit: str) -> None:
    """The model's quality, the scatter of every kommun, who is furthest off, the covariates."""
    st.caption(
        text.quality(model.cv_r2, model.coverage, model.n, model.year, catalogue.spec().min_cv_r2)
    )
    st.plotly_chart(
        bundles.scatter(db, outcome, choice.kommun_id, unit, model.transform == "log"),
        config=style.PLOT_CONFIG,
        key=f"fig_forv_{outcome}",
    )
    st.caption(
        "Varje punkt är en kommun. På den prickade linjen har kommunen precis det värde som "
        "kommuner med liknande struktur har; ovanför den fler. Det blå strecket är "
        f"{choice.kommun_md}s intervall. {SOURCE}"
    )
    shared = bundles.outcome_view(db, outcome, model.transform)
    st.markdown(
        f"**Längst över det förväntade:** {md_esc(', '.join(shared.above))}.  \n"
        f"**Längst under:** {md_esc(', '.join(shared.below))}."
    )
    st.markdown("**Kovariaterna** (samband mellan kommuner, inte orsaker)")
    st.dataframe(shared.covariates, hide_index=True)


def _sensitivity(
    choice: Choice, model: data.Model, result: data.Result, unit: str, who: str
) -> None:
    """The result with the sensitivity covariate `who` (utrikes födda) in the model as well."""
    if model.gives_verdict and result.observed is not None:
        changed = data.changed(result)
        st.markdown(text.who_line_md(choice.kommun_md, who, changed, result.position_with_who))
    st.caption(
        f"{text.WHO_WHY} Med den: korsvaliderat R² "
        f"{fmt_value(model.cv_r2_with_who, '', 2)}, förväntat {_interval_with(result, unit)}."
    )


def _tables(db: Db, outcome: str, model: data.Model) -> None:
    """Every kommun's expected value as a table, and the two CSVs (values; the model)."""
    shared = bundles.outcome_view(db, outcome, model.transform)
    with st.expander("Visa tabell (alla kommuner)"):
        st.dataframe(shared.table, hide_index=True)
    c3, c4 = st.columns(2)
    c3.download_button(
        "Ladda ner förväntade värden (CSV)",
        shared.csv,
        file_name=f"forvantat_{outcome}_{model.year}.csv",
        mime="text/csv",
        key=f"dl_forv_{outcome}",
    )
    c4.download_button(
        "Ladda ner modellen (CSV)",
        bundles.model_csv(db),
        file_name="forvantat_modell.csv",
        mime="text/csv",
        key="dl_forv_modell",
    )


def _interval_with(r: data.Result, unit: str) -> str:
    assert r.with_who is not None
    e, lo, hi = r.with_who
    places = fit_decimals(e, unit)
    return f"{fmt_value(e, unit, places)} ({fmt_num(lo, places)}–{fmt_num(hi, places)})"


def over_time_note(db: Db, choice: Choice, kpi: str, unit: str) -> None:
    """On a theme page's Över tid: the kommun's expected value, when the model covers the KPI."""
    models = queries.models(db)
    model = data.model_of(models, kpi) if not models.empty else None
    spec = catalogue.outcome(kpi)
    if model is None or spec is None:
        return
    result = data.result_of(queries.values(db, kpi), choice.kommun_id)
    if result is None:
        return
    if result.observed is None:
        verdict_md = f"Kolada har inget värde för {model.year}."
    elif model.gives_verdict:
        verdict_md = text.verdict_md(spec, result.position) + "."
    else:
        verdict_md = text.no_verdict(model.cv_r2, catalogue.spec().min_cv_r2)
    observed = fmt_value(result.observed, unit, fit_decimals(result.expected, unit))
    box = st.container(border=True)
    box.markdown(
        f"**Förväntat utifrån struktur, {model.year}:** {_interval(result, unit)}; "
        f"{choice.kommun_md} hade {observed}. {verdict_md}"
    )
    box.caption(
        f"Korsvaliderat R² {fmt_value(model.cv_r2, '', 2)}. Mer under Samband, fliken Förväntat. "
        + SOURCE
    )
