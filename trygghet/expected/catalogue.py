"""The model catalogue (catalogues/covariates.toml) as the dashboard reads it: the same checked
reader as the ETL's, so both use one list of outcomes, covariates and verdict wording."""

from __future__ import annotations

from functools import cache

from catalogues.covariates import Covariate, Outcome, Spec, load_spec


@cache
def spec() -> Spec:
    """The checked catalogue (read once per process)."""
    return load_spec()


def outcome(kpi: str) -> Outcome | None:
    """The outcome entry of a KPI, or None when the model does not cover it."""
    return next((o for o in spec().outcomes if o.kpi_id == kpi), None)


def covariate(kpi: str) -> Covariate | None:
    return next((c for c in spec().covariates if c.kpi_id == kpi), None)


def label(kpi: str) -> str:
    """A covariate's Swedish label (its KPI id when the catalogue no longer lists it)."""
    c = covariate(kpi)
    return c.label if c else kpi
