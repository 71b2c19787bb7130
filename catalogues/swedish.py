"""Swedish month names, shared by the ETL (parsing Polisen's notice titles) and the dashboard
(plotly's locale and date axes), so the two never disagree."""

from __future__ import annotations

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
SHORT_MONTHS = tuple(name[:3] for name in MONTHS)  # jan, feb, …, maj, …, okt, nov, dec
