-- One KPI's total (gender T) rows for every kommun (type K) and year, suppressed rows included
-- (value NULL, status says why) so the Samband page can count who is left out and why.
SELECT v.municipality_id, v.year, v.value, v.status
FROM v_kpi_values v
WHERE v.kpi_id = $kpi AND v.gender = 'T' AND v.municipality_type = 'K'
ORDER BY v.municipality_id, v.year
