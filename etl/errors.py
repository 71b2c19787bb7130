"""Errors the ETL reports to the user as one clear line instead of a traceback, and the
interrupt (SIGINT, SIGTERM) that unwinds a run like one."""

from __future__ import annotations

import signal


class EtlError(Exception):
    """A failure of one source's run, with a message fit for a terminal or a log."""


class FetchError(EtlError):
    """An HTTP request failed after its retries, or a snapshot file could not be read."""


class SchemaError(EtlError):
    """A payload did not have the shape the parser expects; names the URL and the field."""

    def __init__(self, where: str, field: str, problem: str) -> None:
        super().__init__(f"{where}: field '{field}' {problem}")
        self.where = where
        self.field = field


class LockedError(EtlError):
    """Another refresh holds the database lock."""


class ShrinkError(EtlError):
    """A full load would delete more of a source's rows than a truncated answer should."""


class StorageError(EtlError):
    """The DB's directory cannot be written (disk full, read-only, no permission).

    Unlike a source's HTTP or payload error this is global: every later source would hit it
    too, so the run stops at the first one.
    """


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: the run stops, cleans up and exits 128 + the signal number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


# Signals received by this process. DuckDB turns an exception raised while it calls back into
# Python (scanning a registered DataFrame) into a duckdb.Error carrying a traceback text, so
# the runner asks here whether a failure was really an interrupt.
_received: list[int] = []


def on_signal(signum: int, frame: object) -> None:
    """Signal handler: remember the signal, ignore repeats during the cleanup, unwind."""
    signal.signal(signum, signal.SIG_IGN)
    _received.append(signum)
    raise Interrupted(signum)


def received_signal() -> int | None:
    """The first signal received since the last reset, if any."""
    return _received[0] if _received else None


def reset_signals() -> None:
    _received.clear()
