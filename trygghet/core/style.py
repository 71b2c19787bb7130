"""The one chart style: palette with fixed roles, Swedish numbers and dates, layout, plot config.

Every figure of the dashboard is built with `figure()` (or passed through `apply()`), so a
change of style is one change here. The categorical colours equal `chartCategoricalColors` in
.streamlit/config.toml (a test keeps them equal), which Streamlit uses where a chart does not
name its colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from catalogues.swedish import MONTHS as MONTH_NAMES
from catalogues.swedish import SHORT_MONTHS
from trygghet.core.format import NBSP, esc

# Okabe-Ito's hues (colour-blind safe), the light ones darkened so that every colour has a
# contrast of at least 3:1 against the white background (WCAG 1.4.11; tests/core/test_contrast.py):
# orange #E69F00 -> #B36200, sky blue #56B4E9 -> #2E86C1, vermillion #D55E00 -> #9A2E00 (kept
# apart from the darker orange under deuteranopia), yellow #F0E442 -> olive #6E6A00. The order
# is config.toml's.
PALETTE = ("#0072B2", "#B36200", "#009E73", "#CC79A7", "#2E86C1", "#9A2E00", "#6E6A00", "#000000")
BACKGROUND = "#FFFFFF"
# Fixed roles: the kommun is the same blue solid thick line on every page.
KOMMUN = PALETTE[0]
COMPARISON = PALETTE[1]  # the comparison group's mean (dashed)
RIKET = PALETTE[7]  # dotted
BAND_OUTER = "rgba(150,150,150,0.18)"  # all kommuner, 10th-90th percentile
BAND_INNER = "rgba(120,120,120,0.32)"  # all kommuner, 25th-75th percentile
OTHERS = "rgba(120,120,120,0.45)"  # the other kommuner as points
FIT = "#333333"  # a fitted line
REFERENCE = "#767676"  # a reference line such as index = 100 (4.5:1 on white)
NO_DATA = "#dddddd"  # a kommun without a value on a map
OUTLINE = "#222222"
GRID = "rgba(0,0,0,0.08)"
MUTED_TEXT = "#555555"
# Axis, legend and colour-bar text: Streamlit's chart theme draws ticks in a grey of 3.7:1 on
# white; this is 7.5:1 (WCAG 1.4.3 asks 4.5:1 for text; tests/test_contrast.py checks it).
AXIS_TEXT = MUTED_TEXT
TEXT = "#31333F"  # Streamlit's own body text colour (12.6:1)
SEQUENTIAL = "Blues"  # one-hue scale for counts and rates on maps and heat maps
# Polisen's notice categories: Okabe-Ito fills, and a hatch pattern wherever two fills would
# look alike under deuteranopia (våld/skadegörelse, hot/övrigt, ...): tests/core/test_contrast.py
# simulates it and requires a different pattern for every pair closer than CVD_MIN_DISTANCE.
CATEGORY_COLOURS = {
    "våld": "#D55E00",
    "hot": "#CC79A7",
    "stöld och inbrott": "#0072B2",
    "skadegörelse": "#E69F00",
    "narkotika": "#009E73",
    "trafik": "#56B4E9",
    "brand": "#F0E442",
    "ordning": "#000000",
    "sammanfattning": "#DDCC77",
    "övrigt": "#999999",
}
CATEGORY_PATTERNS = {
    "våld": "",
    "hot": "",
    "stöld och inbrott": "",
    "skadegörelse": "/",
    "narkotika": "\\",
    "trafik": ".",
    "brand": "x",
    "ordning": "",
    "sammanfattning": "-",
    "övrigt": "x",
}
CVD_MIN_DISTANCE = 20.0  # CIELAB distance under simulated deuteranopia that still tells apart
KOMMUN_LINE = {"color": KOMMUN, "width": 3.5}
COMPARISON_LINE = {"color": COMPARISON, "width": 2, "dash": "dash"}
RIKET_LINE = {"color": RIKET, "width": 2, "dash": "dot"}

FONT = "sans-serif"
SEPARATORS = "," + NBSP  # decimal comma, no-break space between thousands: "4 000,5"
NUMBER_FORMAT = ",~f"  # d3 format: thousands grouped (with SEPARATORS), no trailing zeros
YEAR_FORMAT = "d"  # a year is a label, not a number: "2015", never "2 015"
MARGIN = {"l": 8, "r": 8, "t": 8, "b": 8}
# The legend sits under the plot: above it, it collides with titles and the mode bar on phones.
LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
MONTHS = SHORT_MONTHS  # the axis labels: "maj 2025"

# Plotly speaks English (mode-bar titles, month names) and Streamlit loads no other locale, but
# a plot's config may carry its own locale dictionary: these are the strings our charts can show
# (translations as in plotly.js's own dist/locales/sv.js, where one exists).
SV_LOCALE: dict[str, Any] = {
    "dictionary": {
        "Autoscale": "Autoskala",
        "Box Select": "Välj rektangel",
        "Compare data on hover": "Jämför data när muspekaren hålls över",
        "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
        "Download plot": "Ladda ner diagram",
        "Download plot as a PNG": "Ladda ner diagram som PNG",
        "Download plot as a png": "Ladda ner diagram som PNG",
        "Lasso Select": "Välj lasso",
        "Pan": "Panorera",
        "Produced with Plotly.js": "Skapad med Plotly.js",
        "Reset": "Återställ",
        "Reset axes": "Återställ axlar",
        "Reset view": "Återställ vy",
        "Reset views": "Återställ vyer",
        "Show closest data on hover": "Visa närmaste värde när muspekaren hålls över",
        "Snapshot succeeded": "Bilden är sparad",
        "Sorry, there was a problem downloading your snapshot!": "Bilden kunde inte laddas ner.",
        "Taking snapshot - this may take a few seconds": "Sparar bilden, det kan ta några sekunder",
        "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
        "Toggle show closest data on hover": "Visa eller dölj närmaste värde",
        "Zoom": "Zooma",
        "Zoom in": "Zooma in",
        "Zoom out": "Zooma ut",
        "trace": "serie",
        "new text": "ny text",
    },
    "format": {
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": list(MONTH_NAMES),
        "shortMonths": list(MONTHS),
        "date": "%Y-%m-%d",
        "decimal": ",",
        "thousands": NBSP,
    },
}

# The one plot config: Swedish, no plotly logo, no zoom tools that trap a phone's scrolling.
PLOT_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoom2d", "pan2d"],
    "locale": "sv",
    "locales": {"sv": SV_LOCALE},
}
# Small charts (sparklines) show no mode bar at all.
STATIC_CONFIG: dict[str, Any] = {**PLOT_CONFIG, "displayModeBar": False}

# Set on the axes themselves: the chart theme's template names its own axis colours, which a
# layout-wide font colour would not override.
_AXIS_TEXT: dict[str, Any] = {
    "tickfont": {"color": AXIS_TEXT},
    "title": {"font": {"color": AXIS_TEXT}},
}

LAYOUT: dict[str, Any] = {
    # No plotly template: Streamlit's chart theme styles the figure in the browser, and the
    # default template is nine tenths of a small figure's JSON, copied and serialised on every
    # rerun by st.plotly_chart (4.6 ms against 0.3 ms for a 16-point line, measured here).
    "template": "none",
    "separators": SEPARATORS,
    "font": {"family": FONT, "color": TEXT},
    "margin": MARGIN,
    "legend": {**LEGEND, "font": {"color": TEXT}},
    "plot_bgcolor": "white",
    "colorway": list(PALETTE),
    "hoverlabel": {"namelength": -1},
    # x axes are years, dates or categories as often as numbers: each chart says which.
    "yaxis": {"gridcolor": GRID, "tickformat": NUMBER_FORMAT, **_AXIS_TEXT},
    "xaxis": dict(_AXIS_TEXT),
}


def merged(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """`top` over `base`, nested dicts merged key by key (as plotly's update_layout does)."""
    out = dict(base)
    for key, value in top.items():
        below = out.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            out[key] = merged(below, value)
        else:
            out[key] = value
    return out


def apply(fig: go.Figure, **layout: Any) -> go.Figure:
    """Give a figure made elsewhere (make_subplots) the house layout, `layout` on top."""
    fig.update_layout(merged(LAYOUT, layout))
    # Subplots have axes beyond the first (xaxis2, yaxis2): they get the same legible text.
    fig.update_xaxes(**_AXIS_TEXT)
    fig.update_yaxes(**_AXIS_TEXT)
    _swedish_unified_hover(fig)
    return fig


def _swedish_unified_hover(fig: go.Figure) -> None:
    """'Kalmar: 914,1' in a unified hover label, where plotly writes 'Kalmar : 914,1'.

    Swedish puts no space before a colon; plotly joins a trace's name and text with ' : '
    unless the template names its own <extra>. So the name moves into the template.
    """
    if "unified" not in str(fig.layout.hovermode or ""):
        return
    for trace in fig.data:
        template = getattr(trace, "hovertemplate", None)
        if not template or "<extra>" in template or trace.hoverinfo == "skip":
            continue
        name = f"{esc(trace.name)}: " if trace.name else ""
        trace.hovertemplate = f"{name}{template}<extra></extra>"


def figure(data: Sequence[Any] | None = None, **layout: Any) -> go.Figure:
    """A new figure in the house style (traces in `data`, chart-specific layout on top).

    Built in one go: constructing a figure with its whole layout costs a tenth of making it
    and then updating its layout twice (1 ms against 10 ms for a card's mini chart).
    """
    fig = go.Figure(data=list(data or []), layout=merged(LAYOUT, layout))
    _swedish_unified_hover(fig)
    return fig


def month_label(day: date) -> str:
    """'maj 2025': Swedish month names, since plotly's date axes speak English."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_ticks(days: Iterable[date], most: int = 8) -> dict[str, Any]:
    """A date axis with Swedish month labels: at most `most` ticks on month starts.

    Plotly formats dates with its English locale (and Streamlit loads no other), so the
    ticks are placed and labelled here instead.
    """
    present = sorted({date(d.year, d.month, 1) for d in days})
    if not present:
        return {"type": "date"}
    first, last = present[0], present[-1]
    months = [
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range((last.year - first.year) * 12 + last.month - first.month + 1)
    ]
    step = max(1, -(-len(months) // most))  # ceiling division
    shown = months[::step]
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": [m.isoformat() for m in shown],
        "ticktext": [month_label(m) for m in shown],
    }
