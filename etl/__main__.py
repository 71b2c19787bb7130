"""The ETL's command line: `python -m etl refresh|status`."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime

from etl import runner, status
from etl.config import load_settings
from etl.errors import LockedError
from etl.pipelines import PIPELINES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    sub = parser.add_subparsers(dest="command", required=True)

    ref = sub.add_parser("refresh", help="fetch sources and update the DuckDB file")
    ref.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help=f"sources to refresh (default: all of {', '.join(PIPELINES)})",
    )
    ref.add_argument(
        "--offline",
        action="store_true",
        help="read the snapshot directory instead of the live APIs",
    )
    ref.add_argument("--snapshot", help="snapshot directory (env TRYGGHET_SNAPSHOT)")
    ref.add_argument("--db", help="DuckDB file (env TRYGGHET_DB)")
    ref.add_argument(
        "--if-missing", action="store_true", help="do nothing when the DB file already exists"
    )
    ref.add_argument(
        "-v", "--verbose", action="store_true", dest="verbose_sub", help="log every request"
    )

    st = sub.add_parser("status", help="per source: last success, rows, age, last error")
    st.add_argument("sources", nargs="*", metavar="SOURCE")
    st.add_argument("--db", help="DuckDB file (env TRYGGHET_DB)")
    st.add_argument(
        "--max-age",
        type=status.parse_age,
        help="exit 1 when a source's last success is older, e.g. 36h or 2d",
    )
    return parser


def _refresh(args: argparse.Namespace) -> int:
    settings = load_settings().with_overrides(db_path=args.db, snapshot_dir=args.snapshot)
    unknown = [s for s in args.sources if s not in PIPELINES]
    if unknown:
        print(
            f"unknown source(s): {', '.join(unknown)}; known: {', '.join(PIPELINES)}",
            file=sys.stderr,
        )
        return 2
    if args.if_missing and settings.db_path.exists():
        print(f"{settings.db_path} exists; nothing to do")
        return 0
    if args.offline and not settings.snapshot_dir.is_dir():
        print(
            f"snapshot directory not found: {settings.snapshot_dir} "
            "(set TRYGGHET_SNAPSHOT or --snapshot)",
            file=sys.stderr,
        )
        return 2
    try:
        outcomes = runner.refresh(args.sources or list(PIPELINES), settings, args.offline)
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    for outcome in outcomes:
        print(outcome.summary(), file=sys.stdout if outcome.result else sys.stderr)
        for note in outcome.result.notes if outcome.result else []:
            print(f"  {note}")
    return 1 if any(o.error for o in outcomes) else 0


def _status(args: argparse.Namespace) -> int:
    settings = load_settings().with_overrides(db_path=args.db)
    now = datetime.now(UTC)
    rows = status.read_status(settings.db_path, args.sources or list(PIPELINES))
    print(f"database: {settings.db_path}{'' if settings.db_path.exists() else ' (missing)'}")
    print(f"{'source':<12} {'last success (UTC)':<20} {'rows':>9} {'age':>8}  last error")
    stale = False
    for row in rows:
        age = row.age(now)
        too_old = args.max_age is not None and (age is None or age > args.max_age)
        stale |= too_old
        when = row.last_success.strftime("%Y-%m-%d %H:%M") if row.last_success else "-"
        error = f"{row.last_error_at}: {row.last_error}" if row.last_error else "-"
        flag = " STALE" if too_old else ""
        print(
            f"{row.source:<12} {when:<20} {row.rows_seen if row.rows_seen is not None else '-':>9} "
            f"{status.format_age(age):>8}  {error}{flag}"
        )
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    verbose = args.verbose or getattr(args, "verbose_sub", False)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return _refresh(args) if args.command == "refresh" else _status(args)
    except ValueError as exc:  # a bad setting, e.g. TRYGGHET_COUNTY
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
