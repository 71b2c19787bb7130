"""A kommun's series and peer group, looked up from data read once per KPI, equal SQL on the DB.

The reference queries below are written here, independently of trygghet's code: they are the
per-kommun queries the dashboard ran before it read each KPI once for all kommuner.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trygghet.core.db import open_db
from trygghet.indicators import queries
from trygghet.sidebar import queries as sidebar_queries

SERIES_SQL = """
WITH vals AS (
    SELECT municipality_id, year, value, status, municipality_type AS mtype FROM v_kpi_values
    WHERE kpi_id = $kpi AND gender = $gender AND year BETWEEN $year_from AND $year_to
),
span AS (SELECT min(year) AS y0, max(year) AS y1 FROM vals),
years AS (SELECT unnest(range(y0, y1 + 1)) AS year FROM span WHERE y0 IS NOT NULL),
own AS (SELECT year, value, status FROM vals WHERE municipality_id = $kommun),
riket AS (SELECT year, value, status FROM vals WHERE municipality_id = '0000'),
cmp AS (SELECT year, avg(value) AS cmp_mean, count(value) AS cmp_n FROM vals
        WHERE list_contains($members, municipality_id) GROUP BY year),
band AS (SELECT year, min(value) AS all_min, quantile_cont(value, 0.25) AS all_p25,
                quantile_cont(value, 0.75) AS all_p75, quantile_cont(value, 0.5) AS all_median,
                max(value) AS all_max, count(value) AS all_n
         FROM vals WHERE mtype = 'K' GROUP BY year)
SELECT y.year::INTEGER AS year, own.value AS value,
       CASE WHEN own.year IS NULL THEN 'Unpublished' ELSE own.status END AS status,
       riket.value AS riket,
       CASE WHEN riket.year IS NULL THEN 'Unpublished' ELSE riket.status END AS riket_status,
       cmp.cmp_mean, coalesce(cmp.cmp_n, 0) AS cmp_n,
       band.all_min, band.all_p25, band.all_p75, band.all_median, band.all_max,
       coalesce(band.all_n, 0) AS all_n,
       (SELECT count(*) FROM v_municipalities WHERE municipality_type = 'K') AS all_size
FROM years y LEFT JOIN own USING (year) LEFT JOIN riket USING (year)
LEFT JOIN cmp USING (year) LEFT JOIN band USING (year)
ORDER BY y.year
"""

PEERS_SQL = """
SELECT d.group_id, d.group_title, p.member_id, p.member
FROM v_default_peer_group d JOIN v_peer_groups p USING (group_id)
WHERE d.municipality_id = $kommun AND p.member_id <> $kommun
ORDER BY p.member
"""

# Kalmar, Bjurholm (few events, gaps), Stockholm; a group with the kommun itself in it, one
# with a kommun twice, an empty one; women, men and totals; a narrow span and a wide one.
CASES = [
    ("N07403", "0880", ("0980", "1281", "2480"), "T", 2010, 2025),
    ("N07403", "2403", ("0880", "0880", "2403"), "T", 1990, 2100),
    ("N15508", "0180", (), "K", 2015, 2020),
    ("N15419", "0880", ("0180", "1480"), "M", 2010, 2025),
    ("N07609", "1480", ("0180", "0880"), "T", 2010, 2025),
    ("U09808", "2403", ("0880", "0180"), "T", 2012, 2024),
    ("N01951", "0880", ("0180",), "T", 1990, 2100),
]


@pytest.mark.parametrize(("kpi", "kommun", "members", "gender", "lo", "hi"), CASES)
def test_series_equals_the_per_kommun_query(
    app_env: Path,
    db_con,
    kpi: str,
    kommun: str,
    members: tuple[str, ...],
    gender: str,
    lo: int,
    hi: int,
) -> None:
    params = {
        "kpi": kpi,
        "kommun": kommun,
        "members": list(members),
        "gender": gender,
        "year_from": lo,
        "year_to": hi,
    }
    expected = db_con.execute(SERIES_SQL, params).df()
    assert len(expected) > 0, kpi  # the case has data, so the comparison means something
    # DuckDB hands back an all-NULL text column as None objects, otherwise as str with NaN:
    # both mean "no status", and every reader goes through is_missing.
    expected["status"] = expected["status"].astype("str")
    got = queries.series(open_db(app_env), kpi, kommun, members, gender, lo, hi)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12)
    assert list(got.columns) == list(expected.columns)


def test_a_second_kommun_reads_nothing_new(app_env: Path) -> None:
    """The KPI is read once: the second kommun's series comes from the same cached read."""
    db = open_db(app_env)
    first = queries.kpi_years(db, "N07403", "T", 2010, 2025)
    queries.series(db, "N07403", "0880", ("0180",), "T", 2010, 2025)
    queries.series(db, "N07403", "2403", ("0180",), "T", 2010, 2025)
    assert queries.kpi_years(db, "N07403", "T", 2010, 2025) is first


@pytest.mark.parametrize("kommun", ["0880", "2403", "0180", "9999", "0000"])
def test_peer_group_equals_the_per_kommun_query(app_env: Path, db_con, kommun: str) -> None:
    expected = db_con.execute(PEERS_SQL, {"kommun": kommun}).df()
    got = sidebar_queries.peer_group(open_db(app_env), kommun)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    if kommun in ("0880", "2403", "0180"):
        assert len(got) > 0
