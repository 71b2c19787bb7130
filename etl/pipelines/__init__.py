"""One refresh step per source: fetch -> transform -> load inside the runner's staged copy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import duckdb

from etl.pipelines import expected, kolada, polisen, skolverket
from etl.pipelines.context import RunContext, SourceResult

Pipeline = Callable[[duckdb.DuckDBPyConnection, RunContext], SourceResult]

# Source name -> refresh step. A new source adds one line here.
PIPELINES: dict[str, Pipeline] = {
    "kolada": kolada.refresh,
    "polisen": polisen.refresh,
    "skolverket": skolverket.refresh,
    # Not a source: the structural model over the Kolada values, so it runs after them.
    "expected": expected.refresh,
}

# Source name -> the table that is empty exactly when the source is absent from the DB: a first
# build whose step failed. `refresh --if-missing` and `status` check it.
MAIN_TABLES: dict[str, str] = {
    "kolada": "kolada_value",
    "polisen": "polisen_notice",
    "skolverket": "skolverket_school_stat",
    "expected": "expected_value",
}

# A step that reads what other steps load -> the steps it reads. It runs again after any of them
# loads, so `refresh kolada` does not leave the structural model fitted on the previous values.
READS: dict[str, tuple[str, ...]] = {"expected": ("kolada",)}


def followers(loaded: Sequence[str], asked: Sequence[str]) -> list[str]:
    """The steps not asked for that read a source this run loaded, in PIPELINES order."""
    return [
        step
        for step, reads in READS.items()
        if step not in asked and any(source in loaded for source in reads)
    ]
