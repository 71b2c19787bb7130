"""Row iteration over query results, typed for code that reads columns by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def rows(df: pd.DataFrame) -> Iterator[Any]:
    """The frame's rows as named tuples (row.year, row.value ...).

    Typed Any on purpose: the column names come from SQL, so no stub can know the fields.
    """
    return df.itertuples()
