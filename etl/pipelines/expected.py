"""Refresh step `expected`: the structural model (etl/expected/) over the Kolada values loaded.

Not a source: it reads the staged DB's kolada_value and writes the expected_* tables, so it is
registered after the sources and runs on every full refresh.
"""

from __future__ import annotations

import duckdb

from catalogues.covariates import load_spec
from etl.expected import build
from etl.pipelines.context import RunContext, SourceResult


def refresh(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> SourceResult:
    """Fit every outcome of catalogues/covariates.toml and replace the expected_* rows."""
    ctx.set_total(len(load_spec().outcomes))
    stats, notes = build.build(con, ctx.progress)
    return SourceResult(stats=stats, kind="full", requests=0, origin="kolada_value", notes=notes)
