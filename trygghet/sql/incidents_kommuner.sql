-- The kommuner of the län the notices are loaded for.
SELECT kommun_id, kommun
FROM v_incident_kommuner
WHERE county_id = $county
ORDER BY kommun
