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

from trygghet.core.format import md_esc, safe_csv
from trygghet.core.query import Con
from trygghet.indicators import queries
from trygghet.indicators.cards import Card, card
from trygghet.indicators.charts import indicator_figure, sparkline
from trygghet.indicators.data import csv_frame, table_frame
from trygghet.indicators.text import gap_note, latest_pair, summary_sentence, year_ranges


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
    """An overview card and its sparkline."""

    card: Card
    sparkline: go.Figure | None


@st.cache_resource(max_entries=256, show_spinner=False)
def indicator_view(
    _con: Con,
    key: str,
    ind: tuple[str, str, str],
    kommun_id: str,
    kommun_name: str,
    members: tuple[str, ...],
    comparison_label: str,
    gender: str,
    year_from: int,
    year_to: int,
) -> IndicatorView | None:
    """Build (once) the view of indicator ind = (kpi_id, label, unit)."""
    kpi, label, unit = ind
    df = queries.series(_con, key, kpi, kommun_id, members, gender, year_from, year_to)
    if df.empty:
        return None
    fig = indicator_figure(df, kommun=kommun_name, comparison=comparison_label, unit=unit)
    meta = pd.Series({"kpi_id": kpi, "label": label, "unit": unit})
    csv = safe_csv(csv_frame(df, meta, kommun_id, kommun_name, comparison_label, gender))
    name_md = md_esc(kommun_name)  # sentence and note are shown as Markdown
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
def card_view(
    _con: Con,
    key: str,
    kpi: str,
    unit: str,
    kommun_id: str,
    members: tuple[str, ...],
    group_word: str,
    year_from: int,
    year_to: int,
) -> CardView:
    """Build (once) an overview card for a headline KPI (totals)."""
    series = queries.series(_con, key, kpi, kommun_id, members, "T", year_from, year_to)
    last, _ = latest_pair(series) if not series.empty else (None, None)
    standing = queries.standing(_con, key, kpi, int(last["year"])) if last is not None else None
    built = card(series, standing, kommun_id, members, group_word, unit)
    spark = sparkline(series, unit=unit) if last is not None else None
    return CardView(built, spark)
