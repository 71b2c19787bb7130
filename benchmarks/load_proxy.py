"""One dashboard process against N behind HAProxy (deploy/serve-many.sh), same load, same run.

Usage: python benchmarks/load_proxy.py [--procs 1,2] [--sessions 8] [--duration 60]
                                       [--think 0 --jitter 0.5] [--kommuner 0880,0881,...]

For each process count it starts deploy/serve-many.sh on free loopback ports over a private
copy of the DB, runs benchmarks/load.py's sessions through the proxy, prints reruns/s, p50/p95,
failed runs and the RSS/CPU of the dashboard processes plus HAProxy, stops it, and at the end
prints each count's reruns/s relative to the first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import load  # noqa: E402 (after the path set-up above)
from benchmarks.load import LoadPlan, LoadReport, run_load  # noqa: E402
from benchmarks.stclient import dashboard_pages  # noqa: E402


def serve_and_load(n: int, db: Path, plan: LoadPlan, work: Path, warmup: float) -> LoadReport:
    """Start `serve-many.sh n`, wait until HAProxy sees all n processes, load it, stop it.

    `warmup` seconds of the same load go first, unmeasured (caches filled, imports done)."""
    port, base = load.free_port(), load.free_base(n)
    run = work / f"run{n}"
    env = {
        **os.environ,
        "TRYGGHET_DB": str(db),
        "TRYGGHET_PORT": str(port),
        "TRYGGHET_BASE_PORT": str(base),
        "TRYGGHET_RUN_DIR": str(run),
    }
    with (work / f"serve{n}.out").open("wb") as out:
        proc = subprocess.Popen(
            [str(REPO / "deploy" / "serve-many.sh"), str(n)], env=env, stdout=out, stderr=out
        )
    try:
        for i in range(1, n + 1):
            load.wait_healthy(f"http://127.0.0.1:{base + i}", proc=proc)
        load.wait_healthy(f"http://127.0.0.1:{port}", proc=proc)
        want = f"{n} active and 0 backup servers online"
        deadline = time.monotonic() + 30
        while want not in (run / "haproxy.log").read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy never saw {n} servers up")
            time.sleep(0.3)
        pids = [int((run / f"st{i}.pid").read_text()) for i in range(1, n + 1)]
        pids.append(int((run / "haproxy.pid").read_text()))
        url = f"http://127.0.0.1:{port}"
        if warmup:
            run_load(url, LoadPlan(**{**plan.__dict__, "duration": warmup, "seed": 99}))
        return run_load(url, plan, pids, f"{n} process(es) behind HAProxy")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", default="1,2")
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--jitter", type=float, default=0.5)
    parser.add_argument("--kommuner", default="", help="comma-separated ids (default: all 290)")
    parser.add_argument("--ramp", type=float, default=0.0, help="start sessions over S seconds")
    parser.add_argument("--warmup", type=float, default=0.0, help="unmeasured seconds first")
    args = parser.parse_args()

    from catalogues.settings import load_settings

    source = load_settings().db_path.resolve()
    if not source.exists():
        print(f"{source} is missing: build it with `python -m etl refresh --offline`")
        return 1
    kommuner = args.kommuner.split(",") if args.kommuner else load.kommun_ids(source)
    plan = LoadPlan(
        dashboard_pages(), kommuner, args.sessions, args.duration, None, args.think, args.jitter,
        ramp=args.ramp,
    )  # fmt: skip
    print(
        f"sessions {plan.sessions}, {plan.duration:.0f} s per count, think {plan.think} s "
        f"±{plan.jitter:.0%}, {len(kommuner)} kommuner, {os.cpu_count()} cores"
    )
    work = Path(tempfile.mkdtemp(prefix="trygghet-proxy-"))
    db = work / "trygghet.duckdb"
    shutil.copyfile(source, db)
    rates: list[tuple[int, float]] = []
    try:
        for n in [int(x) for x in args.procs.split(",")]:
            report = serve_and_load(n, db, plan, work, args.warmup)
            print("\n".join(report.lines()))
            rates.append((n, len(report.ok_times) / report.wall))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for n, rate in rates[1:]:
        print(f"{n} processes / {rates[0][0]}: {rate / rates[0][1]:.2f}x reruns/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
