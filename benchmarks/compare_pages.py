"""Page CPU side by side: this tree against a commit, page by page, in alternating rounds.

Usage: python benchmarks/compare_pages.py --against f654505 [--runs 15] [--rounds 3] [page ...]

Checks the commit out into a temporary git worktree and runs each tree's own
`benchmarks/bench_pages.py` for one page at a time, alternating the trees, so a busy shared
machine disturbs both alike. Both read the same DB (TRYGGHET_DB, default data/trygghet.duckdb,
built by this tree's ETL) and the same snapshot (TRYGGHET_SNAPSHOT). Prints per page the
median over rounds of each tree's warm CPU p50 and warm wall p95, and the ratio this tree /
the commit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_pages import DEFAULT_PAGES  # noqa: E402  (after the sys.path line)


def _bench(tree: Path, page: str, runs: int, env: dict[str, str]) -> tuple[float, float] | None:
    """(warm CPU p50, warm wall p95) in ms of one page in one tree, or None on a failure."""
    out = subprocess.run(
        [sys.executable, "benchmarks/bench_pages.py", "--runs", str(runs), page],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    for line in out.splitlines():
        if line.startswith(page) and "EXCEPTION" not in line:
            cols = line[len(page) :].split()
            return float(cols[4]), float(cols[2])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--against", required=True, help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("TRYGGHET_DB", str(REPO / "data" / "trygghet.duckdb"))
    # The commit is checked out elsewhere, where ../shared does not exist: both trees must read
    # the same snapshot (Karta draws its map from the snapshot's boundary file).
    env.setdefault("TRYGGHET_SNAPSHOT", str(REPO.parent / "shared" / "data" / "snapshot"))
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old), args.against],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        try:
            print(f"this tree vs {args.against}: {args.rounds} rounds x {args.runs} warm runs")
            head = f"{'cpu p50 new':>12} {'old':>8} {'ratio':>6} {'p95 new':>8} {'old':>8}"
            print(f"{'page':40} {head}")
            for page in args.pages:
                new: list[tuple[float, float]] = []
                before: list[tuple[float, float]] = []
                for _ in range(args.rounds):
                    for tree, into in ((REPO, new), (old, before)):
                        got = _bench(tree, page, args.runs, env)
                        if got is not None:
                            into.append(got)
                if not new or not before:
                    print(f"{page:40} failed in {'this tree' if not new else args.against}")
                    continue
                cpu_new = statistics.median(c for c, _ in new)
                cpu_old = statistics.median(c for c, _ in before)
                p95_new = statistics.median(p for _, p in new)
                p95_old = statistics.median(p for _, p in before)
                print(
                    f"{page:40} {cpu_new:12.1f} {cpu_old:8.1f} {cpu_new / cpu_old:6.2f} "
                    f"{p95_new:8.1f} {p95_old:8.1f}"
                )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(old)], cwd=REPO, check=False
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
