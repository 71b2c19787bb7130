"""Pure shaping for the Samband page: kommun value pairs by year and lag, changes, default years."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from trygghet.core import stats
from trygghet.core.format import fmt_num

MIN_PAIRS = 10  # a year is offered only when at least this many kommuner have both values
STATUS_SV = {
    "Privacy": "sekretess (för få personer)",
    "Missing": "saknas hos Kolada",
    "Not applicable": "ej tillämpligt",
}
NOT_PUBLISHED = "ej publicerat"


@dataclass(frozen=True)
class Pairs:
    """Kommuner with every needed value (data) and those left out with the reason (excluded)."""

    data: pd.DataFrame  # municipality_id, municipality, x, y[, c]
    excluded: pd.DataFrame  # municipality_id, municipality, reason

    @property
    def n(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Summary:
    """The numbers a cross-kommun view shows."""

    pearson: stats.Correlation
    spearman: stats.Correlation
    line: stats.Line
    partial: bool


def _at(long: pd.DataFrame, year: int) -> pd.DataFrame:
    """One KPI's rows for a year, indexed by municipality_id (value, status)."""
    rows = long[long["year"] == year]
    return rows.set_index("municipality_id")[["value", "status"]]


def _reason(row: pd.DataFrame, kommun_ids: pd.Index, name: str, year: int) -> pd.Series:
    """Why each kommun lacks a value for one measure ('' when it has one)."""
    joined = row.reindex(kommun_ids)
    status = joined["status"].map(STATUS_SV).fillna(NOT_PUBLISHED)
    text = name + " " + str(year) + ": " + status
    return text.where(joined["value"].isna(), "")


def pairs(
    kommuner: pd.DataFrame,
    measures: dict[str, tuple[pd.DataFrame, int, str]],
) -> Pairs:
    """Join each measure (column -> (long rows of one KPI, year, label)) for all kommuner.

    kommuner has municipality_id and municipality; long rows have municipality_id, year,
    value, status. A kommun missing any value is excluded, with every reason listed.
    """
    ids = pd.Index(kommuner["municipality_id"])
    out = kommuner[["municipality_id", "municipality"]].reset_index(drop=True).copy()
    reasons = pd.Series("", index=ids)
    for name, (long, year, label) in measures.items():
        row = _at(long, year)
        out[name] = row["value"].reindex(ids).to_numpy(dtype=float)
        why = _reason(row, ids, label, year)
        reasons = reasons.str.cat(why, sep="; ").str.strip("; ")
    missing = out[list(measures)].isna().any(axis=1).to_numpy()
    excluded = out.loc[missing, ["municipality_id", "municipality"]].copy()
    excluded["reason"] = reasons.to_numpy()[missing]
    return Pairs(
        data=out.loc[~missing].reset_index(drop=True), excluded=excluded.reset_index(drop=True)
    )


def changes(
    kommuner: pd.DataFrame,
    x: tuple[pd.DataFrame, str],
    y: tuple[pd.DataFrame, str],
    start: int,
    end: int,
) -> Pairs:
    """Per kommun the change start -> end in x and in y (x = x_end - x_start, same for y).

    x and y are (long rows, label).
    """
    (x_long, x_label), (y_long, y_label) = x, y
    both = pairs(
        kommuner,
        {
            "x0": (x_long, start, x_label),
            "x1": (x_long, end, x_label),
            "y0": (y_long, start, y_label),
            "y1": (y_long, end, y_label),
        },
    )
    data = both.data.assign(
        x=both.data["x1"] - both.data["x0"], y=both.data["y1"] - both.data["y0"]
    )
    return Pairs(data=data, excluded=both.excluded)


def summarise(p: Pairs, control: str | None = None) -> Summary:
    """Pearson, Spearman (partial on the control column when given) and the fitted line."""
    x, y = p.data["x"].to_numpy(), p.data["y"].to_numpy()
    if control:
        c = p.data[control].to_numpy()
        pr, sr = stats.partial(x, y, c, "pearson"), stats.partial(x, y, c, "spearman")
    else:
        pr, sr = stats.pearson(x, y), stats.spearman(x, y)
    return Summary(pearson=pr, spearman=sr, line=stats.ols_line(x, y), partial=bool(control))


def pair_counts(x_long: pd.DataFrame, y_long: pd.DataFrame, lag: int) -> pd.Series:
    """For each year t: how many kommuner have x in t and y in t + lag (index t, sorted)."""
    xs = x_long.loc[x_long["value"].notna(), ["municipality_id", "year"]]
    ys = y_long.loc[y_long["value"].notna(), ["municipality_id", "year"]]
    ys = ys.assign(year=ys["year"] - lag)
    counts = xs.merge(ys, on=["municipality_id", "year"]).groupby("year").size()
    return counts.sort_index().astype(int)


def year_choice(
    counts: pd.Series, n_kommuner: int, lo: int, hi: int
) -> tuple[list[int], int | None]:
    """Years t to offer (>= MIN_PAIRS pairs, inside lo..hi when any are) and the default.

    The default is the latest year where at least half of all kommuner have both values,
    so a year that only a few kommuner have reported is never the starting view.
    """
    usable = counts[counts >= MIN_PAIRS]
    inside = usable[(usable.index >= lo) & (usable.index <= hi)]
    offered = inside if len(inside) else usable
    if offered.empty:
        return [], None
    broad = offered[offered >= n_kommuner / 2]
    default = int(broad.index.max()) if len(broad) else int(offered.index.max())
    return [int(y) for y in offered.index], default


def change_span(
    x_long: pd.DataFrame, y_long: pd.DataFrame, n_kommuner: int, lo: int, hi: int
) -> tuple[int, int] | None:
    """The widest start..end inside lo..hi where at least half of the kommuner have x and y."""
    counts = pair_counts(x_long, y_long, 0)
    years = counts[(counts >= n_kommuner / 2) & (counts.index >= lo) & (counts.index <= hi)].index
    if len(years) < 2:
        return None
    return int(years.min()), int(years.max())


def indexed(series: pd.DataFrame, cols: list[str], base_year: int) -> pd.DataFrame:
    """The columns divided by their base-year value times 100 (NaN without a base value)."""
    out = series.copy()
    base_rows = series[series["year"] == base_year]
    for col in cols:
        base = float(base_rows[col].iloc[0]) if len(base_rows) else np.nan
        out[col] = stats.index_to_base(series[col].to_numpy(dtype=float), base)
    return out


def points_table(csv: bytes) -> pd.DataFrame:
    """The scatter's points as the CSV names them (Swedish headers per variable and year),
    numbers in Swedish format: the table a screen reader or a keyboard reaches."""
    body = csv.decode("utf-8-sig").partition("\r\n\r\n")[2]  # after the header block
    table = pd.read_csv(io.StringIO(body), sep=";", decimal=",", dtype={"Kommunkod": str})
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]):
            table[col] = [fmt_num(v) for v in table[col]]
    return table
