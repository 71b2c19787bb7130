"""Cached view bundles: everything derived for one chart or card, built once per input.

st.cache_resource hands back the same objects without copying, which keeps a warm rerun
cheap (plotly figure construction and pandas filtering dominate otherwise). Bundles are
treated as read-only by the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.format import safe_csv
from trygghet.core.query import run
from trygghet.indicators import queries
from trygghet.indicators.card_chart import mini_chart
from trygghet.indicators.cards import Card, Indicator, Who, card, group_word
from trygghet.indicators.charts import indicator_figure
from trygghet.indicators.data import csv_frame, table_frame
from trygghet.indicators.text import gap_note, summary_sentence, year_ranges
from trygghet.indicators.verdict import PER_100K
from trygghet.sidebar.choice import Choice


@dataclass(frozen=True)
class IndicatorView:
    """The chart, sentence, gap note, table and CSV of one indicator and selection."""

    frame: pd.DataFrame
    figure: go.Figure
    sentence: str
    gap_note: str
    years_line: str
    table: pd.DataFrame
    csv: bytes


@dataclass(frozen=True)
class CardView:
    """An overview card and its mini chart."""

    card: Card
    chart: go.Figure | None


@st.cache_resource(max_entries=256, show_spinner=False)
def indicator_view(
    db: Db, choice: Choice, ind: tuple[str, str, str], gender: str
) -> IndicatorView | None:
    """Build (once) the view of indicator ind = (kpi_id, label, unit)."""
    kpi, label, unit = ind
    kommun_id, kommun_name = choice.kommun_id, choice.kommun_name
    comparison_label = choice.comparison_title
    df = queries.series(
        db, kpi, kommun_id, choice.members, gender, choice.year_from, choice.year_to
    )
    if df.empty:
        return None
    fig = indicator_figure(df, kommun=kommun_name, comparison=comparison_label, unit=unit)
    meta = pd.Series({"kpi_id": kpi, "label": label, "unit": unit})
    csv = safe_csv(csv_frame(df, meta, kommun_id, kommun_name, comparison_label, gender))
    name_md = choice.kommun_md  # sentence and note are shown as Markdown
    years = year_ranges(df.loc[df["value"].notna(), "year"].tolist())
    return IndicatorView(
        df,
        fig,
        summary_sentence(df, name_md, unit, gender),
        gap_note(df, name_md),
        f"År med publicerat värde för {name_md}: {years}.",
        table_frame(df, kommun_name, comparison_label),
        csv,
    )


@st.cache_resource(max_entries=256, show_spinner=False)
def card_view(db: Db, choice: Choice, ind: Indicator) -> CardView:
    """Build (once per db, choice and indicator) an overview card for a headline KPI (totals)."""
    kommun_id, members = choice.kommun_id, choice.members
    series = queries.series(db, ind.kpi, kommun_id, members, "T", choice.year_from, choice.year_to)
    have = series[series["value"].notna()]
    standing = (
        queries.standing(db, ind.kpi, int(have["year"].iloc[-1]))
        if len(have)
        # No value of the kommun: count the kommuner that have one in the latest year.
        else queries.standing(db, ind.kpi, int(series["year"].max()))
        if len(series)
        else None
    )
    population = pd.Series(dtype=float)
    if ind.unit == PER_100K:
        pop = run(db, "card_population", {"kommun": kommun_id})
        population = pop.set_index("year")["value"]
    who = Who(
        kommun_id,
        choice.kommun_md,  # card texts are Markdown
        members,
        group_word(choice.comparison),
        choice.comparison_md,
        choice.year_from,
    )
    built = card(ind, series, standing, population, who)
    chart = mini_chart(series, choice.kommun_name, choice.comparison_title, ind.unit)
    return CardView(built, chart)
