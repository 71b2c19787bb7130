"""Load the dashboard over Streamlit's websocket protocol and print reruns/s, p50/p95, errors,
and the server's RSS and CPU.

Usage:
  python benchmarks/load.py [--sessions 10] [--duration 60] [--max-runs N] [--think 0 --jitter 0.5]
                            [--url http://127.0.0.1:8501 --pids 123,456]   # a running server/proxy
                            [--worktree DIR]                               # or start one from DIR
                            [--compare REV]            # this tree vs REV, alternating, same run
                            [--swap-every S [--swap-with copy|etl]]        # DB swaps during load
                            [--ageing 3000]            # warm rerun when fresh vs after N reruns

Each session is one websocket (like a browser tab); it asks for a random page of dashboard.py
with a random kommun (?kommun=XXXX, from v_municipalities), waits for script_finished,
optionally thinks, and goes on until --duration or --max-runs. A run fails when a ForwardMsg
carries an exception or an error box, the page is not found, the script ends with an error
status, the connection drops or no script_finished comes within 60 s. A dropped session is
reopened (a visitor reloading). Without --url the script starts its own server(s) on free
loopback ports, on a private copy of the DB; only loopback addresses are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile  # noqa: E402 (after the path set-up above)
from benchmarks.stclient import RunResult, Session, dashboard_pages, require_loopback  # noqa: E402


def kommun_ids(db: Path) -> list[str]:
    """All kommuner in the DB (type K), the ids a visitor can pick."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql(
            "SELECT municipality_id FROM v_municipalities WHERE municipality_type = 'K' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_base(count: int) -> int:
    """A port number B with B+1..B+count free (the launcher puts process i on B+i)."""
    for _ in range(100):
        base = free_port()
        try:
            for port in range(base + 1, base + count + 1):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except (OSError, OverflowError):
            continue
        return base
    raise RuntimeError(f"no {count} consecutive free ports")


def wait_healthy(
    url: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    """Poll /_stcore/health until it answers ok (or fail with the reason)."""
    require_loopback(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {proc.returncode}")
        with suppress(OSError), urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f} s")


@dataclass
class Server:
    """A dashboard process this script started (and stops)."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start_server(
    worktree: Path, db: Path, port: int | None = None, log_dir: Path | None = None
) -> Server:
    """Start `streamlit run dashboard.py` from `worktree` on loopback, reading `db`."""
    port = port or free_port()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="trygghet-load-"))
    log = log_dir / f"streamlit-{port}.log"
    env = {**os.environ, "TRYGGHET_DB": str(db.resolve())}
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=worktree, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_healthy(server.url, proc=proc)
    except BaseException:
        server.stop()
        raise
    return server


class Swapper:
    """Replace the DB file while the load runs, the way the ETL does: a full copy to <db>.tmp,
    then os.replace over the live file (or a real `python -m etl refresh polisen --offline`)."""

    def __init__(self, db: Path, every: float, how: str = "copy", worktree: Path = REPO) -> None:
        self.db, self.every, self.how, self.worktree = db, every, how, worktree
        self.swaps = 0
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def swap_once(self) -> None:
        if self.how == "etl":
            cmd = [sys.executable, "-m", "etl", "refresh", "polisen", "--offline"]
            cmd += ["--db", str(self.db)]
            done = subprocess.run(
                cmd, cwd=self.worktree, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                self.errors.append(done.stdout[-300:] + done.stderr[-300:])
                return
        else:
            tmp = self.db.with_name(self.db.name + ".tmp")
            shutil.copyfile(self.db, tmp)  # copyfile, not copy2: the new file has a new mtime
            os.replace(tmp, self.db)
        self.swaps += 1

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.swap_once()

    def __enter__(self) -> Swapper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class ServerStats:
    """RSS and CPU of the server processes: CPU as % of one core over the window, RSS sampled."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(p) for p in pids]
        self.rss_max = 0
        self._cpu0 = self._cpu()
        self._t0 = time.monotonic()
        self.cpu_pct = 0.0
        self.cpu_seconds = 0.0
        self.rss_end = 0

    def _cpu(self) -> float:
        total = 0.0
        for p in self.procs:
            with suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total

    def rss(self) -> int:
        total = 0
        for p in self.procs:
            with suppress(psutil.Error):
                total += p.memory_info().rss
        return total

    def sample(self) -> None:
        self.rss_max = max(self.rss_max, self.rss())

    def finish(self) -> None:
        self.sample()
        self.rss_end = self.rss()
        wall = time.monotonic() - self._t0
        self.cpu_seconds = self._cpu() - self._cpu0
        self.cpu_pct = 100 * self.cpu_seconds / wall if wall > 0 else 0.0


@dataclass
class LoadReport:
    """Everything one load run measured."""

    label: str
    wall: float = 0.0
    results: list[RunResult] = field(default_factory=list)
    sessions_opened: int = 0
    open_errors: list[str] = field(default_factory=list)
    stats: ServerStats | None = None
    swaps: int = 0
    client_cpu_pct: float = 0.0  # this load client's own CPU: it shares the machine's cores
    loadavg: float = 0.0  # the machine's 1-minute load average at the end (other users' work)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.error]

    @property
    def ok_times(self) -> list[float]:
        return [r.seconds for r in self.results if not r.error]

    def lines(self) -> list[str]:
        ok = self.ok_times
        rate = len(ok) / self.wall if self.wall else 0.0
        p50 = percentile(ok, 0.5) * 1000 if ok else float("nan")
        p95 = percentile(ok, 0.95) * 1000 if ok else float("nan")
        out = [
            f"{self.label}: {len(self.results)} runs, {len(self.failed)} failed, "
            f"{rate:.1f} reruns/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms "
            f"({self.wall:.0f} s, {self.sessions_opened} sessions opened"
            + (f", {self.swaps} DB swaps" if self.swaps else "")
            + ")"
        ]
        if self.stats is not None:
            out.append(
                f"  server: cpu {self.stats.cpu_pct:.0f} % of one core "
                f"({1000 * self.stats.cpu_seconds / max(1, len(self.results)):.0f} ms per run), "
                f"rss {self.stats.rss_end / 2**20:.0f} MB "
                f"(max {self.stats.rss_max / 2**20:.0f} MB); "
                f"load client cpu {self.client_cpu_pct:.0f} %; machine load {self.loadavg:.1f}"
            )
        for r in self.failed[:5]:
            out.append(f"  failed: {r.page or '(default)'}?{r.query}: {r.error}")
        for e in self.open_errors[:3]:
            out.append(f"  could not open a session: {e}")
        return out


@dataclass
class LoadPlan:
    """What each session does: which pages and kommuner, how long it thinks, when it stops."""

    pages: list[str]
    kommuner: list[str]
    sessions: int = 10
    duration: float = 60.0
    max_runs: int | None = None
    think: float = 0.0
    jitter: float = 0.5
    seed: int = 1
    ramp: float = 0.0  # session i starts at i * ramp / sessions: visitors arrive, not all at once


async def _session_loop(
    url: str, plan: LoadPlan, rng: random.Random, deadline: float, report: LoadReport,
    budget: list[int], delay: float,
) -> None:  # fmt: skip
    session: Session | None = None
    await asyncio.sleep(delay)
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            if session is None or session.closed:
                session = Session(url)
                try:
                    await session.open()
                    report.sessions_opened += 1
                except Exception as exc:
                    report.open_errors.append(f"{type(exc).__name__}: {exc}")
                    session = None
                    await asyncio.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                    continue
            budget[0] -= 1
            page = rng.choice(plan.pages)
            query = f"kommun={rng.choice(plan.kommuner)}"
            report.results.append(await session.run(page, query))
            if plan.think > 0:
                pause = plan.think * rng.uniform(1 - plan.jitter, 1 + plan.jitter)
                await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))
    finally:
        if session is not None:
            with suppress(Exception):
                await session.close()


async def _sampler(stats: ServerStats, stop: asyncio.Event) -> None:
    while not stop.is_set():
        stats.sample()
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run_load_async(
    url: str, plan: LoadPlan, pids: list[int] | None = None, label: str | None = None
) -> LoadReport:
    """Run `plan.sessions` sessions against `url` until the duration or run budget is spent."""
    require_loopback(url)
    report = LoadReport(label or url)
    stats = ServerStats(pids) if pids else None
    budget = [plan.max_runs if plan.max_runs is not None else 10**9]
    start = time.monotonic()
    cpu0 = time.process_time()
    deadline = start + plan.duration
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sampler(stats, stop)) if stats else None
    await asyncio.gather(
        *(
            _session_loop(
                url,
                plan,
                random.Random(plan.seed * 1000 + i),
                deadline,
                report,
                budget,
                i * plan.ramp / plan.sessions,
            )
            for i in range(plan.sessions)
        )
    )
    report.wall = time.monotonic() - start
    report.client_cpu_pct = 100 * (time.process_time() - cpu0) / report.wall
    report.loadavg = os.getloadavg()[0]
    stop.set()
    if sampler is not None:
        await sampler
    if stats is not None:
        stats.finish()
        report.stats = stats
    return report


def run_coroutine(coro: Any) -> Any:
    """asyncio.run in a thread of its own.

    A caller may already run an event loop in its thread (pytest after a test that used
    Playwright's sync API does), and asyncio.run refuses to start inside one.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed back to the caller below
            box["error"] = exc

    thread = threading.Thread(target=target, name="load-client")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def run_load(
    url: str, plan: LoadPlan, pids: list[int] | None = None, label: str | None = None
) -> LoadReport:
    report: LoadReport = run_coroutine(run_load_async(url, plan, pids, label))
    return report


@contextmanager
def temporary_worktree(rev: str) -> Iterator[Path]:
    """A detached `git worktree add` of REV in a temporary directory, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="trygghet-compare-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=REPO, check=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=REPO, check=False)
        shutil.rmtree(path.parent, ignore_errors=True)


def ageing(server: Server, plan: LoadPlan, total: int) -> None:
    """Warm reruns of a fixed rotation on a fresh server, then after `total` reruns, again.

    The probe is warmed again before it is measured the second time: the caches are bounded,
    so the churn evicts the probe's entries, and a cold rerun is not what ageing means."""
    probe = LoadPlan(plan.pages, plan.kommuner[:5], sessions=1, duration=600, max_runs=100)
    churn = LoadPlan(plan.pages, plan.kommuner, sessions=4, duration=3600, max_runs=total)
    run_load(server.url, probe)  # warm the caches for the probe's pages and kommuner
    print("\n".join(run_load(server.url, probe, [server.pid], "fresh server, warm").lines()))
    print("\n".join(run_load(server.url, churn, [server.pid], f"{total} random reruns").lines()))
    run_load(server.url, probe)  # warm again: the churn evicted the probe's cache entries
    print("\n".join(run_load(server.url, probe, [server.pid], f"after {total}, warm").lines()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (a hard bound)")
    parser.add_argument("--max-runs", type=int, help="stop after this many runs in total")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time, seconds")
    parser.add_argument("--jitter", type=float, default=0.5, help="think time ± this fraction")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ramp", type=float, default=0.0, help="start sessions over S seconds")
    parser.add_argument("--url", help="a running server or proxy (loopback only)")
    parser.add_argument("--pids", default="", help="comma-separated server pids for RSS/CPU")
    parser.add_argument("--worktree", type=Path, default=REPO, help="tree to start a server from")
    parser.add_argument("--db", type=Path, help="DB file (default: TRYGGHET_DB or data/...)")
    parser.add_argument("--compare", metavar="REV", help="also start REV and alternate the load")
    parser.add_argument("--rounds", type=int, default=6, help="alternations with --compare")
    parser.add_argument("--swap-every", type=float, help="swap the DB file every S seconds")
    parser.add_argument("--swap-with", choices=["copy", "etl"], default="copy")
    parser.add_argument("--ageing", type=int, metavar="N", help="compare before/after N reruns")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--kommuner", default="", help="comma-separated ids (default: all 290)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up in logs as it happens

    from catalogues.settings import load_settings

    source_db = (args.db or load_settings().db_path).resolve()
    if not source_db.exists():
        print(f"{source_db} is missing: build it with `python -m etl refresh --offline`")
        return 1
    pages = args.pages.split(",") if args.pages else dashboard_pages(args.worktree)
    kommuner = args.kommuner.split(",") if args.kommuner else kommun_ids(source_db)
    plan = LoadPlan(
        pages, kommuner, args.sessions, args.duration, args.max_runs,
        args.think, args.jitter, args.seed, args.ramp,
    )  # fmt: skip
    print(
        f"sessions {plan.sessions}, duration {plan.duration:.0f} s, max runs {plan.max_runs}, "
        f"think {plan.think} s ±{plan.jitter:.0%}, {len(pages)} pages, "
        f"{len(plan.kommuner)} kommuner"
    )

    if args.url:
        pids = [int(p) for p in args.pids.split(",") if p]
        swapper = Swapper(source_db, args.swap_every, args.swap_with) if args.swap_every else None
        with swapper or nullcontext():
            report = run_load(args.url, plan, pids or None)
        report.swaps = swapper.swaps if swapper else 0
        print("\n".join(report.lines()))
        return 0

    work = Path(tempfile.mkdtemp(prefix="trygghet-load-"))
    db = work / "trygghet.duckdb"  # a private copy: swaps never touch the original
    shutil.copyfile(source_db, db)
    servers: list[Server] = []
    try:
        if args.compare:
            with temporary_worktree(args.compare) as other:
                a = start_server(args.worktree, db, log_dir=work)
                servers.append(a)
                b = start_server(other, db, log_dir=work)
                servers.append(b)
                try:
                    return _compare(a, b, args.compare, plan, args.rounds)
                finally:
                    b.stop()  # before its worktree goes away
        server = start_server(args.worktree, db, log_dir=work)
        servers.append(server)
        print(f"server pid {server.pid} at {server.url} (log {server.log})")
        if args.ageing:
            ageing(server, plan, args.ageing)
            return 0
        swapper = (
            Swapper(db, args.swap_every, args.swap_with, args.worktree) if args.swap_every else None
        )
        with swapper or nullcontext():
            report = run_load(server.url, plan, [server.pid])
        report.swaps = swapper.swaps if swapper else 0
        print("\n".join(report.lines()))
        return 1 if report.failed else 0
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


def _compare(a: Server, b: Server, rev: str, plan: LoadPlan, rounds: int) -> int:
    """Alternate the load between this tree (a) and REV (b) so both see the same machine."""
    per_round = LoadPlan(**{**plan.__dict__, "duration": plan.duration / (2 * rounds)})
    reports: dict[str, list[LoadReport]] = {"this tree": [], rev: []}
    for i in range(rounds):
        order = [("this tree", a), (rev, b)] if i % 2 == 0 else [(rev, b), ("this tree", a)]
        for name, server in order:
            reports[name].append(run_load(server.url, per_round, [server.pid], name))
    for name, runs in reports.items():
        total = LoadReport(name, wall=sum(r.wall for r in runs))
        total.results = [x for r in runs for x in r.results]
        total.sessions_opened = sum(r.sessions_opened for r in runs)
        print("\n".join(total.lines()))
        stats = [r.stats for r in runs if r.stats]
        if stats:
            cpu = sum(s.cpu_pct for s in stats) / len(stats)
            print(f"  server: cpu {cpu:.0f} % of one core, rss {stats[-1].rss_end / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
