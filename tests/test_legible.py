"""Legible for everyone: the choice at the top of every page, Händelser outside the loaded län."""

from __future__ import annotations

from tests.apptest import run_app
from trygghet.sidebar.views import W_TOP_JMF, W_TOP_KOMMUN


def _top_line(at) -> str:
    return next(m.value for m in at.markdown if "jämfört med" in m.value)


def test_the_top_line_names_kommun_comparison_and_years(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", fran="2012", till="2020")
    line = _top_line(at)
    assert line.startswith("**Kalmar** · jämfört med liknande kommuner (")
    assert line.endswith("2012\u2060–\u20602020")


def test_choosing_at_the_top_changes_the_kommun_and_the_url(app_env) -> None:
    at = run_app("pages/crime.py", kommun="0880", jmf="liknande", fran="2012", till="2020")
    at.selectbox(key=W_TOP_KOMMUN).set_value("1080").run()
    assert not at.exception
    assert at.query_params["kommun"] == "1080"
    assert at.query_params["fran"] == "2012"  # the years stay
    assert _top_line(at).startswith("**Karlskrona** · jämfört med")
    assert at.selectbox(key="w_kommun").value == "1080"  # the sidebar agrees
    at.radio(key=W_TOP_JMF).set_value("lan").run()
    assert at.query_params["jmf"] == "lan"
    assert "övriga kommuner i Region Blekinge" in _top_line(at)


def test_haendelser_outside_the_loaded_laen_names_it_and_how_to_load_another(app_env) -> None:
    at = run_app("pages/incidents.py", kommun="0180")
    notice = next(w.value for w in at.warning if "Stockholm" in w.value)
    assert "Kalmar län (08)" in notice  # the län that is loaded
    assert "Stockholms län" in notice  # where the chosen kommun is
    assert "TRYGGHET_COUNTY" in notice and "`all`" in notice
    assert "visar Kalmar" in notice
