"""Errors the ETL reports to the user as one clear line instead of a traceback."""

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
