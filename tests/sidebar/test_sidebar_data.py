"""The sidebar's freshness line names every ETL step in Swedish, never by its code name."""

from __future__ import annotations

import pandas as pd

from trygghet.sidebar.data import STEP_NAMES, freshness_line


def test_freshness_line_names_each_step_as_a_visitor_reads_it():
    runs = pd.DataFrame(
        {
            "source": list(STEP_NAMES),
            "last_success": pd.to_datetime(["2026-11-26 04:52:00+00:00"] * len(STEP_NAMES)),
        }
    )
    line = freshness_line(runs)
    assert line == (
        "Data uppdaterad: Kolada 2026-11-26 05.52, Polisen 2026-11-26 05.52, "
        "Skolverket 2026-11-26 05.52, förväntat utifrån struktur 2026-11-26 05.52"
    )
    assert "expected" not in line
