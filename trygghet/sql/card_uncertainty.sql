-- Kolada's published uncertainty ("osäkerhetstal") of a survey KPI for the kommun, per year:
-- the largest distance from the estimate to its 95 % interval, which judges the change.
SELECT v.year::INTEGER AS year, v.value
FROM v_kpi_values v
WHERE v.kpi_id = $kpi AND v.municipality_id = $kommun AND v.gender = 'T'
  AND v.value IS NOT NULL
ORDER BY v.year
