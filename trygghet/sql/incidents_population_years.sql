-- Years in which Kolada has the population (N01951, total) of every kommun of the län.
SELECT p.year
FROM v_kpi_values p
JOIN v_incident_kommuner k ON k.kommun_id = p.municipality_id
WHERE k.county_id = $county AND p.kpi_id = 'N01951' AND p.gender = 'T' AND p.value IS NOT NULL
GROUP BY p.year
HAVING count(*) = (SELECT count(*) FROM v_incident_kommuner WHERE county_id = $county)
ORDER BY p.year
