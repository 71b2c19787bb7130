"""The model catalogue (catalogues/covariates.toml) and the cross-section it describes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import catalogues

TRANSFORMS = ("none", "log", "logit")
KINDS = ("conditions", "who")
ROLES = ("model", "sensitivity", "out")


@dataclass(frozen=True)
class Covariate:
    """One structural covariate: a Kolada KPI and how it enters the model."""

    kpi_id: str
    transform: str
    label: str
    kind: str
    role: str
    why: str


@dataclass(frozen=True)
class Outcome:
    """One outcome that gets an expected value, with its verdict wording."""

    kpi_id: str
    transform: str
    more: str
    fewer: str


@dataclass(frozen=True)
class Spec:
    """The whole model catalogue, checked."""

    method: str
    level: float
    min_cv_r2: float
    min_kommuner: int
    outcomes: tuple[Outcome, ...]
    covariates: tuple[Covariate, ...]

    def role(self, role: str) -> list[Covariate]:
        return [c for c in self.covariates if c.role == role]

    @property
    def kpi_ids(self) -> list[str]:
        """Every KPI the model reads."""
        return [o.kpi_id for o in self.outcomes] + [c.kpi_id for c in self.covariates]


def _text(entry: dict[str, object], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"covariates.toml: {where} lacks '{key}'")
    return value


def _choice(entry: dict[str, object], key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = _text(entry, key, where)
    if value not in allowed:
        raise ValueError(f"covariates.toml: {where} has {key} {value!r}, not one of {allowed}")
    return value


def _entries(data: dict[str, object], key: str) -> list[dict[str, object]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"covariates.toml: [[{key}]] must be an array of tables")
    return entries


def load_spec(raw: dict[str, object] | None = None) -> Spec:
    """Read and check the catalogue (or a parsed one, for tests); ValueError names the entry."""
    data = raw if raw is not None else catalogues.load("covariates")
    model = data.get("model")
    if not isinstance(model, dict):
        raise ValueError("covariates.toml: needs a [model] table")
    outcomes, covariates = [], []
    for entry in _entries(data, "outcome"):
        where = f"outcome {entry.get('kpi_id', '?')}"
        outcomes.append(
            Outcome(
                _text(entry, "kpi_id", where),
                _choice(entry, "transform", where, TRANSFORMS),
                _text(entry, "more", where),
                _text(entry, "fewer", where),
            )
        )
    for entry in _entries(data, "covariate"):
        where = f"covariate {entry.get('kpi_id', '?')}"
        covariates.append(
            Covariate(
                _text(entry, "kpi_id", where),
                _choice(entry, "transform", where, TRANSFORMS),
                _text(entry, "label", where),
                _choice(entry, "kind", where, KINDS),
                _choice(entry, "role", where, ROLES),
                " ".join(_text(entry, "why", where).split()),
            )
        )
    spec = Spec(
        method=_text(model, "method", "[model]"),
        level=float(model.get("level", 0.95)),
        min_cv_r2=float(model.get("min_cv_r2", 0.3)),
        min_kommuner=int(model.get("min_kommuner", 200)),
        outcomes=tuple(outcomes),
        covariates=tuple(covariates),
    )
    if not spec.outcomes or not spec.role("model"):
        raise ValueError("covariates.toml: needs at least one outcome and one model covariate")
    if len(set(spec.kpi_ids)) != len(spec.kpi_ids):
        raise ValueError("covariates.toml: a KPI is listed twice")
    return spec


def transform(values: pd.Series, how: str) -> pd.Series:
    """A covariate or outcome on the model's scale (log for rates, logit for shares in %).

    A value the scale cannot take (0 on a log scale, 0 or 100 % on a logit one) becomes NaN, so
    that kommun drops out of the fit visibly instead of bending it.
    """
    x = values.astype(float)
    if how == "log":
        return pd.Series(np.log(x.where(x > 0)), index=values.index)
    if how == "logit":
        p = (x / 100).where((x > 0) & (x < 100))
        return pd.Series(np.log(p / (1 - p)), index=values.index)
    return x


def inverse(values: np.ndarray, how: str) -> np.ndarray:
    """Back from the model's scale to the KPI's unit."""
    if how == "log":
        return np.asarray(np.exp(values), dtype=float)
    if how == "logit":
        return np.asarray(100 / (1 + np.exp(-values)), dtype=float)
    return values


def wide(values: pd.DataFrame, year: int, kpi_ids: list[str]) -> pd.DataFrame:
    """kommun x KPI for one year from long rows (kpi_id, municipality_id, year, value)."""
    rows = values[(values["year"] == year) & values["kpi_id"].isin(kpi_ids)]
    table = rows.pivot_table(
        index="municipality_id", columns="kpi_id", values="value", aggfunc="first"
    )
    return table.reindex(columns=kpi_ids)


def latest_year(
    values: pd.DataFrame, outcome: str, covariates: list[str], minimum: int
) -> int | None:
    """The latest year where at least `minimum` kommuner have the outcome and every covariate."""
    for year in sorted(values["year"].unique(), reverse=True):
        table = wide(values, int(year), [outcome, *covariates])
        if int(table.notna().all(axis=1).sum()) >= minimum:
            return int(year)
    return None
