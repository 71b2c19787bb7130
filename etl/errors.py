"""Errors the ETL reports to the user as one clear line instead of a traceback."""

from __future__ import annotations


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
