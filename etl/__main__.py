"""The ETL's command line: `python -m etl refresh|status`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from catalogues.settings import Settings, load_settings
from etl import runner, status, store
from etl.errors import (
    EtlError,
    Interrupted,
    LockedError,
    StorageError,
    on_signal,
    received_signal,
    reset_signals,
)
from etl.pipelines import PIPELINES, followers
from etl.runner import Outcome


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
        "--if-missing",
        action="store_true",
        help="refresh only the sources the DB lacks (no file, no successful load recorded, "
        "or an empty main table); nothing when all are there",
    )
    ref.add_argument(
        "--allow-shrink",
        action="store_true",
        help=f"let a full load delete more than {store.MAX_SHRINK:.0%} of a KPI's or a source's "
        "rows (when the source really dropped them)",
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


# Exit codes of `refresh` (`status` exits 1 on any problem).
EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_STORAGE = 1, 2, 3, 4


def _run(sources: list[str], settings: Settings, args: argparse.Namespace) -> list[Outcome]:
    """Refresh the sources, then the steps that read what they loaded (the model after Kolada);
    a source that failed leaves its followers as they were."""
    outcomes = runner.refresh(sources, settings, args.offline, allow_shrink=args.allow_shrink)
    after = followers([o.source for o in outcomes if o.result], sources)
    if after:
        outcomes += runner.refresh(after, settings, args.offline, allow_shrink=args.allow_shrink)
    return outcomes


def _refresh(args: argparse.Namespace) -> int:
    settings = load_settings().with_overrides(db_path=args.db, snapshot_dir=args.snapshot)
    unknown = [s for s in args.sources if s not in PIPELINES]
    if unknown:
        print(
            f"unknown source(s): {', '.join(unknown)}; known: {', '.join(PIPELINES)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sources = args.sources or list(PIPELINES)
    if args.if_missing:
        try:
            absent = status.absent_sources(settings.db_path, sources)
        except EtlError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if not absent:
            print(f"{settings.db_path} has every source ({', '.join(sources)}); nothing to do")
            return 0
        for source, why in absent.items():
            print(f"{source}: absent ({why}); refreshing it")
        sources = list(absent)
    if args.offline and not settings.snapshot_dir.is_dir():
        print(
            f"snapshot directory not found: {settings.snapshot_dir} "
            "(set TRYGGHET_SNAPSHOT or --snapshot)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        outcomes = _run(sources, settings, args)
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except StorageError as exc:
        print(f"error: {exc}; the remaining sources were not attempted", file=sys.stderr)
        return EXIT_STORAGE
    except Exception:
        if received_signal() is None:
            raise
        signum = received_signal() or signal.SIGINT  # DuckDB wrapped the interrupt
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    else:
        for outcome in outcomes:
            print(outcome.summary(), file=sys.stdout if outcome.result else sys.stderr)
            for note in outcome.result.notes if outcome.result else []:
                print(f"  {note}")
            for warning in outcome.result.warnings if outcome.result else []:
                print(f"  WARNING: {warning}")
        return EXIT_FAILED if any(o.error for o in outcomes) else 0
    name = signal.Signals(signum).name
    print(
        f"error: interrupted by {name}; {settings.db_path} is as it was before the "
        "interrupted source, partial files removed",
        file=sys.stderr,
    )
    return 128 + signum


def _status(args: argparse.Namespace) -> int:
    settings = load_settings().with_overrides(db_path=args.db)
    now = datetime.now(UTC)
    report = status.read_status(settings.db_path, args.sources or list(PIPELINES))
    print(f"database: {settings.db_path}{'' if settings.db_path.exists() else ' (missing)'}")
    print(f"{'source':<12} {'last success (UTC)':<20} {'rows':>9} {'age':>8}  state")
    stale = False
    for row in report.sources:
        age = row.age(now)
        too_old = args.max_age is not None and (age is None or age > args.max_age)
        stale |= too_old
        when = row.last_success.strftime("%Y-%m-%d %H:%M") if row.last_success else "-"
        state = "-" if row.state == "ok" else f"{row.state.upper()}: {row.detail}"
        flag = " STALE" if too_old else ""
        print(
            f"{row.source:<12} {when:<20} {row.rows_seen if row.rows_seen is not None else '-':>9} "
            f"{status.format_age(age):>8}  {state}{flag}"
        )
    for row in report.sources:
        for warning in row.warnings:
            print(f"WARNING: {row.source}: {warning}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    return 1 if stale or report.failing else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    verbose = args.verbose or getattr(args, "verbose_sub", False)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.command == "status":
        return _guarded(_status, args)
    # SIGTERM (systemd stop, kill) and Ctrl-C unwind through the cleanup and the run log.
    reset_signals()
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _guarded(_refresh, args)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        reset_signals()  # for callers in the same process (tests)


def _guarded(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return command(args)
    except ValueError as exc:  # a bad setting, e.g. TRYGGHET_COUNTY
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
