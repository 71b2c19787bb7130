"""Pure shaping of the model's results: one kommun's result, the covariate table, the CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from trygghet.core.export import export_csv
from trygghet.core.format import fmt_num, is_missing
from trygghet.expected.catalogue import label

POSITIONS = {
    "above": "över intervallet",
    "within": "inom intervallet",
    "below": "under intervallet",
}


@dataclass(frozen=True)
class Model:
    """One outcome's fitted model as the page states it."""

    outcome: str
    year: int
    transform: str
    n: int
    cv_r2: float
    coverage: float
    gives_verdict: bool
    covariates: tuple[str, ...]
    who: str | None
    cv_r2_with_who: float | None
    coverage_with_who: float | None


@dataclass(frozen=True)
class Result:
    """One kommun's observed and expected value; observed is None when Kolada has none."""

    kommun_id: str
    name: str
    year: int
    observed: float | None
    expected: float
    lower: float
    upper: float
    position: str | None
    verdict: str | None
    with_who: tuple[float, float, float] | None  # expected, lower, upper with the covariate
    position_with_who: str | None


def _opt(value: object) -> float | None:
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]  # a number


def model_of(models: pd.DataFrame, outcome: str) -> Model | None:
    """The model row of an outcome (models indexed by outcome), or None when not fitted."""
    if models.empty or outcome not in models.index:
        return None
    row = models.loc[outcome].to_dict()
    who = None if is_missing(row["who_covariate"]) else str(row["who_covariate"])
    return Model(
        outcome=outcome,
        year=int(row["year"]),
        transform=str(row["transform"]),
        n=int(row["n_kommuner"]),
        cv_r2=float(row["cv_r2"]),
        coverage=float(row["coverage"]),
        gives_verdict=bool(row["gives_verdict"]),
        covariates=tuple(str(row["covariates"]).split(",")),
        who=who,
        cv_r2_with_who=_opt(row["cv_r2_with_who"]),
        coverage_with_who=_opt(row["coverage_with_who"]),
    )


def result_of(values: pd.DataFrame, kommun_id: str) -> Result | None:
    """The kommun's row (values indexed by kommun id), or None when it lacks a covariate."""
    if values.empty or kommun_id not in values.index:
        return None
    row = values.loc[kommun_id].to_dict()
    with_who = None
    if not is_missing(row["expected_with_who"]):
        with_who = (
            float(row["expected_with_who"]),
            float(row["lower_with_who"]),
            float(row["upper_with_who"]),
        )
    return Result(
        kommun_id=kommun_id,
        name=str(row["municipality"]),
        year=int(row["year"]),
        observed=_opt(row["observed"]),
        expected=float(row["expected"]),
        lower=float(row["lower"]),
        upper=float(row["upper"]),
        position=None if is_missing(row["position"]) else str(row["position"]),
        verdict=None if is_missing(row["verdict"]) else str(row["verdict"]),
        with_who=with_who,
        position_with_who=(
            None if is_missing(row["position_with_who"]) else str(row["position_with_who"])
        ),
    )


def _size(per_sd: float, transform: str) -> str:
    sign = "+" if per_sd >= 0 else "\u2212"
    return f"{sign}{fmt_num(abs(per_sd) * 100, 0)} %" + (
        " (oddset)" if transform == "logit" else ""
    )


def coef_table(
    coefs: pd.DataFrame, outcome: str, transform: str, variant: str = "model"
) -> pd.DataFrame:
    """The covariates with direction and size: how the expected value differs between kommuner
    one standard deviation apart in a covariate, the others equal (an association only)."""
    mine = coefs[(coefs["outcome"] == outcome) & (coefs["variant"] == variant)]
    mine = mine[mine["term"] != "intercept"]
    rows = []
    for term, coef, se, per_sd in zip(
        mine["term"], mine["coef"], mine["se"], mine["per_sd"], strict=True
    ):
        sure = abs(coef) > 1.96 * se
        direction = ("högre" if coef > 0 else "lägre") if sure else "osäker"
        rows.append(
            {
                "Kovariat": label(str(term)),
                "Förväntat värde": direction,
                "Per standardavvikelse": _size(float(per_sd), transform),
                "Koefficient ± 1,96 SE": f"{fmt_num(coef, 3)} ± {fmt_num(1.96 * se, 3)}",
            }
        )
    return pd.DataFrame(rows)


def extremes(values: pd.DataFrame, n: int = 5) -> tuple[list[str], list[str]]:
    """The n kommuner furthest above and below their expected value (by the model's residual)."""
    ranked = values.dropna(subset=["residual"]).sort_values("residual")
    return ranked["municipality"].tail(n)[::-1].tolist(), ranked["municipality"].head(n).tolist()


def table(values: pd.DataFrame) -> pd.DataFrame:
    """Every kommun's row for the table and the CSV (Swedish headers)."""
    return pd.DataFrame(
        {
            "Kommun-id": values.index,
            "Kommun": values["municipality"].to_numpy(),
            "År": values["year"].to_numpy(),
            "Observerat": values["observed"].to_numpy(),
            "Förväntat": values["expected"].to_numpy(),
            "Intervall, nedre (95 %)": values["lower"].to_numpy(),
            "Intervall, övre (95 %)": values["upper"].to_numpy(),
            "Läge": [
                POSITIONS.get(p, "") if isinstance(p, str) else "" for p in values["position"]
            ],
            "Residual (modellens skala)": values["residual"].to_numpy(),
        }
    )


def values_csv(values: pd.DataFrame, about: Sequence[tuple[str, str]]) -> bytes:
    """The table as the one CSV format (core.export): the header block `about`, then the rows."""
    return export_csv(table(values), about)


def model_csv(
    models: pd.DataFrame, coefs: pd.DataFrame, method: str, about: Sequence[tuple[str, str]]
) -> bytes:
    """For analysts: per outcome and term the coefficient, with the model's CV R² and coverage,
    in the one CSV format (core.export: the header block `about` first)."""
    merged = coefs.merge(models.reset_index(), on="outcome", how="left")
    frame = pd.DataFrame(
        {
            "Utfall (KPI)": merged["outcome"],
            "År": merged["year"],
            "Skala": merged["transform"],
            "Variant": merged["variant"],
            "Term": merged["term"],
            "Kovariat": [t if t == "intercept" else label(str(t)) for t in merged["term"]],
            "Koefficient": merged["coef"],
            "Medelfel": merged["se"],
            "Kovariatens standardavvikelse": merged["sd"],
            "Skillnad per standardavvikelse": merged["per_sd"],
            "Kommuner": merged["n_kommuner"],
            "Korsvaliderat R²": [
                r.cv_r2_with_who if r.variant == "with_who" else r.cv_r2
                for r in merged.itertuples()
            ],
            "Täckning av 95-procentsintervallet": [
                r.coverage_with_who if r.variant == "with_who" else r.coverage
                for r in merged.itertuples()
            ],
            "Metod": method,
        }
    )
    return export_csv(frame, about)


def changed(result: Result) -> bool:
    """Whether adding the 'who' covariate moves the kommun across its interval's edge."""
    return result.position_with_who is not None and result.position_with_who != result.position
