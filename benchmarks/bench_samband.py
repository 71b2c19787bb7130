"""Time warm reruns of the Samband page (all 290 kommuner) through dashboard.py with AppTest.

Usage: python benchmarks/bench_samband.py [--runs 40] [--db data/trygghet.duckdb]
A warm rerun is what a user waits for after moving a widget whose data is already cached.
AppTest compiles dashboard.py and the page afresh on every run (a new ScriptCache per run),
which `streamlit run` does once per process; the "server-like" rows share one ScriptCache
as the server does. AppTest still adds its own overhead (protobuf walk), so all figures
are upper bounds for the script run itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentile, record_script_cpu  # noqa: E402  (after the sys.path line)

SCENARIOS: dict[str, dict[str, str]] = {
    "default (3 indicators, lag 0)": {},
    "lag 2 + control N15816": {"lag": "2", "ktrl": "N15816"},
    "indexed, base 2015": {"visning": "index", "bas": "2015"},
    "all kommuner as comparison": {"jmf": "riket"},
}


def share_script_cache() -> None:
    """Make AppTest reuse one compiled-script cache across runs, as the server does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner

    shared = ScriptCache()
    local_script_runner.ScriptCache = lambda: shared


def bench(query: dict[str, str], runs: int, script_cpu: list[float]) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/samband.py")
    for key, value in query.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"page raised: {[e.value for e in at.exception]}")
    warm = []
    script_cpu.clear()
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--db", default=str(ROOT / "data" / "trygghet.duckdb"))
    args = parser.parse_args()
    os.environ["TRYGGHET_DB"] = args.db
    import duckdb

    with duckdb.connect(args.db, read_only=True) as con:
        n = con.execute("SELECT count(*) FROM kolada_municipality WHERE type = 'K'").fetchall()[0][
            0
        ]
    print(
        f"DB {args.db}: {n} kommuner; {args.runs} warm reruns per scenario; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    script_cpu = record_script_cpu()
    for mode in ("AppTest as is", "server-like"):
        if mode == "server-like":
            share_script_cache()
        print(f"\n{mode}: wall time of at.run() and CPU time of the script thread (ms)")
        print(
            f"{'scenario':34} {'first':>6} {'p50':>6} {'p95':>6} {'max':>6} "
            f"{'cpu p50':>8} {'cpu p95':>8}"
        )
        for name, query in SCENARIOS.items():
            cold, warm = bench(query, args.runs, script_cpu)
            ms = [w * 1000 for w in warm]
            cpu = [c * 1000 for c in script_cpu]
            print(
                f"{name:34} {cold * 1000:6.0f} {statistics.median(ms):6.0f} "
                f"{percentile(ms, 0.95):6.0f} {max(ms):6.0f} "
                f"{statistics.median(cpu):8.0f} {percentile(cpu, 0.95):8.0f}"
            )


if __name__ == "__main__":
    main()
