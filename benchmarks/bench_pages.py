"""Time each dashboard page through AppTest: first cold run and warm reruns (p50/p95).

Usage: python benchmarks/bench_pages.py [--runs 30] [--kommun 0880] [page.py[?k=v&...] ...]
Reads the DB from TRYGGHET_DB (default data/trygghet.duckdb). Targets: warm p95 <= 150 ms per
page, cold first page <= 3 s. Times are wall-clock time of AppTest.run(), which executes the
page script in-process (server-side time, no browser or network); "cpu" is the CPU time
of the script thread alone, which a busy machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_PAGES = [
    "pages/overview.py",
    "pages/crime.py",
    "pages/crime.py?vy=karta",  # the map of all 290 kommuner, latest year
    "pages/crime.py?vy=jamfor",  # the comparison group ranked
    "pages/safety.py?vy=karta&kpi=N07609",  # a map with grey kommuner (no value)
    "pages/safety.py",
    "pages/school.py",
    "pages/school_units.py",
    "pages/youth.py",
    "pages/samband.py",
    "pages/samband.py?flik=forvantat",  # the structural model's tab (issue 20)
    "pages/programme.py",
    "pages/incidents.py",
    "pages/about.py",
    "pages/accessibility.py",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--kommun", default="0880")
    args = parser.parse_args()

    from benchmarks.common import percentile, record_script_cpu
    from catalogues.settings import load_settings

    db = load_settings().db_path
    if not db.exists():
        print(f"{db} is missing: build it with `python -m etl refresh --offline`")
        return 1
    t0 = time.perf_counter()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    imports = time.perf_counter() - t0

    cpu = record_script_cpu()

    print(f"DB {db}  kommun {args.kommun}  warm runs per page {args.runs}")
    print(
        f"{'page':40} {'cold ms':>9} {'warm p50':>9} {'warm p95':>9} {'max':>8} "
        f"{'cpu p50':>8} {'cpu p95':>8}"
    )
    first = True
    for page in args.pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
        at.query_params["kommun"] = args.kommun
        path, _, query = page.partition("?")
        for pair in filter(None, query.split("&")):
            key, _, value = pair.partition("=")
            at.query_params[key] = value
        at.switch_page(path)
        t = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t + (imports if first else 0.0)
        if at.exception:
            print(f"{page:40} EXCEPTION {at.exception[0].value}")
            continue
        warm = []
        cpu.clear()
        for _ in range(args.runs):
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        ms = [w * 1000 for w in warm]
        cpu_ms = [c * 1000 for c in cpu] or [float("nan")]
        note = " (first page: incl. imports)" if first else ""
        print(
            f"{page:40} {cold * 1000:9.0f} {statistics.median(ms):9.1f} "
            f"{percentile(ms, 0.95):9.1f} {max(ms):8.1f} {statistics.median(cpu_ms):8.1f} "
            f"{percentile(cpu_ms, 0.95):8.1f}{note}"
        )
        first = False
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
