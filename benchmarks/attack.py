"""A normal visitor's page runs while attackers send the one-URL denial-of-service query.

Usage:
  python benchmarks/attack.py [--duration 30] [--attackers 3] [--compare REV] [--db FILE]

One server process (streamlit run dashboard.py on loopback, a private copy of the DB). The
victim is one websocket session asking for random pages and kommuner, one run after another;
each attacker is another session sending, over the websocket (where no proxy's URL limit
applies), a query with a 100 kB parameter of 20,000 bad parts, in turn on `egna`, `ind` and
`kategori`. The script prints the victim's p50/p95 with 0 and with N attackers, and what an
attack run cost, for this tree and (with --compare) for REV, side by side. Only loopback
addresses are contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile  # noqa: E402 (after the path set-up above)
from benchmarks.load import (  # noqa: E402
    ServerStats,
    kommun_ids,
    run_coroutine,
    start_server,
    temporary_worktree,
)
from benchmarks.stclient import Session, dashboard_pages  # noqa: E402

PARTS = 20_000


def attack_queries(parts: int = PARTS) -> list[tuple[str, str]]:
    """(page, query): 20,000 bad parts (about 100 kB) on each multi-value parameter; with
    parts=0 the same pages asked for with valid values (the control: busy ordinary visitors)."""
    junk = ",".join(f"x{i:04d}" for i in range(parts))
    egna, ind, kategori = (junk, junk, junk) if parts else ("0882", "U09808", "stold")
    return [
        ("crime", f"kommun=0880&jmf=egna&egna=0881,{egna}"),
        ("samband", f"kommun=0880&ind=N15508,{ind}"),
        ("incidents", f"kommun=0880&kategori=vald,{kategori}"),
    ]


@dataclass
class Round:
    """One measurement: the victim's run times and the attackers' runs."""

    attackers: int
    hostile: bool = True
    victim: list[float] = field(default_factory=list)
    victim_errors: int = 0
    attack: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0

    def line(self, label: str) -> str:
        ok = self.victim
        p50 = percentile(ok, 0.5) * 1000 if ok else float("nan")
        p95 = percentile(ok, 0.95) * 1000 if ok else float("nan")
        worst = max(ok) * 1000 if ok else float("nan")
        attack = (
            f"; their runs {len(self.attack)}, p50 {percentile(self.attack, 0.5) * 1000:.0f} ms"
            if self.attack
            else ""
        )
        who = "attackers" if self.hostile or not self.attackers else "busy normal visitors"
        return (
            f"{label:<10} {self.attackers} {who}: victim {len(ok)} runs "
            f"({self.victim_errors} failed), p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"max {worst:.0f} ms{attack}; server cpu {self.cpu_seconds:.1f} s"
        )


async def _victim(url: str, pages: list[str], kommuner: list[str], stop: float, out: Round) -> None:
    rng = random.Random(1)
    s = Session(url)
    await s.open()
    try:
        while time.monotonic() < stop:
            result = await s.run(rng.choice(pages), f"kommun={rng.choice(kommuner)}", timeout=120)
            if result.error:
                out.victim_errors += 1
            else:
                out.victim.append(result.seconds)
    finally:
        await s.close()


async def _attacker(url: str, i: int, stop: float, out: Round) -> None:
    queries = attack_queries(PARTS if out.hostile else 0)
    s = Session(url)
    await s.open()
    try:
        n = i
        while time.monotonic() < stop:
            page, query = queries[n % len(queries)]
            n += 1
            result = await s.run(page, query, timeout=300)
            out.attack.append(result.seconds)
    finally:
        await s.close()


async def _round(
    url: str, pid: int, attackers: int, duration: float, kommuner: list[str], hostile: bool = True
) -> Round:
    out = Round(attackers, hostile)
    pages = [p for p in dashboard_pages() if p]
    stats = ServerStats([pid])
    stop = time.monotonic() + duration
    tasks = [_victim(url, pages, kommuner, stop, out)]
    tasks += [_attacker(url, i, stop, out) for i in range(attackers)]
    await asyncio.gather(*tasks)
    stats.finish()
    out.cpu_seconds = stats.cpu_seconds
    return out


def measure(worktree: Path, db: Path, label: str, args: argparse.Namespace) -> list[str]:
    """Warm the server, then rounds with no attacker, N busy normal visitors on the attacked
    pages (the control) and N attackers; one line each."""
    server = start_server(worktree, db)
    try:
        kommuner = kommun_ids(db)[:40]
        run_coroutine(_round(server.url, server.pid, 0, min(10.0, args.duration), kommuner))
        lines = []
        for n, hostile in ((0, True), (args.attackers, False), (args.attackers, True)):
            r = run_coroutine(_round(server.url, server.pid, n, args.duration, kommuner, hostile))
            lines.append(r.line(label))
            print(lines[-1], flush=True)
        return lines
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per round")
    parser.add_argument("--attackers", type=int, default=3)
    parser.add_argument("--compare", metavar="REV", help="also measure REV (e.g. main)")
    parser.add_argument("--db", type=Path, default=None, help="DB file to copy")
    args = parser.parse_args()
    from catalogues.settings import load_settings

    source = args.db or load_settings().db_path
    with tempfile.TemporaryDirectory(prefix="trygghet-attack-") as tmp:
        db = Path(tmp) / "trygghet.duckdb"
        shutil.copyfile(source, db)
        lines = measure(REPO, db, "this tree", args)
        with temporary_worktree(args.compare) if args.compare else nullcontext() as other:
            if other is not None:
                lines += measure(other, db, args.compare[:10], args)
    print("\n".join(["", "victim's page runs, side by side:", *lines]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
