"""One chart style: every page's figures share the palette roles, Swedish numbers and dates."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from tests.apptest import run_app
from trygghet.core import style

REPO = Path(__file__).resolve().parents[2]


def _figures(at) -> list[go.Figure]:
    return [go.Figure(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


def _kommun_colour(fig: go.Figure, name: str) -> str | None:
    for trace in fig.data:
        if trace.name == name:
            colour = getattr(trace, "line", None) and trace.line.color
            return colour or trace.marker.color
    return None


def test_config_toml_uses_the_style_colours() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert tuple(config["theme"]["chartCategoricalColors"]) == style.PALETTE
    assert config["theme"]["primaryColor"] == style.KOMMUN


def test_the_kommun_has_the_same_colour_on_brott_and_samband(app_env) -> None:
    crime = _figures(run_app("pages/crime.py", kommun="0880"))
    samband = _figures(run_app("pages/samband.py", kommun="0880"))  # Över tid
    cross = _figures(run_app("pages/samband.py", kommun="0880", flik="kommuner"))
    assert _kommun_colour(crime[0], "Kalmar") == style.KOMMUN
    assert _kommun_colour(samband[0], "Kalmar") == style.KOMMUN
    assert _kommun_colour(cross[0], "Kalmar") == style.KOMMUN  # Mellan kommuner: the point
    for fig in crime + samband + cross:
        assert fig.layout.separators == style.SEPARATORS
    # Samband's value axes group thousands like every other page ("4 000", not "4000").
    assert all(ax.tickformat == style.NUMBER_FORMAT for ax in samband[0].select_yaxes())


def test_every_page_figure_is_in_the_house_style(app_env) -> None:
    for page in ("pages/overview.py", "pages/incidents.py", "pages/school_units.py"):
        at = run_app(page, kommun="0880")
        for fig in _figures(at):
            assert fig.layout.separators == style.SEPARATORS, page
            assert fig.layout.font.family == style.FONT, page
        for el in at.get("plotly_chart"):  # no plotly template rides along on every rerun
            template = json.loads(el.proto.spec)["layout"].get("template", {})
            assert len(json.dumps(template)) < 200, page  # plotly's default is ~6 KB


def test_date_axes_speak_swedish() -> None:
    days = [date(2025, 5, 3), date(2025, 6, 9), date(2025, 10, 1)]
    axis = style.month_ticks(days)
    assert axis["ticktext"] == [
        "maj 2025",
        "jun 2025",
        "jul 2025",
        "aug 2025",
        "sep 2025",
        "okt 2025",
    ]
    assert axis["tickvals"][0] == "2025-05-01"
    many = style.month_ticks(pd.date_range("2023-01-01", "2025-12-01", freq="MS").date)
    assert len(many["ticktext"]) <= 8 and "May" not in " ".join(many["ticktext"])
