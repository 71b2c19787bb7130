-- Values of all kommuner for one KPI and year: where the kommun stands among its comparison
-- kommuner and among all kommuner (counts only; the page words it).
SELECT v.municipality_id, v.value
FROM kolada_value v
JOIN kolada_municipality m USING (municipality_id)
WHERE v.kpi_id = $kpi AND v.gender = 'T' AND v.year = $year AND m.type = 'K'
  AND v.value IS NOT NULL
