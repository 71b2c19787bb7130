"""Running the dashboard headless the way a shared link opens it: entrypoint, page, URL params."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from trygghet.indicators.catalogue import Indicator

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def run_app(page: str | None = None, **params: str) -> AppTest:
    """Run dashboard.py, switched to `page`, with the given query parameters; no exception."""
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


TOP_LINE = " · jämfört med "  # the choice in words above every page's title (sidebar.views)


def page_markdown(at: AppTest) -> list[str]:
    """The page's own Markdown texts, without the choice line that opens every page."""
    return [m.value for m in at.markdown if TOP_LINE not in m.value]


def plotly_array(raw: object) -> list:
    """An array of a chart's JSON as a list: plotly packs numeric arrays as base64 typed
    arrays ({'dtype', 'bdata'}), other arrays stay plain lists."""
    if isinstance(raw, dict) and "bdata" in raw:
        return np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"])).tolist()
    return list(raw)  # type: ignore[call-overload]


def indicator(
    kpi_id: str, label: str, unit: str, direction: str = "neutral", theme: str = ""
) -> Indicator:
    """An Indicator for a pure test, with the catalogue's words given and Kolada's left empty."""
    return Indicator(
        kpi_id=kpi_id,
        label=label,
        unit=unit,
        direction=direction,
        theme=theme,
        headline=False,
        title=label,
        description="",
        by_gender=False,
    )


def peers(db_con: Any, kommun_id: str) -> list[str]:
    """The kommun's default comparison group ("Liknande kommuner, övergripande"), itself left
    out, as the DB holds it: what a test derives the page's group figures from."""
    rows = db_con.execute(
        "SELECT member_id FROM v_default_peer_group d JOIN v_peer_groups p USING (group_id) "
        "WHERE d.municipality_id = ? AND p.member_id <> ?",
        [kommun_id, kommun_id],
    ).fetchall()
    return [r[0] for r in rows]
