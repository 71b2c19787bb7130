-- Values of all kommuner for one KPI and year: where the kommun stands among its comparison
-- kommuner and among all kommuner (counts only; the page words it).
SELECT v.municipality_id, v.value
FROM v_kpi_values v
WHERE v.kpi_id = $kpi AND v.gender = 'T' AND v.year = $year AND v.municipality_type = 'K'
  AND v.value IS NOT NULL
