"""The load client's rules: loopback only, the dashboard's pages, what counts as a failed run."""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.stclient import Session, _problem, dashboard_pages, require_loopback


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://localhost:1", "ws://[::1]:2"])
def test_loopback_urls_are_allowed(url):
    require_loopback(url)


@pytest.mark.parametrize("url", ["http://10.0.0.1:8501", "http://192.0.2.7", "http://0.0.0.0:1"])
def test_anything_else_is_refused_before_any_connection(url):
    with pytest.raises(ValueError, match=r"not a loopback address"):
        Session(url)


def test_pages_are_the_eleven_of_dashboard_py_with_the_default_on_the_bare_url():
    pages = dashboard_pages()
    assert len(pages) == 11
    assert pages[0] == ""  # Översikt, default=True
    assert {"crime", "samband", "incidents", "about"} <= set(pages)


def _element(kind: str) -> ForwardMsg:
    msg = ForwardMsg()
    element = msg.delta.new_element
    if kind == "exception":
        element.exception.type = "ConnectionException"
        element.exception.message = "Connection already closed!"
    elif kind == "error":
        element.alert.format = Alert.ERROR
        element.alert.body = "Databasen kunde inte öppnas: IOException"
    elif kind == "warning":
        element.alert.format = Alert.WARNING
        element.alert.body = "Okänd kommun, visar Kalmar"
    else:
        element.markdown.body = "text"
    return msg


def test_an_exception_or_an_error_box_fails_the_run_and_a_warning_does_not():
    assert "ConnectionException" in (_problem(_element("exception")) or "")
    assert "Databasen kunde inte öppnas" in (_problem(_element("error")) or "")
    assert _problem(_element("warning")) is None
    assert _problem(_element("markdown")) is None


def test_an_unknown_page_or_a_compile_error_fails_the_run():
    missing = ForwardMsg()
    missing.page_not_found.page_name = "nope"
    assert _problem(missing) == "page not found"
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
    assert _problem(finished)
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert _problem(finished) is None
