"""The server settings that keep a long-lived dashboard process fast (README, "Running for many
visitors"): no forced full garbage collection after every page run, no file watcher."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[1]


def test_config_turns_off_the_forced_gc_and_the_file_watcher() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"
    # The names are Streamlit's own options (a misspelt key would be ignored silently).
    options = st_config.get_config_options()
    assert {"runner.postScriptGC", "server.fileWatcherType"} <= set(options)
