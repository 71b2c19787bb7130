"""The one CSV format of every download: a header block, Swedish column names, published values.

Every file a page offers goes through `export_csv`: first a block of 'Om filen;...' rows
naming what the file holds (source, kommun, years, licence), then a blank row, then the table,
all escaped by `core.format.cited_csv` so that no cell runs as a spreadsheet formula. Numbers
are rounded to the decimals the sources publish, so float noise from arithmetic
(845,0818549999999) never reaches a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from trygghet.core.format import cited_csv

# Kolada publishes values with at most 8 decimals (the snapshot's values: 1 to 8), Skolverket
# and Polisen fewer: rounding there removes binary float noise and no published digit.
PUBLISHED_DECIMALS = 8


def published(frame: pd.DataFrame, decimals: int = PUBLISHED_DECIMALS) -> pd.DataFrame:
    """The frame with every float column rounded to `decimals` (the sources' own precision)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(decimals)
    return out


def export_csv(
    frame: pd.DataFrame, about: Sequence[tuple[str, str]], decimals: int = PUBLISHED_DECIMALS
) -> bytes:
    """The file to download: the header block `about`, then `frame` with published values.

    Column names must already be Swedish: the caller names them as the page's table does.
    """
    return cited_csv(published(frame, decimals), about)
