-- One KPI and year for every kommun (all 290, a kommun without a row gets a NULL value and
-- status) and for Riket: the map colours the kommuner, the ranking draws Riket as a line.
SELECT m.municipality_id, m.municipality, m.municipality_type,
       v.value,
       CASE WHEN v.municipality_id IS NULL THEN 'Unpublished' ELSE v.status END AS status
FROM v_municipalities m
LEFT JOIN v_kpi_values v
       ON v.municipality_id = m.municipality_id
      AND v.kpi_id = $kpi AND v.gender = $gender AND v.year = $year
WHERE m.municipality_type = 'K' OR m.municipality_id = '0000'
ORDER BY m.municipality_id
