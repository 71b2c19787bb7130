"""Cached assemblies of the Förväntat tab: per outcome (the table, its CSV, the extremes, the
covariate table, the model CSV) and per outcome and kommun (the scatter).

Figures and frames are kept with st.cache_resource (not copied per read): the views only draw
them. Building them on every run cost the tab most of its warm time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from trygghet.core.db import Db
from trygghet.core.query import TTL_S
from trygghet.expected import catalogue, charts, data, queries
from trygghet.sidebar.data import source_facts
from trygghet.sidebar.queries import provenance


@dataclass(frozen=True)
class OutcomeView:
    """What the tab shows for an outcome whatever the kommun."""

    table: pd.DataFrame
    csv: bytes
    above: list[str]
    below: list[str]
    covariates: pd.DataFrame


@st.cache_resource(ttl=TTL_S, max_entries=16, show_spinner=False)
def outcome_view(db: Db, outcome: str, transform: str) -> OutcomeView:
    values = queries.values(db, outcome)
    above, below = data.extremes(values)
    return OutcomeView(
        table=data.table(values),
        csv=data.values_csv(
            values,
            [
                (
                    "Innehåll",
                    "Förväntat utifrån struktur: alla kommuners värde och förväntade värde",
                ),
                ("KPI", outcome),
                *source_facts(provenance(db), "kolada"),
                (
                    "Bearbetning",
                    "Förväntat värde och intervall: egen bearbetning (docs/expected.md)",
                ),
            ],
        ),
        above=above,
        below=below,
        covariates=data.coef_table(queries.coefs(db), outcome, transform),
    )


@st.cache_resource(ttl=TTL_S, max_entries=4, show_spinner=False)
def model_csv(db: Db) -> bytes:
    about = [
        ("Innehåll", "Förväntat utifrån struktur: modellernas kovariater och koefficienter"),
        *source_facts(provenance(db), "kolada"),
        ("Bearbetning", "Robust regression, korsvaliderad: egen bearbetning (docs/expected.md)"),
    ]
    return data.model_csv(queries.models(db), queries.coefs(db), catalogue.spec().method, about)


@st.cache_resource(ttl=TTL_S, max_entries=256, show_spinner=False)
def scatter(db: Db, outcome: str, kommun_id: str, unit: str, log_axes: bool) -> go.Figure:
    values = queries.values(db, outcome)
    return charts.scatter(values, data.result_of(values, kommun_id), unit, log_axes)
