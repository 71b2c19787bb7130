"""Cached Karta and Jämför bundles: the figure, its notes, table and CSV, built once per input.

st.cache_resource hands back the same objects without copying: building the map figure
(about 8 000 vertices in ten traces) costs more than the queries behind it. Nothing mutates
a bundle after it is built; st.plotly_chart only reads the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core import geo
from trygghet.core.db import Db
from trygghet.core.export import export_csv
from trygghet.core.format import fmt_num
from trygghet.indicators.catalogue import Indicator, riket_note, riket_sentence_md
from trygghet.indicators.text import GENDERS, reason
from trygghet.sidebar.data import Choice, source_facts
from trygghet.sidebar.queries import provenance
from trygghet.themes import queries
from trygghet.themes.charts import ranking_figure
from trygghet.themes.data import Ranking, ranking
from trygghet.themes.map_charts import class_numbers, map_figure, map_sentence


@dataclass(frozen=True)
class MapView:
    """The map (None without the boundary file), the kommuner without a value, table, CSV."""

    figure: go.Figure | None
    lead: str  # the kommun's value and class, and how many kommuner have a value (Markdown)
    missing: tuple[tuple[str, str], ...]  # (kommun name, Swedish reason), by name
    table: pd.DataFrame
    csv: bytes


@dataclass(frozen=True)
class RankingView:
    """The ranked comparison group and its bar chart (None when nobody has a value)."""

    ranking: Ranking
    figure: go.Figure | None
    riket_note_md: str = ""  # why Riket is higher, with the kommun median (flagged KPIs only)


def _kommuner(db: Db, kpi: str, gender: str, year: int) -> pd.DataFrame:
    df = queries.year_values(db, kpi, gender, year)
    return df[df["municipality_type"] == "K"].reset_index(drop=True)


@st.cache_resource(max_entries=64, show_spinner=False)
def map_view(db: Db, ind: Indicator, gender: str, year: int, kommun_id: str) -> MapView:
    """Build (once) the map of all kommuner for one indicator, gender and year.

    Keyed by the kommun alone, not the whole choice: the map is the same for every comparison
    group and span of years, so those share one entry.
    """
    kpi, unit = ind.kpi_id, ind.unit
    df = _kommuner(db, kpi, gender, year)
    reasons = {
        str(r.municipality_id): reason(r.status) for r in df[df["value"].isna()].itertuples()
    }
    shapes = geo.simplified_shapes()
    figure = (
        map_figure(df, shapes, chosen=kommun_id, unit=unit, reasons=reasons) if shapes else None
    )
    missing = tuple(
        (str(r.municipality), reasons[str(r.municipality_id)])
        for r in df[df["value"].isna()].sort_values("municipality").itertuples()
    )
    numbers = class_numbers(df["value"])
    table = pd.DataFrame(
        {
            "Kommun": df["municipality"],
            "Kod": df["municipality_id"],
            f"Värde {year} ({unit})": [fmt_num(v) for v in df["value"]],
            "Klass (1 = lägst)": [str(n + 1) if n >= 0 else "–" for n in numbers],
            "Inget värde därför att": [reasons.get(str(k), "") for k in df["municipality_id"]],
        }
    ).sort_values("Kommun", ignore_index=True)
    csv = export_csv(
        pd.DataFrame(
            {
                "Kommun": df["municipality"],
                "Kod": df["municipality_id"],
                f"Värde {year} ({unit})": df["value"],
                "Klass (1 = lägst)": pd.array(
                    [n + 1 if n >= 0 else None for n in numbers], "Int64"
                ),
                "Inget värde därför att": [reasons.get(str(k), "") for k in df["municipality_id"]],
            }
        ).sort_values("Kommun", ignore_index=True),
        [
            ("Innehåll", "Alla kommuners värden ett år (kartan)"),
            ("KPI", kpi),
            ("År", str(year)),
            ("Kön", GENDERS.get(gender, gender)),
            ("Enhet", unit),
            *source_facts(provenance(db), "kolada"),
            ("Bearbetning", "Klassindelningen: egen bearbetning av data från Kolada"),
        ],
    )
    lead = map_sentence(df, numbers, kommun_id, year, unit, reasons.get(kommun_id, ""))
    return MapView(figure, lead, missing, table, csv)


@st.cache_resource(max_entries=128, show_spinner=False)
def ranking_view(db: Db, choice: Choice, ind: Indicator, gender: str, year: int) -> RankingView:
    """Build (once) the ranking of the kommun and its comparison kommuner for one year."""
    kpi, unit, kommun_id = ind.kpi_id, ind.unit, choice.kommun_id
    values = queries.year_values(db, kpi, gender, year)
    ranked = ranking(values, kommun_id, choice.members)
    flagged = riket_note(kpi) is not None
    figure = (
        ranking_figure(ranked, kommun_id=kommun_id, unit=unit, median=flagged)
        if len(ranked.ranked)
        else None
    )
    counts = (ranked.above_riket, ranked.n_all)
    note = riket_sentence_md(kpi, ranked.riket, ranked.median, counts, year, fmt_num)
    return RankingView(ranked, figure, note)
