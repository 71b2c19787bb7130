"""Benchmark: applying the Polisen snapshot (time, memory) and the Händelser page's warm reruns."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import peak_rss_mb, percentile  # noqa: E402  (after the sys.path line)
from catalogues.settings import load_settings  # noqa: E402  (after the sys.path line)
from etl import runner  # noqa: E402  (after the sys.path line)


def bench_etl(db: Path, trace: bool) -> None:
    """polisen offline refresh twice (empty DB, then the same polls again).

    Peak RSS comes from getrusage; tracemalloc (--tracemalloc) slows the Python parsing
    loop many times over, so its run is separate and its wall time is not a speed figure.
    """
    settings = load_settings().with_overrides(db_path=db)
    rss_before = peak_rss_mb()
    for label in ("first (empty DB)", "second (same polls again)"):
        started = time.perf_counter()
        [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
        seconds = time.perf_counter() - started
        if outcome.error:
            raise SystemExit(outcome.error)
        s = outcome.result.stats
        print(
            f"polisen offline, {label}: {seconds:.2f} s wall for {outcome.result.requests} files "
            f"(archive + responses), {s.added} added, {s.changed} changed, {s.unchanged} unchanged"
        )
    print(
        f"peak RSS {peak_rss_mb():.0f} MB (before the runs {rss_before:.0f} MB); "
        f"DB file {db.stat().st_size / 1e6:.1f} MB"
    )
    if trace:
        db.unlink()
        tracemalloc.start()
        [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"tracemalloc: Python allocations peak {peak / 1e6:.1f} MB during a first run")


def bench_page(db: Path, runs: int) -> None:
    """The page's first run, then warm reruns (cached queries) via AppTest: p50/p95."""
    from streamlit.testing.v1 import AppTest

    os.environ["TRYGGHET_DB"] = str(db)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/incidents.py")
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    if at.exception:
        raise SystemExit([e.value for e in at.exception])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    p95 = percentile(times, 0.95)
    print(
        f"Händelser page via AppTest: first run {cold:.2f} s (imports, queries, GeoJSON); "
        f"warm reruns over {runs}: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(times):.0f} ms (target p95 <= 200 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument(
        "--page-db",
        help="DB for the page benchmark (default: data/trygghet.duckdb); "
        "the page needs Kolada tables too",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_etl(Path(tmp) / "bench.duckdb", args.tracemalloc)
    page_db = Path(args.page_db) if args.page_db else load_settings().db_path
    if not page_db.exists():
        raise SystemExit(f"{page_db} is missing: run `python -m etl refresh --offline` first")
    bench_page(page_db, args.runs)


if __name__ == "__main__":
    main()
