"""A visitor never sees a traceback or a server path: a short Swedish message instead."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from tests.apptest import run_app

ROOT = Path(__file__).resolve().parents[2]


def test_config_hides_error_details_and_streamlits_own_table_export() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True


def test_a_failing_page_shows_a_short_swedish_message_and_logs_the_details(
    app_env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from trygghet.indicators import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure in /srv/secret/path")

    monkeypatch.setattr(views, "indicator_view", broken)  # the name the block calls
    # Its own handler: another test's logging set-up (e.g. a CLI run) may have disabled or
    # detached the logger from the root that caplog listens on.
    logger = logging.getLogger("trygghet.dashboard")
    monkeypatch.setattr(logger, "disabled", False)
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.ERROR, logger="trygghet.dashboard"):
            at = run_app("pages/crime.py", kommun="1080")
    finally:
        logger.removeHandler(caplog.handler)
    assert [e.value for e in at.error] == [
        "Sidan kunde inte visas just nu. Ladda om sidan om en stund."
    ]
    shown = " ".join(el.value for kind in ("markdown", "caption", "error") for el in at.get(kind))
    assert "/srv/secret" not in shown and "Traceback" not in shown
    logged = [r for r in caplog.records if r.name == "trygghet.dashboard"][:1]
    assert logged and "kommun" in logged[0].getMessage()
    assert logged[0].exc_info and "simulated failure" in str(logged[0].exc_info[1])
