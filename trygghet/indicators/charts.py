"""Pure chart builders: DataFrame in, plotly Figure out (no Streamlit, no DB)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from trygghet.core import style
from trygghet.core.format import NBSP, fmt_num, is_missing
from trygghet.core.frames import rows
from trygghet.indicators.catalogue import Break, break_marks
from trygghet.indicators.text import BAND_SHARE, count_of, reason

THIN_BAND = "Alla kommuner, värden för färre än 90\u00a0%"
MEDIAN = "Kommunernas median"
# Hatching over the band where it rests on few kommuner: readable in grey print and for
# every kind of colour vision, and the band's own colours stay as they are.
THIN_PATTERN = {"shape": "/", "fgcolor": "rgba(60,60,60,0.45)", "size": 7, "solidity": 0.25}


def _vals(series: pd.Series) -> list[float | None]:
    """Values with gaps as None, so plotly breaks the line instead of joining or zeroing."""
    return [None if is_missing(v) else float(v) for v in series]


def _years(df: pd.DataFrame) -> list[int]:
    """Years as plain ints (plain JSON lists, not binary arrays, in the chart spec)."""
    return [int(y) for y in df["year"]]


def _hover(df: pd.DataFrame, col: str, status_col: str | None, unit: str) -> list[str]:
    statuses = df[status_col].tolist() if status_col else [None] * len(df)
    return [
        (reason(status) if status_col else "inget värde")
        if is_missing(value)
        else f"{fmt_num(value)}{NBSP}{unit}"
        for value, status in zip(df[col].tolist(), statuses, strict=True)
    ]


def _runs(df: pd.DataFrame, col: str) -> list[pd.DataFrame]:
    """Contiguous stretches of years where col has a value."""
    have = df[col].notna().to_numpy()
    runs, start = [], None
    for i, ok in enumerate([*have, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append(df.iloc[start:i])
            start = None
    return runs


def _band(df: pd.DataFrame, low: str, high: str, name: str, fill: str) -> list[go.Scatter]:
    """One closed polygon per stretch of years, so a missing year leaves a hole in the band.

    A single year (e.g. a survey year between unpublished ones) becomes a narrow box.
    """
    traces = []
    for i, run in enumerate(_runs(df, low)):
        xs = [float(x) for x in run["year"]]
        lo, hi = [float(v) for v in run[low]], [float(v) for v in run[high]]
        if len(xs) == 1:
            xs, lo, hi = [xs[0] - 0.2, xs[0] + 0.2], lo * 2, hi * 2
        traces.append(
            go.Scatter(
                x=xs + xs[::-1],
                y=hi + lo[::-1],
                mode="lines",
                line={"width": 0},
                fill="toself",
                fillcolor=fill,
                name=name,
                legendgroup=name,
                showlegend=i == 0,
                hoverinfo="skip",
            )
        )
    return traces


def _thin_band(df: pd.DataFrame) -> list[go.Scatter]:
    """A hatched overlay on the years whose band rests on fewer than 90 % of all kommuner."""
    thin = (df["all_n"] > 0) & (df["all_n"] < BAND_SHARE * df["all_size"])
    if not thin.any():
        return []
    marked = df.assign(all_min=df["all_min"].where(thin), all_max=df["all_max"].where(thin))
    traces = _band(marked, "all_min", "all_max", THIN_BAND, "rgba(0,0,0,0)")
    for trace in traces:
        trace.fillpattern = THIN_PATTERN
    return traces


def _band_hover(df: pd.DataFrame, unit: str) -> go.Scatter:
    """Invisible points carrying the band's numbers for the unified hover label."""
    text = []
    for r in rows(df):
        if is_missing(r.all_p25):
            text.append("alla kommuner: inga värden")
        else:
            text.append(
                f"mittersta hälften {fmt_num(r.all_p25)}–{fmt_num(r.all_p75)}, "
                f"lägst–högst {fmt_num(r.all_min)}–{fmt_num(r.all_max)}{NBSP}{unit} "
                f"({count_of(r.all_n, r.all_size)} kommuner)"
            )
    return go.Scatter(
        x=_years(df),
        y=_vals(df["all_p75"]),
        mode="markers",
        marker={"opacity": 0, "size": 1},
        name="Alla kommuner",
        showlegend=False,
        customdata=text,
        hovertemplate="%{customdata}",
    )


def _mean_hover(df: pd.DataFrame, unit: str, size: int) -> list[str]:
    """The mean with the number of kommuner behind it, so a thin year reads as such."""
    return [
        "inget värde"
        if is_missing(r.cmp_mean)
        else f"{fmt_num(r.cmp_mean)}{NBSP}{unit} (medel av {count_of(r.cmp_n, size)} kommuner)"
        for r in rows(df)
    ]


def _line(
    df: pd.DataFrame,
    col: str,
    name: str,
    line: dict[str, object],
    unit: str,
    *,
    status_col: str | None = None,
    markers: bool = True,
) -> go.Scatter:
    return go.Scatter(
        x=_years(df),
        y=_vals(df[col]),
        name=name,
        mode="lines+markers" if markers else "lines",
        line=line,
        marker={"size": 7, "color": line["color"]},
        customdata=_hover(df, col, status_col, unit),
        hovertemplate="%{customdata}",
        connectgaps=False,
    )


def indicator_figure(
    df: pd.DataFrame,
    *,
    kommun_name: str,
    comparison: str,
    unit: str,
    group_size: int | None = None,
    height: int = 420,
    breaks: Sequence[Break] = (),
    median: bool = False,
) -> go.Figure:
    """Kommun, comparison mean (unweighted) and Riket over the all-kommuner band, gaps kept.

    `group_size` is the number of kommuner in the comparison group (the hover says how many
    of them have a value each year); None takes the largest count in the frame. `median`
    draws the kommuner's median beside Riket, for a KPI whose Riket is not the kommun level.
    """
    traces: list[go.Scatter] = [
        *_band(df, "all_min", "all_max", "Alla kommuner, lägst–högst", style.BAND_OUTER),
        *_band(df, "all_p25", "all_p75", "Alla kommuner, mittersta hälften", style.BAND_INNER),
        *_thin_band(df),
        _band_hover(df, unit),
        _line(df, "riket", "Riket", style.RIKET_LINE, unit, status_col="riket_status"),
    ]
    if median and "all_median" in df and df["all_median"].notna().any():
        line = {"color": style.REFERENCE, "width": 2, "dash": "dashdot"}
        traces.append(_line(df, "all_median", MEDIAN, line, unit, markers=False))
    if df["cmp_mean"].notna().any():
        size = int(df["cmp_n"].max()) if group_size is None else group_size
        mean = _line(
            df, "cmp_mean", f"{comparison}, medelvärde (ovägt)", style.COMPARISON_LINE, unit
        )
        mean.customdata = _mean_hover(df, unit, size)
        # A hollow point: the mean of that year rests on fewer kommuner than the group has.
        mean.marker.symbol = ["circle-open" if 0 < int(n) < size else "circle" for n in df["cmp_n"]]
        mean.marker.line = {"width": 2, "color": style.COMPARISON}  # an open ring must show
        traces.append(mean)
    traces.append(_line(df, "value", kommun_name, style.KOMMUN_LINE, unit, status_col="status"))
    # Mark each gap of the kommun at the foot of the plot, with its reason on hover.
    gaps = [
        {
            "x": row.year,
            "y": 0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": "×",
            "showarrow": False,
            "font": {"color": style.KOMMUN, "size": 14},
            "hovertext": f"{kommun_name} {row.year}: {reason(row.status)}",
        }
        for row in rows(df[df["value"].isna()])
    ]
    years = df["year"].tolist()
    shapes, labels = break_marks(breaks, [int(y) for y in years])
    return style.figure(
        traces,
        annotations=gaps + labels,
        shapes=shapes,
        height=height,
        hovermode="x unified",
        yaxis={"title": {"text": unit}, "rangemode": "tozero", "fixedrange": True},
        xaxis={
            "dtick": 1 if len(years) <= 12 else None,
            "fixedrange": True,
            "tickformat": style.YEAR_FORMAT,
        },
    )
