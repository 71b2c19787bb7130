"""Benchmark: wall time, rows/s and peak memory of a full offline Kolada refresh (and a re-run)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import peak_rss_mb
from catalogues.settings import load_settings
from etl import runner


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings().with_overrides(db_path=Path(tmp) / "bench.duckdb")
        rss_before = peak_rss_mb()
        for label in ("first (empty DB)", "second (nothing changed)"):
            started = time.perf_counter()
            [outcome] = runner.refresh(["kolada"], settings, offline=True, show_progress=False)
            seconds = time.perf_counter() - started
            if outcome.error:
                raise SystemExit(outcome.error)
            s = outcome.result.stats
            rows = s.added + s.changed + s.unchanged
            print(
                f"kolada offline refresh, {label}: {seconds:.2f} s wall, {rows} rows "
                f"({rows / seconds:,.0f} rows/s), {s.added} added, {s.unchanged} unchanged"
            )
        size_mb = settings.db_path.stat().st_size / 1e6
        print(
            f"peak RSS {peak_rss_mb():.0f} MB (imports alone {rss_before:.0f} MB); "
            f"DB file {size_mb:.1f} MB"
        )
        print("targets: <= 10 s and <= 1 GB for the first run")


if __name__ == "__main__":
    main()
