"""Which DuckDB errors mean the DB's disk: those stop a refresh with exit 4.

The real path (a tmpfs where the staged copy fits and the load does not) is in
test_etl_tmpfs.py; these hold the rule for the messages DuckDB gives on a commit or a
checkpoint, including the FATAL one that a tmpfs does not reliably produce.
"""

from __future__ import annotations

import duckdb
import pytest

from etl.runner import is_global

FULL = 'Could not write file "/srv/trygghet.duckdb.tmp.wal": No space left on device'


@pytest.mark.parametrize(
    "exc",
    [
        duckdb.TransactionException(f"TransactionContext Error: Failed to commit: {FULL}"),
        duckdb.FatalException(
            "FATAL Error: Failed: database has been invalidated because of a previous fatal "
            f'error. Original error: "{FULL}"'
        ),
        duckdb.FatalException("FATAL Error: checkpoint failed: Read-only file system"),
        duckdb.TransactionException("Failed to commit: Disk quota exceeded"),
        duckdb.FatalException("FATAL Error: Could not fsync: Input/output error"),
        duckdb.IOException("IO Error: Could not write file"),
        OSError(28, "No space left on device"),
    ],
)
def test_a_full_read_only_or_failing_disk_is_global(exc: BaseException) -> None:
    assert is_global(exc)


@pytest.mark.parametrize(
    "exc",
    [
        duckdb.TransactionException("TransactionContext Error: Conflict on tuple deletion"),
        duckdb.ConstraintException("Duplicate key"),
        ValueError("No space left on device"),  # a source's payload naming it is not the disk
    ],
)
def test_a_sources_own_error_is_not(exc: BaseException) -> None:
    assert not is_global(exc)
