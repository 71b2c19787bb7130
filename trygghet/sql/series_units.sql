-- One KPI over time, every unit's own rows (value, or the status saying why there is none);
-- the kommun's line and its comparison group's mean are read from these in Python.
SELECT v.municipality_id, v.year::INTEGER AS year, v.value, v.status
FROM v_kpi_values v
WHERE v.kpi_id = $kpi AND v.gender = $gender AND v.year BETWEEN $year_from AND $year_to
