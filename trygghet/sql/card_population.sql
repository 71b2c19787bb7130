-- The kommun's population (Kolada N01951, totals) per year: an overview card derives the
-- number of reported events behind a rate per 100 000 from it.
SELECT v.year::INTEGER AS year, v.value
FROM v_kpi_values v
WHERE v.kpi_id = 'N01951' AND v.municipality_id = $kommun AND v.gender = 'T'
  AND v.value IS NOT NULL
ORDER BY v.year
