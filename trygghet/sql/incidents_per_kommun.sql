-- Notices per kommun of the län in the period and categories, with the population
-- (Kolada N01951, total) of one given year; kommuner without notices get 0.
WITH counts AS (
    SELECT kommun_id, CAST(count(*) AS INTEGER) AS notices
    FROM v_incidents
    WHERE county_id = $county
      AND timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) >= $start
      AND timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) < $end
      AND list_contains($cats, category)
    GROUP BY kommun_id
)
SELECT k.kommun_id, k.kommun, coalesce(c.notices, 0) AS notices, p.value AS population
FROM v_incident_kommuner k
LEFT JOIN counts c ON c.kommun_id = k.kommun_id
LEFT JOIN v_kpi_values p
       ON p.municipality_id = k.kommun_id AND p.kpi_id = 'N01951' AND p.gender = 'T'
      AND p.year = $pop_year
WHERE k.county_id = $county
ORDER BY k.kommun
