"""The server settings that keep a long-lived dashboard process fast (README, "Running for many
visitors"): no forced full garbage collection after every page run, no file watcher, and what
the process loaded by its first page run frozen out of the collector's full passes."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[2]


def test_config_turns_off_the_forced_gc_and_the_file_watcher() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"
    # The names are Streamlit's own options (a misspelt key would be ignored silently).
    options = st_config.get_config_options()
    assert {"runner.postScriptGC", "server.fileWatcherType"} <= set(options)


FREEZE_TWICE = """
import gc
from trygghet.core.heap import freeze_once
assert gc.get_freeze_count() == 0
freeze_once()
first = gc.get_freeze_count()
later = [[i] for i in range(10_000)]  # made after the freeze: stays with the collector
freeze_once()
print(first, gc.get_freeze_count(), gc.is_tracked(later[0]))
"""


def test_the_heap_is_frozen_once_per_process() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FREEZE_TWICE], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    first, second, tracked = done.stdout.split()
    assert int(first) > 1000 and int(second) == int(first) and tracked == "True"
