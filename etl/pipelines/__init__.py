"""One refresh step per source: fetch -> transform -> load inside the runner's staged copy."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from etl.pipelines import kolada, polisen, skolverket
from etl.pipelines.context import RunContext, SourceResult

Pipeline = Callable[[duckdb.DuckDBPyConnection, RunContext], SourceResult]

# Source name -> refresh step. A new source adds one line here.
PIPELINES: dict[str, Pipeline] = {
    "kolada": kolada.refresh,
    "polisen": polisen.refresh,
    "skolverket": skolverket.refresh,
}
