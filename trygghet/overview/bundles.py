"""Cached bundles of Översikt: one card and its mini chart per kommun, comparison and KPI.

The series and the judgement's evidence come from the indicators' shared reads
(trygghet.indicators.queries and .bundles), so a card and the theme page over time judge
from the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from trygghet.core import judgement as jd
from trygghet.core.db import Db
from trygghet.core.format import esc
from trygghet.indicators import queries
from trygghet.indicators.bundles import full_history, judgement_evidence
from trygghet.indicators.catalogue import Indicator, breaks_for
from trygghet.overview.charts import mini_chart
from trygghet.overview.data import Card, Who, card, group_word
from trygghet.sidebar.data import Choice


@dataclass(frozen=True)
class CardView:
    """An overview card and its mini chart."""

    card: Card
    chart: go.Figure | None


@st.cache_resource(max_entries=256, show_spinner=False)
def card_view(db: Db, choice: Choice, ind: Indicator) -> CardView:
    """Build (once per db, choice and indicator) an overview card for a headline KPI (totals)."""
    kommun_id, members = choice.kommun_id, choice.members
    series = queries.series(
        db, ind.kpi_id, kommun_id, members, "T", choice.year_from, choice.year_to
    )
    have = series[series["value"].notna()]
    standing = (
        queries.standing(db, ind.kpi_id, int(have["year"].iloc[-1]))
        if len(have)
        # No value of the kommun: count the kommuner that have one in the latest year.
        else queries.standing(db, ind.kpi_id, int(series["year"].max()))
        if len(series)
        else None
    )
    evidence = judgement_evidence(db, kommun_id, jd.kind_of(ind.unit, ind.theme), ind.kpi_id)
    group = queries.kpi_years(db, ind.kpi_id, "T", choice.year_from, choice.year_to).values
    who = Who(
        kommun_id,
        choice.kommun_md,  # card texts are Markdown
        members,
        group_word(choice.comparison),
        choice.comparison_md,
        choice.year_from,
    )
    history = full_history(db, ind.kpi_id, kommun_id, choice.year_to)
    built = card(ind, series, standing, evidence, who, group, history)
    chart = mini_chart(
        series, esc(choice.kommun_name), choice.comparison_title, ind.unit, breaks_for(ind.kpi_id)
    )
    return CardView(built, chart)
