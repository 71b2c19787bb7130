"""Pure chart builders: DataFrame in, plotly Figure out (no Streamlit, no DB)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from trygghet.format import NBSP, fmt_num, is_missing
from trygghet.text import reason

# Okabe-Ito, colour-blind safe; the same list as .streamlit/config.toml chartCategoricalColors.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
KOMMUN, COMPARISON, RIKET = PALETTE[0], PALETTE[1], PALETTE[7]
BAND_OUTER = "rgba(150,150,150,0.18)"
BAND_INNER = "rgba(120,120,120,0.32)"
SEPARATORS = "," + NBSP  # decimal comma, nbsp thousands: plotly ticks in Swedish style
FONT = "sans-serif"


def _vals(series: pd.Series) -> list[float | None]:
    """Values with gaps as None, so plotly breaks the line instead of joining or zeroing."""
    return [None if is_missing(v) else float(v) for v in series]


def _hover(df: pd.DataFrame, col: str, status_col: str | None, unit: str) -> list[str]:
    out = []
    for _, row in df.iterrows():
        value = row[col]
        if is_missing(value):
            out.append(reason(row[status_col]) if status_col else "inget värde")
        else:
            out.append(f"{fmt_num(value)}{NBSP}{unit}")
    return out


def _band(df: pd.DataFrame, low: str, high: str, name: str, fill: str, unit: str) -> list[go.Scatter]:
    text = [
        "–" if is_missing(lo) else f"{fmt_num(lo)}–{fmt_num(hi)}{NBSP}{unit}"
        for lo, hi in zip(df[low], df[high])
    ]
    upper = go.Scatter(x=df["year"], y=_vals(df[high]), mode="lines", line={"width": 0},
                       hoverinfo="skip", showlegend=False, legendgroup=name, connectgaps=False)
    lower = go.Scatter(x=df["year"], y=_vals(df[low]), mode="lines", line={"width": 0},
                       fill="tonexty", fillcolor=fill, name=name, legendgroup=name,
                       customdata=text, hovertemplate="%{customdata}", connectgaps=False)
    return [upper, lower]


def _line(df: pd.DataFrame, col: str, name: str, color: str, unit: str, *,
          status_col: str | None = None, dash: str = "solid", width: float = 2,
          markers: bool = True) -> go.Scatter:
    return go.Scatter(
        x=df["year"], y=_vals(df[col]), name=name, mode="lines+markers" if markers else "lines",
        line={"color": color, "dash": dash, "width": width}, marker={"size": 7, "color": color},
        customdata=_hover(df, col, status_col, unit), hovertemplate="%{customdata}",
        connectgaps=False,
    )


def indicator_figure(df: pd.DataFrame, *, kommun: str, comparison: str, unit: str,
                     height: int = 420) -> go.Figure:
    """Kommun, comparison mean (unweighted) and Riket over the all-kommuner band, gaps kept."""
    fig = go.Figure()
    for trace in _band(df, "all_min", "all_max", "Alla kommuner, lägst–högst", BAND_OUTER, unit):
        fig.add_trace(trace)
    for trace in _band(df, "all_p25", "all_p75", "Alla kommuner, mittersta hälften",
                       BAND_INNER, unit):
        fig.add_trace(trace)
    fig.add_trace(_line(df, "riket", "Riket", RIKET, unit, status_col="riket_status",
                        dash="dot", width=2))
    if df["cmp_mean"].notna().any():
        fig.add_trace(_line(df, "cmp_mean", f"{comparison}, medelvärde (ovägt)", COMPARISON,
                            unit, dash="dash", width=2))
    fig.add_trace(_line(df, "value", kommun, KOMMUN, unit, status_col="status", width=3.5))
    for row in df[df["value"].isna()].itertuples():
        # Mark each gap of the kommun at the foot of the plot, with its reason on hover.
        fig.add_annotation(x=row.year, y=0, xref="x", yref="paper", yanchor="bottom",
                           text="×", showarrow=False, font={"color": KOMMUN, "size": 14},
                           hovertext=f"{kommun} {row.year}: {reason(row.status)}")
    years = df["year"].tolist()
    fig.update_layout(
        height=height, separators=SEPARATORS, hovermode="x unified",
        margin={"l": 8, "r": 8, "t": 8, "b": 8}, font={"family": FONT},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        yaxis={"title": {"text": unit}, "rangemode": "tozero", "fixedrange": True},
        xaxis={"dtick": 1 if len(years) <= 12 else None, "fixedrange": True,
               "tickformat": "d"},
        plot_bgcolor="white",
    )
    fig.update_yaxes(gridcolor="rgba(0,0,0,0.08)")
    return fig


def sparkline(df: pd.DataFrame, *, unit: str, height: int = 70) -> go.Figure:
    """A tiny line of the kommun's values (gaps kept), no axes: for the overview cards."""
    fig = go.Figure(_line(df, "value", "", KOMMUN, unit, status_col="status", width=2,
                          markers=False))
    fig.update_traces(hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 4, "b": 4},
                      showlegend=False, separators=SEPARATORS, plot_bgcolor="white",
                      xaxis={"visible": False, "fixedrange": True},
                      yaxis={"visible": False, "fixedrange": True})
    return fig
