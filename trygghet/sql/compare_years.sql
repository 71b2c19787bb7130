-- Years in the chosen range where at least one kommun has a value of the KPI, newest first:
-- the years the map and the ranking can be drawn for.
SELECT DISTINCT year::INTEGER AS year
FROM v_kpi_values
WHERE kpi_id = $kpi AND gender = $gender AND municipality_type = 'K' AND value IS NOT NULL
  AND year BETWEEN $year_from AND $year_to
ORDER BY year DESC
